// `pwb serve --api`: the read API for applications, on loopback unless told otherwise (and then
// only over TLS, or with --insecure-http said out loud).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { untilSignal } from '../server/browserMode';
import { startReadApi } from '../server/readApi';
import type { ReadApi, ReadApiOptions } from '../server/readApi';
import { PostgresApiKeys } from '../services/apikeys/pgApiKeys';
import { createPostgresHandlers } from '../services/postgres/pgHandlers';
import { isPostgresUrl } from '../services/postgres/pgLibrary';
import { openPostgresWorkbench } from '../services/postgres/pgWorkbench';
import { DEFAULT_HOST, isLoopbackHost } from '../server/security';
import type { ErrorLog } from '../services/dispatch';
import { libraryStamp } from '../services/store/database';
import { openWorkbench } from '../services/workbench';
import type { CliIo } from './io';
import { UsageError } from './usage';

/** Flags of `pwb serve --api`, already parsed. */
export interface ServeApiFlags {
  port: number;
  host: string | undefined;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  insecureHttp: boolean;
}

/** Serves the read API until SIGINT or SIGTERM. */
export async function serveApi(
  flags: ServeApiFlags,
  dbPath: string,
  io: CliIo,
  log: ErrorLog,
): Promise<number> {
  const host = flags.host ?? DEFAULT_HOST;
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new UsageError('serve --api: --tls-cert and --tls-key go together');
  }
  const tls =
    flags.tlsCert !== undefined && flags.tlsKey !== undefined
      ? {
          cert: readFileSync(resolve(io.cwd, flags.tlsCert)),
          key: readFileSync(resolve(io.cwd, flags.tlsKey)),
        }
      : undefined;
  if (!isLoopbackHost(host) && tls === undefined) {
    if (!flags.insecureHttp) {
      throw new UsageError(
        `serve --api: listening on ${host} needs --tls-cert and --tls-key (or --insecure-http, which sends keys in clear text)`,
      );
    }
    io.stderr(
      `pwb: warning: serving ${host} over plain HTTP: API keys cross the network in clear\n`,
    );
  }
  const listen = { host, port: flags.port, ...(tls ? { tls } : {}) };
  const served = isPostgresUrl(dbPath)
    ? await servePostgres(dbPath, listen, log)
    : await serveSqlite(dbPath, listen, log);
  try {
    io.stdout(`Prompt Workbench read API for ${served.name}\n${served.api.url}\n`);
    await untilSignal();
  } finally {
    await served.api.close();
    await served.dispose();
  }
  return 0;
}

/** A read API being served, and what closes its library. */
interface Served {
  api: ReadApi;
  /** The library as shown (a PostgreSQL URL without its password). */
  name: string;
  dispose(): Promise<void>;
}

async function serveSqlite(dbPath: string, listen: ReadApiOptions, log: ErrorLog): Promise<Served> {
  const workbench = await openWorkbench({ dbPath, transport: 'cli', log });
  try {
    const { services } = workbench;
    const api = await startReadApi(
      {
        prompts: services.prompts,
        labels: services.labels,
        keys: services.apiKeys,
        render: services.render,
        libraryVersion: () => libraryStamp(services.db),
      },
      listen,
    );
    return { api, name: dbPath, dispose: () => workbench.dispose() };
  } catch (error) {
    await workbench.dispose();
    throw error;
  }
}

/**
 * The read API over a PostgreSQL library: its cache is dropped on every NOTIFY of a change and
 * at least once a second (a notification lost with a dropped connection costs a second at most,
 * and so does a key revoked).
 */
async function servePostgres(url: string, listen: ReadApiOptions, log: ErrorLog): Promise<Served> {
  const workbench = await openPostgresWorkbench({ url, transport: 'cli', log });
  const { library } = workbench;
  try {
    let heard = 0;
    const unsubscribe = await library.subscribe(() => {
      heard += 1;
    });
    const handlers = createPostgresHandlers(library, {
      dbPath: library.displayUrl,
      transport: 'cli',
    });
    const keys = new PostgresApiKeys(library);
    // Renders report no progress or events: nobody listens.
    const quiet = {
      progress: () => undefined,
      runEvent: () => undefined,
      evalEvent: () => undefined,
    };
    const api = await startReadApi(
      {
        prompts: {
          get: (id, version) => library.get(id, version === undefined ? {} : { version }),
        },
        labels: {
          resolve: (id, label) => library.resolveLabel(id, label),
          list: (id) => library.labels(id),
        },
        keys,
        render: {
          render: (ref, variables) => handlers.renderPreview({ ...ref, variables }, quiet),
          export: (ref, provider, variables) =>
            handlers.exportPrompt({ ...ref, provider, variables }, quiet),
        },
        libraryVersion: () => `${heard}:${Math.floor(Date.now() / 1000)}`,
      },
      listen,
    );
    return {
      api,
      name: library.displayUrl,
      dispose: async () => {
        await unsubscribe();
        await workbench.dispose();
      },
    };
  } catch (error) {
    await workbench.dispose();
    throw error;
  }
}
