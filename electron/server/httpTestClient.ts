// Test kit for the HTTP server: one raw request to a local port, answered in full and timed.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';

/** What came back from one request. */
export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Milliseconds from sending to the end of the answer. */
  ms: number;
}

/** One request to send as is: no headers are added. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send `body` with chunked transfer encoding, in 1 MiB writes. */
  chunked?: boolean;
}

const CHUNK_BYTES = 1024 * 1024;

/** Sends `options` to 127.0.0.1:`port` and collects the whole answer. */
export function rawRequest(port: number, options: RawRequest): Promise<RawReply> {
  const started = performance.now();
  const headers = { ...options.headers };
  if (options.chunked) headers['transfer-encoding'] = 'chunked';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    // The server may answer (413) and stop reading before the whole body is sent.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    const { body } = options;
    if (options.chunked && body !== undefined && typeof body !== 'string') {
      for (let at = 0; at < body.length; at += CHUNK_BYTES) {
        req.write(body.subarray(at, at + CHUNK_BYTES));
      }
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A running server as the page knows it: where it listens and its session token. */
export interface ServerAddress {
  port: number;
  token: string;
}

/**
 * POSTs `body` to /api/`method` with the headers our page sends (token, JSON, our Host);
 * `options.headers` add to or replace them.
 */
export function callApi(
  server: ServerAddress,
  method: string,
  body: string | Buffer,
  options: { headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<RawReply> {
  return rawRequest(server.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/json',
      host: `127.0.0.1:${server.port}`,
      ...options.headers,
    },
    body,
    chunked: options.chunked,
  });
}

/** An open event stream (`/api/events`): its status and text, waits for text in it, close. */
export interface OpenEventStream {
  status: number;
  /** Everything received so far. */
  text(): string;
  /** Resolves with the first match of `pattern` in the text (rejects after `ms`, if given). */
  until(pattern: RegExp, ms?: number): Promise<string>;
  close(): void;
}

/**
 * Opens the server's event stream with the page's token (`headers` add to or replace the page's
 * own); resolves once the server answers.
 */
export function openEventStream(
  server: ServerAddress,
  headers: Record<string, string> = {},
): Promise<OpenEventStream> {
  const { port, token } = server;
  return new Promise((resolveOpen, reject) => {
    let text = '';
    const waiters: (() => void)[] = [];
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/events',
        headers: { authorization: `Bearer ${token}`, host: `127.0.0.1:${port}`, ...headers },
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          for (const wake of waiters.splice(0)) wake();
        });
        resolveOpen({
          status: res.statusCode ?? 0,
          text: () => text,
          until: (pattern, ms) =>
            new Promise((resolveText, fail) => {
              const timer =
                ms === undefined
                  ? undefined
                  : setTimeout(() => fail(new Error(`no ${pattern} in: ${text}`)), ms);
              const check = (): void => {
                const found = pattern.exec(text);
                if (!found) return void waiters.push(check);
                clearTimeout(timer);
                resolveText(found[0]);
              };
              check();
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    req.end();
  });
}

/**
 * The data of every complete `event: <name>` frame in an event stream's text (`text()` of an
 * open stream) that `guard` accepts, in order.
 */
export function sseEvents<T>(
  text: string,
  name: string,
  guard: (value: unknown) => value is T,
): T[] {
  const head = `event: ${name}\n`;
  return text
    .split('\n\n')
    .slice(0, -1)
    .filter((frame) => frame.startsWith(head))
    .map((frame): unknown => JSON.parse(frame.split('\ndata: ')[1] ?? 'null'))
    .filter(guard);
}
