// Transports of the page: the Electron preload bridge or HTTP to `pwb serve`, chosen at start.
import type { Outcome } from '../../src-shared/errors';
import type { OperationName } from '../../src-shared/contract/operations';
import {
  EVENTS_PATH,
  isEvalJobEvent,
  isLibraryChangeEvent,
  isProgressEvent,
  isRunJobEvent,
} from '../../src-shared/contract/events';
import type {
  EvalEventListener,
  LibraryChangeListener,
  ProgressListener,
  RunEventListener,
} from '../../src-shared/contract/events';

/** Sends one contract call and returns its outcome (never throws for application errors). */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(name: OperationName, request: unknown): Promise<Outcome<unknown>>;
  /**
   * Listens to progress events until the returned function is called. Resolves once events
   * will arrive (or, if the event channel cannot open, with nothing to stop: progress is a
   * nicety, never a reason for a job to fail).
   */
  subscribe?(listener: ProgressListener): Promise<() => void>;
  /** Listens to evaluation events (`runEvaluation` with a job), as `subscribe` does progress. */
  subscribeEval?(listener: EvalEventListener): Promise<() => void>;
  /** Listens to model-run events (`runPrompt` with a job), as `subscribe` does progress. */
  subscribeRun?(listener: RunEventListener): Promise<() => void>;
  /**
   * Listens to changes of the library by any client, as `subscribe` does progress. `closed` is
   * called (once, later) when the stream could not open or ended without being stopped.
   */
  subscribeLibrary?(listener: LibraryChangeListener, closed?: () => void): Promise<() => void>;
}

type Bridge = Record<string, (request: unknown) => Promise<Outcome<unknown>>> & {
  onProgress?: (listener: (event: unknown) => void) => () => void;
  onEvalEvent?: (listener: (event: unknown) => void) => () => void;
  onRunEvent?: (listener: (event: unknown) => void) => () => void;
  onLibraryEvent?: (listener: (event: unknown) => void) => () => void;
};

const nothingToStop = (): void => undefined;

/** Passes on only well-formed events: whatever crosses a boundary is checked. */
const checked =
  (listener: ProgressListener) =>
  (event: unknown): void => {
    if (isProgressEvent(event)) listener(event);
  };

/** Passes on only well-formed evaluation events. */
const checkedEval =
  (listener: EvalEventListener) =>
  (event: unknown): void => {
    if (isEvalJobEvent(event)) listener(event);
  };

/** Passes on only well-formed model-run events. */
const checkedRun =
  (listener: RunEventListener) =>
  (event: unknown): void => {
    if (isRunJobEvent(event)) listener(event);
  };

/** Passes on only well-formed library changes. */
const checkedLibrary =
  (listener: LibraryChangeListener) =>
  (event: unknown): void => {
    if (isLibraryChangeEvent(event)) listener(event);
  };

/** The bridge the preload exposes, when running inside Electron. */
function electronBridge(): Bridge | undefined {
  const candidate = (globalThis as { pwb?: unknown }).pwb;
  return candidate && typeof candidate === 'object' ? (candidate as Bridge) : undefined;
}

/** A transport over the preload's `window.pwb`. */
export function ipcTransport(bridge: Bridge): Transport {
  return {
    kind: 'ipc',
    call: async (name, request) => {
      const method = bridge[name];
      if (!method) {
        return { ok: false, error: { code: 'internal', message: `Bridge lacks ${name}` } };
      }
      return method(request);
    },
    subscribe: async (listener) =>
      bridge.onProgress ? bridge.onProgress(checked(listener)) : nothingToStop,
    subscribeEval: async (listener) =>
      bridge.onEvalEvent ? bridge.onEvalEvent(checkedEval(listener)) : nothingToStop,
    subscribeRun: async (listener) =>
      bridge.onRunEvent ? bridge.onRunEvent(checkedRun(listener)) : nothingToStop,
    subscribeLibrary: async (listener) =>
      bridge.onLibraryEvent ? bridge.onLibraryEvent(checkedLibrary(listener)) : nothingToStop,
  };
}

/** The names of the events on the browser-mode stream. */
type EventName = 'progress' | 'eval' | 'run' | 'library';

/** Hands each event named `name` of a server-sent event stream to `deliver`, frame by frame. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  name: EventName,
  deliver: (event: unknown) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    pending += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const frame = pending.slice(0, end).split('\n');
      pending = pending.slice(end + 2);
      if (!frame.includes(`event: ${name}`)) continue;
      const data = frame.find((line) => line.startsWith('data: '));
      try {
        if (data) deliver(JSON.parse(data.slice('data: '.length)));
      } catch {
        /* a malformed frame is skipped, the stream goes on */
      }
    }
  }
}

/**
 * Opens the server's event stream with the same bearer token as every call (a fetch, not an
 * EventSource, which could only carry the token in the URL). `closed` hears (after this
 * resolves) that the stream could not open or ended without being stopped.
 */
async function subscribeHttp(
  token: string,
  base: string,
  name: EventName,
  deliver: (event: unknown) => void,
  closed?: () => void,
): Promise<() => void> {
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  const failed = (): (() => void) => {
    stop();
    if (closed) setTimeout(closed, 0);
    return nothingToStop;
  };
  try {
    const response = await fetch(`${base}${EVENTS_PATH}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) return failed();
    // The server registers the stream before it answers, so from here no event is missed.
    readEvents(response.body, name, deliver)
      .catch(() => undefined)
      .finally(() => {
        if (!abort.signal.aborted) closed?.();
      });
    return stop;
  } catch {
    return failed();
  }
}

/** What a call says when no answer came back from the server. */
export const UNREACHABLE = 'The workbench server is not reachable.';

/** A transport over HTTP with the bearer token of this run. */
export function httpTransport(token: string, base = ''): Transport {
  return {
    kind: 'http',
    call: async (name, request) => {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(request ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: { code: 'internal', message: UNREACHABLE },
        };
      }
      try {
        return (await response.json()) as Outcome<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'internal', message: `The server answered ${response.status}.` },
        };
      }
    },
    subscribe: (listener) => subscribeHttp(token, base, 'progress', checked(listener)),
    subscribeEval: (listener) => subscribeHttp(token, base, 'eval', checkedEval(listener)),
    subscribeRun: (listener) => subscribeHttp(token, base, 'run', checkedRun(listener)),
    subscribeLibrary: (listener, closed) =>
      subscribeHttp(token, base, 'library', checkedLibrary(listener), closed),
  };
}

const TOKEN_KEY = 'pwb.token';

/** Takes the access token from the URL (then hides it from the address bar) or the session. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

/** Picks the transport: the Electron bridge when present, else HTTP with the page's token. */
export function pickTransport(): Transport {
  const bridge = electronBridge();
  if (bridge) return ipcTransport(bridge);
  const token = takeToken(window.location, window.history, window.sessionStorage);
  return httpTransport(token ?? '');
}
