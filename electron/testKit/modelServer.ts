// Test kit: a local server on port 0 that speaks OpenAI chat completions and Anthropic messages
// (streaming SSE with usage, and plain JSON) as the official SDKs expect, with scripted failures.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does with one request; unscripted requests get an echo answer. */
export type ScriptedReply =
  | {
      kind: 'answer';
      /** The answer's text (default: the echo of the last user message). */
      text?: string;
      /** Milliseconds before the first token (after the server's fixed latency). */
      firstTokenDelayMs?: number;
      /** Milliseconds between two chunks. */
      chunkDelayMs?: number;
      usage?: { input: number; output: number };
      /**
       * Each chunk's text becomes the wall-clock time it was written, `⟦epoch ms⟧ `
       * (`performance.timeOrigin + performance.now()`), so a reader can time its way to a page.
       */
      stampChunks?: boolean;
    }
  | {
      kind: 'error';
      status: number;
      message?: string;
      /** Sent as `retry-after` (seconds). */
      retryAfter?: number;
    }
  /** Sends `afterChunks` chunks, then destroys the connection (a stream cut in the middle). */
  | { kind: 'cut'; afterChunks: number }
  /** Sends `afterChunks` chunks, then stays silent until the client goes away. */
  | { kind: 'stall'; afterChunks: number };

/** One request as the server saw it. */
export interface SeenRequest {
  protocol: 'openai' | 'anthropic';
  path: string;
  /** The key the client sent (x-api-key or the bearer token), null when none. */
  key: string | null;
  body: Record<string, unknown>;
}

/** Options of the server. */
export interface ModelServerOptions {
  /** When set, any other key is refused with 401 (OpenAI's wording echoes a masked key). */
  apiKey?: string;
  /** A fixed delay before every answer starts (benches), in milliseconds. */
  latencyMs?: number;
}

/** A running server. */
export interface ModelServer {
  /** `http://127.0.0.1:PORT`: the Anthropic SDK's base URL. */
  url: string;
  /** `http://127.0.0.1:PORT/v1`: the OpenAI SDK's base URL. */
  openaiUrl: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** The most requests that were in flight at once. */
  maxInFlight(): number;
  /** Queues replies for the next requests, in order. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

/** The answer an unscripted request gets: `echo: ` and the last user message. */
export function echoAnswer(body: Record<string, unknown>): string {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  const users = messages.filter(
    (message): message is { role: string; content: unknown } =>
      typeof message === 'object' &&
      message !== null &&
      (message as { role?: unknown }).role === 'user',
  );
  const last = users[users.length - 1];
  return `echo: ${textOf(last?.content)}`;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part as { text?: unknown }).text)
      .filter((text): text is string => typeof text === 'string')
      .join('');
  }
  return '';
}

/** Tokens as this server counts them: whitespace-separated words. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function inputText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  const system = typeof body['system'] === 'string' ? body['system'] : '';
  return [system, ...messages.map((m) => textOf((m as { content?: unknown }).content))].join(' ');
}

/** The answer split into chunks of one word each (spaces kept), as tokens arrive. */
function chunksOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Milliseconds since the epoch, with the fraction the monotonic clock gives. */
const wallClockMs = (): number => performance.timeOrigin + performance.now();

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function keyOf(request: IncomingMessage): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return null;
}

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

function sendError(
  response: ServerResponse,
  protocol: SeenRequest['protocol'],
  status: number,
  message: string,
  retryAfter?: number,
): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  const body =
    protocol === 'openai'
      ? { error: { message, type: errorType(status), code: null, param: null } }
      : { type: 'error', error: { type: errorType(status), message } };
  response.writeHead(status, headers);
  response.end(JSON.stringify(body));
}

/** OpenAI's way of naming a wrong key: only a masked fragment of it. */
function maskedKey(key: string | null): string {
  if (key === null) return 'none';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

interface Answer {
  text: string;
  usage: { input: number; output: number };
  model: string;
}

/** The SSE events (or the JSON body) of one answer, per protocol. */
const formats = {
  openai: {
    events(answer: Answer): { head: string[]; chunk: (t: string) => string; tail: string[] } {
      const base = {
        id: 'chatcmpl-local',
        object: 'chat.completion.chunk',
        created: 1,
        model: answer.model,
      };
      const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
      return {
        head: [
          data({
            ...base,
            choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
          }),
        ],
        chunk: (text) =>
          data({ ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] }),
        tail: [
          data({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
          data({
            ...base,
            choices: [],
            usage: {
              prompt_tokens: answer.usage.input,
              completion_tokens: answer.usage.output,
              total_tokens: answer.usage.input + answer.usage.output,
            },
          }),
          'data: [DONE]\n\n',
        ],
      };
    },
    json(answer: Answer): unknown {
      return {
        id: 'chatcmpl-local',
        object: 'chat.completion',
        created: 1,
        model: answer.model,
        choices: [
          { index: 0, message: { role: 'assistant', content: answer.text }, finish_reason: 'stop' },
        ],
        usage: {
          prompt_tokens: answer.usage.input,
          completion_tokens: answer.usage.output,
          total_tokens: answer.usage.input + answer.usage.output,
        },
      };
    },
  },
  anthropic: {
    events(answer: Answer): { head: string[]; chunk: (t: string) => string; tail: string[] } {
      const event = (type: string, value: Record<string, unknown>): string =>
        `event: ${type}\ndata: ${JSON.stringify({ type, ...value })}\n\n`;
      return {
        head: [
          event('message_start', {
            message: {
              id: 'msg_local',
              type: 'message',
              role: 'assistant',
              content: [],
              model: answer.model,
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: answer.usage.input, output_tokens: 1 },
            },
          }),
          event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
          event('ping', {}),
        ],
        chunk: (text) =>
          event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
        tail: [
          event('content_block_stop', { index: 0 }),
          event('message_delta', {
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: answer.usage.output },
          }),
          event('message_stop', {}),
        ],
      };
    },
    json(answer: Answer): unknown {
      return {
        id: 'msg_local',
        type: 'message',
        role: 'assistant',
        model: answer.model,
        content: [{ type: 'text', text: answer.text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: answer.usage.input, output_tokens: answer.usage.output },
      };
    },
  },
};

/** Starts the server on 127.0.0.1, port 0. */
export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: SeenRequest[] = [];
  const queue: ScriptedReply[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const protocol =
      path === '/v1/chat/completions' ? 'openai' : path === '/v1/messages' ? 'anthropic' : null;
    const text = await readBody(request);
    if (request.method !== 'POST' || protocol === null) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `No route ${request.method} ${path}` } }));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      sendError(response, protocol, 400, 'The body is not JSON');
      return;
    }
    const key = keyOf(request);
    requests.push({ protocol, path, key, body });
    const reply = queue.shift() ?? { kind: 'answer' };
    await sleep(options.latencyMs ?? 0);
    if (options.apiKey !== undefined && key !== options.apiKey) {
      const message =
        protocol === 'openai'
          ? `Incorrect API key provided: ${maskedKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`
          : 'invalid x-api-key';
      sendError(response, protocol, 401, message);
      return;
    }
    if (reply.kind === 'error') {
      sendError(
        response,
        protocol,
        reply.status,
        reply.message ?? `Scripted ${reply.status}`,
        reply.retryAfter,
      );
      return;
    }
    const answerText =
      reply.kind === 'answer' && reply.text !== undefined ? reply.text : echoAnswer(body);
    const answer: Answer = {
      text: answerText,
      model: typeof body['model'] === 'string' ? body['model'] : 'unknown',
      usage:
        reply.kind === 'answer' && reply.usage
          ? reply.usage
          : { input: wordCount(inputText(body)), output: wordCount(answerText) },
    };
    const format = formats[protocol];
    if (body['stream'] !== true) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(format.json(answer)));
      return;
    }
    const chunks = chunksOf(answer.text);
    const events = format.events(answer);
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    for (const line of events.head) response.write(line);
    if (reply.kind === 'answer') await sleep(reply.firstTokenDelayMs ?? 0);
    for (const [index, chunk] of chunks.entries()) {
      if ((reply.kind === 'cut' || reply.kind === 'stall') && index >= reply.afterChunks) break;
      if (response.destroyed) return;
      const stamp = reply.kind === 'answer' && reply.stampChunks === true;
      response.write(events.chunk(stamp ? `⟦${wallClockMs().toFixed(3)}⟧ ` : chunk));
      if (reply.kind === 'answer' && index < chunks.length - 1)
        await sleep(reply.chunkDelayMs ?? 0);
    }
    if (reply.kind === 'cut') {
      // Flush what was written, then drop the connection without ending the stream.
      await sleep(20);
      response.socket?.destroy();
      return;
    }
    if (reply.kind === 'stall') {
      await new Promise<void>((resolve) => response.on('close', resolve));
      return;
    }
    for (const line of events.tail) response.write(line);
    response.end();
  };

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    response.on('close', done);
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiUrl: `${url}/v1`,
    requests,
    maxInFlight: () => maxInFlight,
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
