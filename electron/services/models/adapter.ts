// The shape every provider adapter has: our rendered prompt in, one streaming SDK call, our events out.
import type { Prompt } from '../../../src-shared/model/prompt';
import type { ProviderKind } from '../../../src-shared/models/providers';
import type { RunSettings } from '../../../src-shared/models/runs';
import type { RenderOutput } from '../../../src-shared/render/renderPrompt';

/** Why a call failed, as the adapter saw it (messages are redacted later, outside adapters). */
export interface ProviderFailure {
  /** The HTTP status; null for a connection that failed or broke. */
  status: number | null;
  message: string;
  /** 429, 5xx and broken connections: worth trying again. */
  retryable: boolean;
  /** What the provider asked us to wait (`retry-after`), in milliseconds. */
  retryAfterMs: number | null;
  /** The caller cancelled the call. */
  aborted: boolean;
}

/** What an adapter streams: our own small event union, whatever the protocol. */
export type StreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'usage'; input_tokens?: number; output_tokens?: number }
  | { type: 'done'; finish_reason: string | null }
  | { type: 'error'; failure: ProviderFailure };

/** One call of an adapter. The key is handed to the SDK and nowhere else. */
export interface AdapterCall {
  baseUrl: string;
  apiKey: string | null;
  body: Record<string, unknown>;
  signal: AbortSignal;
}

/** One protocol: how to build its request body and how to stream it. */
export interface ProviderAdapter {
  /** The full request body for `model` (what the cache key hashes). */
  body(
    prompt: Prompt,
    output: RenderOutput,
    model: string,
    settings: RunSettings,
  ): Record<string, unknown>;
  /** Sends the body and yields events; ends after `done` or `error`, never throws. */
  stream(call: AdapterCall): AsyncIterable<StreamEvent>;
}

/** One adapter per kind: a new kind is a new row, and the compiler finds the places to extend. */
export type AdapterTable = Record<ProviderKind, ProviderAdapter>;

/** Milliseconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (value === undefined || value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The shape both SDKs give their HTTP errors. */
interface SdkApiError {
  status?: number | undefined;
  headers?: Headers | undefined;
  error?: unknown;
  message: string;
}

/**
 * Turns whatever an SDK threw into a failure. `abortClass` is the SDK's user-abort error;
 * `apiClass` its HTTP error base. Anything else (a reset socket, a cut stream) is a broken
 * connection, worth another try.
 */
export function failureOf(
  error: unknown,
  signal: AbortSignal,
  classes: SdkErrorClasses,
): ProviderFailure {
  if (signal.aborted || error instanceof classes.abort) {
    return {
      status: null,
      message: 'cancelled',
      retryable: false,
      retryAfterMs: null,
      aborted: true,
    };
  }
  if (error instanceof classes.api) {
    const api = error as SdkApiError;
    const status = typeof api.status === 'number' ? api.status : null;
    return {
      status,
      message: providerMessage(api),
      retryable:
        status === null || status === 408 || status === 409 || status === 429 || status >= 500,
      retryAfterMs: retryAfterMs(api.headers),
      aborted: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: null,
    message: `connection lost (${message})`,
    retryable: true,
    retryAfterMs: null,
    aborted: false,
  };
}

/** The provider's own message (`{"error":{"message"}}` in both protocols), else the SDK's. */
function providerMessage(error: SdkApiError): string {
  const body = error.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const inner = body?.error?.message ?? body?.message;
  if (typeof inner === 'string' && inner.trim() !== '') return inner;
  return error.message;
}

/** An SDK's error classes: its user-abort error and its HTTP error base. */
export interface SdkErrorClasses {
  abort: abstract new (...args: never[]) => unknown;
  api: abstract new (...args: never[]) => unknown;
}

/**
 * Runs an adapter's reading loop (which yields deltas and usage and returns the finish
 * reason) and ends it the same way for every SDK: `done`, or one `error` event, never a throw.
 */
export async function* guarded(
  read: () => AsyncGenerator<StreamEvent, string | null>,
  signal: AbortSignal,
  classes: SdkErrorClasses,
): AsyncGenerator<StreamEvent> {
  let finish: string | null;
  try {
    finish = yield* read();
  } catch (error) {
    yield { type: 'error', failure: failureOf(error, signal, classes) };
    return;
  }
  yield { type: 'done', finish_reason: finish };
}

/**
 * Reuses SDK clients per base URL and key (building one costs more than a local call's whole
 * overhead). Held in memory only, at most 16, the oldest dropped first.
 */
export function clientCache<T>(
  make: (baseUrl: string, apiKey: string | null) => T,
): (baseUrl: string, apiKey: string | null) => T {
  const clients = new Map<string, T>();
  return (baseUrl, apiKey) => {
    const name = `${baseUrl}\n${apiKey ?? ''}`;
    let client = clients.get(name);
    if (client === undefined) {
      client = make(baseUrl, apiKey);
      clients.set(name, client);
      if (clients.size > 16) clients.delete(clients.keys().next().value as string);
    }
    return client;
  };
}
