// `pwb serve --api`: the read API for applications, on loopback unless told otherwise (and then
// only over TLS, or with --insecure-http said out loud).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { untilSignal } from '../server/browserMode';
import { startReadApi } from '../server/readApi';
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
      { host, port: flags.port, ...(tls ? { tls } : {}) },
    );
    io.stdout(`Prompt Workbench read API for ${dbPath}\n${api.url}\n`);
    await untilSignal();
    await api.close();
  } finally {
    await workbench.dispose();
  }
  return 0;
}
