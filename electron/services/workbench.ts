// The one way a runtime (Electron main, browser mode, the CLI) opens a library: the services,
// the contract's dispatcher over them, the first-run sample library and the daily backup.
import { existsSync } from 'node:fs';
import type { AppInfo } from '../../src-shared/contract/dto';
import { dailyBackupInBackground } from './backup/backups';
import { createDispatcher } from './dispatch';
import type { Dispatcher, ErrorLog } from './dispatch';
import { seedSampleLibrary } from './files/sampleLibrary';
import { createHandlers } from './handlers';
import { createServices } from './index';
import type { ServiceOptions, Services } from './index';

/** What a runtime says about itself when it opens a library. */
export interface WorkbenchOptions extends ServiceOptions {
  transport: AppInfo['transport'];
  appVersion?: string;
  /** Where unexpected errors go, stacks included (never to the caller). */
  log?: ErrorLog;
  /** Import the sample library when the database file does not exist yet (the app does). */
  seedIfNew?: boolean;
}

/** An open library and the contract over it. */
export interface Workbench {
  dbPath: string;
  services: Services;
  dispatcher: Dispatcher;
  /**
   * Writes today's backup (if none exists) a few pages at a time while the caller keeps serving;
   * the promise rejects when it could not be written.
   */
  backupInBackground(): Promise<void>;
  /** Waits for a running backup, then ends the import threads and closes the database. */
  dispose(): Promise<void>;
}

/** Opens the library at `options.dbPath` and wires the contract over it. */
export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const isNew = !existsSync(options.dbPath);
  const services = createServices(options);
  try {
    if (isNew && options.seedIfNew) await seedSampleLibrary(services);
  } catch (error) {
    await services.dispose();
    throw error;
  }
  const dispatcher = createDispatcher(
    createHandlers(services, {
      dbPath: options.dbPath,
      transport: options.transport,
      ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
    }),
    options.log,
  );
  let backup: Promise<unknown> = Promise.resolve();
  return {
    dbPath: options.dbPath,
    services,
    dispatcher,
    backupInBackground() {
      const running = dailyBackupInBackground(services.db, options.dbPath).then(() => undefined);
      backup = running.catch(() => undefined);
      return running;
    },
    async dispose() {
      await backup;
      await services.dispose();
    },
  };
}
