// Transports of the page: the Electron preload bridge or HTTP to `pwb serve`, chosen at start.
import type { Outcome } from '../../src-shared/errors';
import type { OperationName } from '../../src-shared/contract/operations';

/** Sends one contract call and returns its outcome (never throws for application errors). */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(name: OperationName, request: unknown): Promise<Outcome<unknown>>;
}

type Bridge = Record<string, (request: unknown) => Promise<Outcome<unknown>>>;

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
  };
}

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
          error: { code: 'internal', message: 'The workbench server is not reachable.' },
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
