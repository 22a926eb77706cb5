// Browser mode: opens the library, serves the page and the API on loopback until stopped.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LibraryHost, memoryPasswords } from '../services/library/libraryHost';
import { appFolder } from '../services/store/databasePath';
import { watchLibraryChanges } from '../services/audit/libraryChanges';
import type { LibraryChange } from '../services/library/libraryStore';
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
  /** The library served now (the page's library switcher may change it). */
  host: LibraryHost;
  stop(): Promise<void>;
}

/**
 * Opens the library and starts the server; the caller stops it. The page may switch to another
 * library (`switchLibrary`): the server keeps its address and token and serves the new one.
 * Passwords typed there are held for this run only; a team library's unsaved changes are kept in
 * the app's folder.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const staticDir = options.staticDir ?? defaultStaticDir();
  let server: RunningServer | undefined;
  const host = await LibraryHost.start({
    initial: options.dbPath,
    transport: 'http',
    seedIfNew: options.seedIfNew === true,
    folder: options.localFolder ?? appFolder(),
    passwords: memoryPasswords(),
    log: { error: (message, cause) => options.warn(`${message}: ${String(cause)}`) },
    attach: async (library) => {
      // The app keeps a daily backup of its own library; `pwb serve` on another file does too.
      // It is copied a few pages at a time while the server answers.
      library.sqlite?.backupInBackground().catch((error: unknown) => {
        options.warn(`could not write the daily backup: ${String(error)}`);
      });
      // Saves and label moves by anyone (this server, `pwb` in a terminal, the app, another
      // workbench on a team library through NOTIFY) reach the page as `event: library`.
      const tell = (change: LibraryChange): void =>
        server?.broadcast({ operation: 'library', change });
      if (library.postgres) return library.postgres.library.subscribe(tell);
      if (library.sqlite) {
        const stopWatching = watchLibraryChanges(library.sqlite.services.db, tell);
        return async () => stopWatching();
      }
      return undefined;
    },
  });
  try {
    server = await startServer({
      dispatcher: host.dispatcher,
      staticDir: existsSync(staticDir) ? staticDir : undefined,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
  } catch (error) {
    await host.dispose();
    throw error;
  }
  const running = server;
  if (!existsSync(staticDir)) {
    options.warn(`the page is not built (${staticDir}); run npm run build. Serving the API only.`);
  }
  options.log(`Prompt Workbench is serving ${host.current.display}`);
  options.log(running.url);
  return {
    server: running,
    host,
    stop: async () => {
      await running.close();
      await host.dispose();
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
