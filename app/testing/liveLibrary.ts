// Test kit: a real library (SQLite file in a temp dir) behind the real HTTP server, per test.
// It runs only in Node under vitest, never in the page: app/testing is type-checked with the
// page's tests (tsconfig.apptests.json) and left out of the page's build and layering lint.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createServices } from '../../electron/services';
import { createDispatcher } from '../../electron/services/dispatch';
import { createHandlers } from '../../electron/services/handlers';
import { startServer } from '../../electron/server/httpServer';
import { watchLibraryChanges } from '../../electron/services/audit/libraryChanges';
import type { Api } from '../../src-shared/contract/operations';
import type { Prompt } from '../../src-shared/model/prompt';
import { createClient } from '../api/client';
import { UNREACHABLE, httpTransport } from '../api/transport';
import type { Transport } from '../api/transport';

/** A running library and the page's HTTP transport to it. */
export interface LiveLibrary {
  transport: Transport;
  /** The library file, for a second program writing to it (as `pwb` in a terminal would). */
  dbPath: string;
  /**
   * Stops the HTTP server, ending every event stream, and calls `meanwhile` while it is down;
   * then serves again on the same address with the same token.
   */
  restart(meanwhile?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * A browser sends a request again when the kept-alive connection it picked was closed before any
 * answer came (after a restart, the server's end of an idle connection may close just as it is
 * picked); Node's fetch reports it as a failure instead. The page's transport, as in a browser.
 */
function asBrowsersCall(transport: Transport): Transport {
  return {
    ...transport,
    async call(name, request) {
      const outcome = await transport.call(name, request);
      if (outcome.ok || outcome.error.message !== UNREACHABLE) return outcome;
      return transport.call(name, request);
    },
  };
}

/** Opens a fresh library as `actor` in a temp dir and serves it on an ephemeral port. */
export async function startLiveLibrary(actor = 'tester'): Promise<LiveLibrary> {
  const dir = await mkdtemp(join(tmpdir(), 'pwb-page-'));
  const dbPath = join(dir, 'library.db');
  const services = createServices({ dbPath, actor });
  const dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'http' }));
  const serve = async (port: number, token?: string) => {
    const server = await startServer({ dispatcher, port, ...(token ? { token } : {}) });
    // As in browser mode: every change by anyone reaches the page's event stream.
    const stopWatching = watchLibraryChanges(
      services.db,
      (change) => server.broadcast({ operation: 'library', change }),
      20,
    );
    return {
      server,
      stop: async () => {
        stopWatching();
        await server.close();
      },
    };
  };
  let running = await serve(0);
  const { port, token } = running.server;
  return {
    transport: asBrowsersCall(httpTransport(token, new URL(running.server.url).origin)),
    dbPath,
    async restart(meanwhile) {
      await running.stop();
      await meanwhile?.();
      running = await serve(port, token);
    },
    close: async () => {
      await running.stop();
      services.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Gives every test of the calling file its own empty library, and returns the page's API
 * client to whichever library the running test has; calls made outside a test fail.
 */
export function liveLibraryApi(): Api {
  let live: LiveLibrary | undefined;
  beforeEach(async () => {
    live = await startLiveLibrary();
  });
  afterEach(async () => {
    await live?.close();
    live = undefined;
  });
  return createClient({
    kind: 'http',
    call: (name, request) => {
      if (!live) throw new Error(`${name} was called outside a test: no library is running`);
      return live.transport.call(name, request);
    },
  });
}

/** Another program writing to a library file (its own connection, as `pwb` in a terminal). */
export interface OtherProgram {
  save(document: Prompt, base?: string): void;
  setLabel(id: string, label: string, version: string): void;
  close(): Promise<void>;
}

/** Opens `dbPath` as another program would, as user `actor`. */
export function otherProgram(dbPath: string, actor = 'someone-else'): OtherProgram {
  const services = createServices({ dbPath, actor });
  return {
    save: (document, base) =>
      void services.prompts.save({ document, ...(base !== undefined ? { base } : {}) }),
    setLabel: (id, label, version) => void services.labels.set(id, label, version),
    close: () => services.dispose(),
  };
}

/** A fresh empty folder in the system temp dir, for folder import and export tests. */
export async function tempFolder(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'pwb-page-folder-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
