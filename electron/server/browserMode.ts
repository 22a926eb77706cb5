// Browser mode: opens the library, serves the page and the API on loopback until stopped.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkbench } from '../services/workbench';
import { appFolder } from '../services/store/databasePath';
import { watchLibraryChanges } from '../services/audit/libraryChanges';
import { isPostgresUrl } from '../services/postgres/pgLibrary';
import { openPostgresWorkbench } from '../services/postgres/pgWorkbench';
import { startServer } from './httpServer';
import type { RunningServer } from './httpServer';

/** The folder of the built page inside this package. */
export function defaultStaticDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../out/renderer');
}

/** Options of a browser-mode session. */
export interface BrowserModeOptions {
  dbPath: string;
  port?: number;
  host?: string;
  staticDir?: string;
  /** Seed the sample library when the database file does not exist yet (the app does; pwb never). */
  seedIfNew?: boolean;
  /**
   * The app's own folder, where a team library's unsaved changes are kept (default: appFolder(),
   * `$XDG_CONFIG_HOME/prompt-workbench` on Linux).
   */
  localFolder?: string;
  log: (line: string) => void;
  warn: (line: string) => void;
}

/** A running browser-mode session. */
export interface BrowserMode {
  server: RunningServer;
  stop(): Promise<void>;
}

/** Opens the library and starts the server; the caller stops it. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  if (isPostgresUrl(options.dbPath)) return startOnPostgres(options);
  const staticDir = options.staticDir ?? defaultStaticDir();
  const workbench = await openWorkbench({
    dbPath: options.dbPath,
    transport: 'http',
    seedIfNew: options.seedIfNew === true,
    log: { error: (message, cause) => options.warn(`${message}: ${String(cause)}`) },
  });
  let server: RunningServer;
  try {
    server = await startServer({
      dispatcher: workbench.dispatcher,
      staticDir: existsSync(staticDir) ? staticDir : undefined,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
  } catch (error) {
    await workbench.dispose();
    throw error;
  }
  if (!existsSync(staticDir)) {
    options.warn(`the page is not built (${staticDir}); run npm run build. Serving the API only.`);
  }
  // Saves and label moves by anyone (this server, `pwb` in a terminal, the app) reach the page
  // as they do on PostgreSQL.
  const running = server;
  const stopWatching = watchLibraryChanges(workbench.services.db, (change) =>
    running.broadcast({ operation: 'library', change }),
  );
  options.log(`Prompt Workbench is serving ${options.dbPath}`);
  options.log(server.url);
  // The app keeps a daily backup of its own library; `pwb serve` on another file does too. It is
  // copied a few pages at a time while the server answers, so a large library never delays it.
  workbench.backupInBackground().catch((error: unknown) => {
    options.warn(`could not write the daily backup: ${String(error)}`);
  });
  return {
    server,
    stop: async () => {
      stopWatching();
      await server.close();
      await workbench.dispose();
    },
  };
}

/**
 * Browser mode on a team library: the contract over PostgreSQL, and every change any client
 * makes (NOTIFY) forwarded to the page's event stream as `event: library`.
 */
async function startOnPostgres(options: BrowserModeOptions): Promise<BrowserMode> {
  const staticDir = options.staticDir ?? defaultStaticDir();
  const workbench = await openPostgresWorkbench({
    url: options.dbPath,
    transport: 'http',
    localFolder: options.localFolder ?? appFolder(),
    log: { error: (message, cause) => options.warn(`${message}: ${String(cause)}`) },
  });
  let server: RunningServer;
  let unsubscribe: () => Promise<void> = async () => undefined;
  try {
    server = await startServer({
      dispatcher: workbench.dispatcher,
      staticDir: existsSync(staticDir) ? staticDir : undefined,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
    const running = server;
    unsubscribe = await workbench.library.subscribe((change) =>
      running.broadcast({ operation: 'library', change }),
    );
  } catch (error) {
    await workbench.dispose();
    throw error;
  }
  options.log(`Prompt Workbench is serving ${workbench.library.displayUrl}`);
  options.log(server.url);
  return {
    server,
    stop: async () => {
      await unsubscribe();
      await server.close();
      await workbench.dispose();
    },
  };
}

/** Resolves when the process is asked to stop (Ctrl+C or SIGTERM). */
export function untilSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
}
