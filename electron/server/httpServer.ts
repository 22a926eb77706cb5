// Browser mode: serves the built page, the contract as POST /api/<method> and progress events.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Dispatcher } from '../services/dispatch';
import { EVENTS_PATH } from '../../src-shared/contract/events';
import type { LibraryChangeEvent } from '../../src-shared/contract/events';
import { CHECK_CONNECTIONS_MS, limitConnections, type ConnectionLimits } from './connections';
import { createEventStreams } from './eventStream';
import { nestsDeeperThan } from './jsonDepth';
import type { EventStreams } from './eventStream';
import { STORAGE_FAULTS } from '../../src-shared/errors';
import type { ErrorCode, Outcome } from '../../src-shared/errors';
import {
  DEFAULT_HOST,
  hostWithPort,
  isLoopbackHost,
  CONTENT_SECURITY_POLICY,
  hasValidToken,
  isAllowedHost,
  isAllowedOrigin,
  newToken,
} from './security';

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/**
 * Deepest nesting of a request body accepted at the door, checked before JSON.parse builds
 * it. Generous: the readers inside refuse data past 64 levels with a message naming the field.
 */
export const MAX_JSON_DEPTH = 256;

/** Options for the browser-mode server. */
export interface ServerOptions {
  dispatcher: Dispatcher;
  /** Folder of the built page (index.html + assets); when absent only the API is served. */
  staticDir?: string;
  port?: number;
  host?: string;
  token?: string;
  /** How often an open event stream gets a heartbeat comment, in ms (default 15 s). */
  heartbeatMs?: number;
  /** Timeouts and the connection cap (defaults suit the page; tests shorten them). */
  limits?: ConnectionLimits;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** Sends a team library's change to every open event stream. */
  broadcast(event: LibraryChangeEvent): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  template_syntax: 422,
  template_render: 422,
  schema_violation: 422,
  export_rule: 422,
  provider_error: 502,
  cancelled: 499,
  busy: 503,
  read_only: 409,
  disk_full: 507,
  corrupt: 500,
  // The team library's server cannot be reached (a lost connection): the page retries.
  unavailable: 503,
  internal: 500,
};

/** Seconds a client is asked to wait before retrying a call that met a busy library. */
const RETRY_AFTER_S = 1;

/**
 * HTTP status of a dispatched call. This is an RPC API: an application error (a schema
 * violation in a preview, a conflict on save) is a normal answer carried in the body with 200,
 * so the page's console stays quiet; only refusals of the request itself (unknown operation,
 * a request that breaks the contract), storage faults (busy 503 with Retry-After, read-only
 * 409, disk full 507, corrupt 500) and internal failures get an error status.
 */
function statusOf(outcome: Outcome<unknown>): number {
  if (outcome.ok) return 200;
  const stage = outcome.error.details?.['stage'];
  const { code } = outcome.error;
  if (stage === 'request' || code === 'internal' || STORAGE_FAULTS.includes(code)) {
    return STATUS[code];
  }
  return 200;
}

function send(res: ServerResponse, status: number, body: Outcome<unknown>): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (!body.ok && (body.error.code === 'busy' || body.error.code === 'unavailable')) {
    headers['retry-after'] = String(RETRY_AFTER_S);
  }
  res.writeHead(status, headers);
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  send(res, status, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      resolveBody('too_large');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(over ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  options: { dispatcher: Dispatcher; token: string; port: () => number; streams: EventStreams },
): Promise<void> {
  // The token comes first: without it, nothing else is looked at.
  if (!hasValidToken(req.headers.authorization, options.token)) {
    refuse(res, 401, 'unauthorized', 'Missing or wrong access token.');
    return;
  }
  if (!isAllowedHost(req.headers.host, options.port())) {
    refuse(res, 403, 'forbidden', 'Host not allowed.');
    return;
  }
  if (!isAllowedOrigin(req.headers.origin, options.port())) {
    refuse(res, 403, 'forbidden', 'Origin not allowed.');
    return;
  }
  const pathname = new URL(req.url ?? '/', 'http://x').pathname;
  if (pathname === EVENTS_PATH) {
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      refuse(res, 405, 'invalid_input', 'Use GET for the event stream.');
      return;
    }
    options.streams.open(req, res);
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    refuse(res, 405, 'invalid_input', 'Use POST.');
    return;
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    refuse(res, 415, 'invalid_input', 'Send the request as application/json.');
    return;
  }
  const method = decodeURIComponent(pathname.slice(5));
  const body = await readBody(req);
  if (body === 'too_large') {
    refuse(res, 413, 'too_large', `Request body over ${MAX_BODY_BYTES} bytes.`);
    return;
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    refuse(res, 413, 'too_large', `The request nests deeper than ${MAX_JSON_DEPTH} levels.`);
    return;
  }
  let request: unknown;
  try {
    request = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    refuse(res, 400, 'invalid_input', 'The request body is not valid JSON.');
    return;
  }
  const outcome = await options.dispatcher.dispatch(method, request, {
    onProgress: (event) => options.streams.broadcast(event),
    onRunEvent: (event) => options.streams.broadcast(event),
    onEvalEvent: (event) => options.streams.broadcast(event),
  });
  send(res, statusOf(outcome), outcome);
}

/** Vite names a built asset `<name>-<content hash>.<ext>`: under that name it never changes. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/**
 * The page itself is never cached (it carries the CSP); hashed assets are cached for good, so a
 * reload reads them, and the code V8 compiled from them, from the cache instead of asking again.
 */
function cacheControl(file: string): string {
  if (file.endsWith('.html')) return 'no-store';
  return HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
}

async function handleStatic(
  req: IncomingMessage,
  res: ServerResponse,
  staticDir: string | undefined,
  port: number,
): Promise<void> {
  if (!isAllowedHost(req.headers.host, port)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Host not allowed.');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!staticDir) {
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end('The page is not built: run npm run build.');
    return;
  }
  const root = resolve(staticDir);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const info = await stat(file);
    const target = info.isFile() ? file : join(root, 'index.html');
    const content = await readFile(target);
    const headers: Record<string, string> = {
      'content-type': MIME[extname(target)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': cacheControl(target),
    };
    if (target.endsWith('.html')) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : content);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.');
  }
}

/** Starts the server on loopback; resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host)) {
    throw new Error(`Refusing to listen on ${host}: browser mode serves loopback only.`);
  }
  let port = options.port ?? 0;
  const streams = createEventStreams(
    options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs },
  );
  const server: Server = createServer(
    { connectionsCheckingInterval: CHECK_CONNECTIONS_MS },
    (req, res) => {
      const path = req.url ?? '/';
      const work = path.startsWith('/api/')
        ? handleApi(req, res, { dispatcher: options.dispatcher, token, port: () => port, streams })
        : handleStatic(req, res, options.staticDir, port);
      work.catch(() => {
        if (!res.headersSent) refuse(res, 500, 'internal', 'An unexpected error occurred.');
        else res.end();
      });
    },
  );
  limitConnections(server, options.limits);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  if (address && typeof address === 'object') port = address.port;
  return {
    url: `http://${hostWithPort(host, port)}/?token=${token}`,
    port,
    token,
    broadcast: (event) => streams.broadcast(event),
    close: () =>
      new Promise<void>((resolveClose) => {
        streams.closeAll();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
