// The read API for applications (`pwb serve --api`): fetch a prompt by label or version with an
// ETag, or render it, behind API keys. Answers come from an in-process cache that is dropped
// whenever the library changes (SQLite's data_version; PostgreSQL's NOTIFY), so a label move
// shows at once.
import { createHash } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PROVIDERS } from '../../src-shared/contract/dto';
import type { ExportResult, Provider, RenderResult } from '../../src-shared/contract/dto';
import type { PromptRef } from '../../src-shared/contract/operations';
import { AppError, toAppError, type ErrorCode } from '../../src-shared/errors';
import type { Prompt } from '../../src-shared/model/prompt';
import { isPlainRecord } from '../../src-shared/plainData';

/** Formats a render may ask for: the plain render, or a provider's payload. */
export const RENDER_FORMATS = ['text', ...PROVIDERS] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** The label an application gets when it names none. */
export const DEFAULT_LABEL = 'production';

/** Largest request body accepted (variables of one render). */
const MAX_BODY_BYTES = 1024 * 1024;

/** A value now, or later: SQLite's services answer at once, PostgreSQL's after a round trip. */
type Answer<T> = T | Promise<T>;

/** What the read API reads through (SQLite's services or a PostgreSQL library). */
export interface ReadApiDeps {
  prompts: { get(id: string, version?: string): Answer<Prompt> };
  labels: {
    resolve(id: string, label: string): Answer<string>;
    list(id: string): Answer<{ label: string; version: string }[]>;
  };
  keys: { verify(secret: string): Answer<string | null> };
  render: {
    render(ref: PromptRef, variables: Record<string, unknown>): Answer<RenderResult>;
    export(
      ref: PromptRef,
      provider: Provider,
      variables: Record<string, unknown>,
    ): Answer<ExportResult>;
  };
  /**
   * A stamp that changes whenever the library changes (SQLite: `libraryStamp`; PostgreSQL: a
   * count of NOTIFYs heard, with the second, so a lost notification costs at most a second).
   * Cached documents and key checks are dropped when it changes.
   */
  libraryVersion: () => string;
}

/** Where and how the read API listens. */
export interface ReadApiOptions {
  host: string;
  port?: number;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** A running read API. */
export interface ReadApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 422,
  template_syntax: 422,
  template_render: 422,
  schema_violation: 422,
  export_rule: 422,
  too_large: 413,
};

/** Serves the read API until closed. */
export async function startReadApi(deps: ReadApiDeps, options: ReadApiOptions): Promise<ReadApi> {
  const documents = new DocumentCache(deps);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, deps, documents).catch((error: unknown) => {
      sendError(res, toAppError(error));
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createHttpServer(handler);
  // A slow or idle client must not hold a socket for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${scheme}://${shown}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ReadApiDeps,
  documents: DocumentCache,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://api.invalid');
  const match = /^\/v1\/prompts\/([^/]+)(\/render)?$/.exec(url.pathname);
  if (!match) throw new AppError('not_found', `No such endpoint: ${url.pathname.slice(0, 80)}`);
  const secret = bearer(req.headers.authorization);
  if (secret === null || (await documents.verify(secret)) === null) {
    throw new AppError('unauthorized', 'A valid API key is required: Authorization: Bearer KEY');
  }
  const id = decodeURIComponent(match[1] ?? '');
  if (match[2] === undefined) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(res, 'GET');
    const selector = selectorOf(url.searchParams.get('label'), url.searchParams.get('version'));
    const entry = await documents.get(id, selector);
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, { etag: entry.etag }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        etag: entry.etag,
        'cache-control': 'no-cache',
      })
      .end(req.method === 'HEAD' ? undefined : entry.body);
    return;
  }
  if (req.method !== 'POST') throw methodNotAllowed(res, 'POST');
  const body = await readJson(req);
  const selector = selectorOf(optionalText(body, 'label'), optionalText(body, 'version'));
  const variables = body['variables'] ?? {};
  if (!isPlainRecord(variables)) {
    throw new AppError('invalid_input', 'variables must be a JSON object');
  }
  const format = body['format'] ?? 'text';
  if (typeof format !== 'string' || !(RENDER_FORMATS as readonly string[]).includes(format)) {
    throw new AppError('invalid_input', `format must be one of ${RENDER_FORMATS.join(', ')}`);
  }
  const version = await documents.versionOf(id, selector);
  const ref = { id, version };
  const output =
    format === 'text'
      ? plainOutput(await deps.render.render(ref, variables))
      : (await deps.render.export(ref, format as Provider, variables)).payload;
  sendJson(res, 200, { id, version, format, output });
}

/** How a request names a version: a label, a version, or neither (production, else current). */
type Selector = { label: string } | { version: string } | { fallback: true };

function selectorOf(
  label: string | null | undefined,
  version: string | null | undefined,
): Selector {
  if (label && version) {
    throw new AppError('invalid_input', 'Name a label or a version, not both');
  }
  if (label) return { label };
  if (version) return { version };
  return { fallback: true };
}

function plainOutput(result: RenderResult): unknown {
  return result.kind === 'chat' ? result.messages : result.text;
}

interface CachedDocument {
  version: string;
  body: string;
  etag: string;
}

/**
 * Documents by (id, selector) and the keys checked, dropped as a whole when the library changes.
 * An answer read while the library changed is served but not kept.
 */
class DocumentCache {
  private entries = new Map<string, CachedDocument>();
  private keys = new Map<string, string | null>();
  private seen = '';

  constructor(private readonly deps: ReadApiDeps) {}

  /** The stamp now, after dropping everything kept under an older one. */
  private fresh(): string {
    const current = this.deps.libraryVersion();
    if (current !== this.seen) {
      this.entries.clear();
      this.keys.clear();
      this.seen = current;
    }
    return current;
  }

  /** The name of the live key `secret` is, or null. */
  async verify(secret: string): Promise<string | null> {
    const stamp = this.fresh();
    const known = this.keys.get(secret);
    if (known !== undefined) return known;
    const name = await this.deps.keys.verify(secret);
    // Unknown secrets are not kept: a stream of guesses must not grow the map.
    if (name !== null && stamp === this.seen && this.keys.size < 1_000) this.keys.set(secret, name);
    return name;
  }

  async get(id: string, selector: Selector): Promise<CachedDocument> {
    const stamp = this.fresh();
    const key = JSON.stringify([id, selector]);
    const cached = this.entries.get(key);
    if (cached) return cached;
    const version = await this.resolve(id, selector);
    const prompt = await this.deps.prompts.get(id, version);
    // Exactly what `pwb show ID --json` prints.
    const body = `${JSON.stringify(prompt, null, 2)}\n`;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry = { version: prompt.version, body, etag };
    if (stamp !== this.fresh()) return entry;
    if (this.entries.size > 5_000) this.entries.clear();
    this.entries.set(key, entry);
    return entry;
  }

  async versionOf(id: string, selector: Selector): Promise<string> {
    return (await this.get(id, selector)).version;
  }

  private async resolve(id: string, selector: Selector): Promise<string | undefined> {
    if ('label' in selector) return this.deps.labels.resolve(id, selector.label);
    if ('version' in selector) return selector.version;
    const labels = await this.deps.labels.list(id);
    return labels.find((entry) => entry.label === DEFAULT_LABEL)?.version;
  }
}

function bearer(header: string | undefined): string | null {
  if (!header || !header.startsWith('Bearer ')) return null;
  const secret = header.slice('Bearer '.length).trim();
  return secret === '' ? null : secret;
}

function optionalText(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AppError('invalid_input', `${key} must be text`);
  return value;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    throw new AppError('too_large', `The request body is over ${MAX_BODY_BYTES} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new AppError('too_large', `The request body is over ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON');
  }
  if (!isPlainRecord(value))
    throw new AppError('invalid_input', 'The request body must be a JSON object');
  return value;
}

function methodNotAllowed(res: ServerResponse, allowed: string): AppError {
  res.setHeader('allow', allowed);
  return new AppError('invalid_input', `Use ${allowed} here`, { status: 405 });
}

function sendError(res: ServerResponse, error: AppError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const explicit = error.details?.['status'];
  const status = typeof explicit === 'number' ? explicit : (STATUS[error.code] ?? 500);
  const message = error.code === 'internal' ? 'An unexpected error occurred.' : error.message;
  sendJson(res, status, { error: { code: error.code, message } });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    .end(`${JSON.stringify(value)}\n`);
}
