// Opening a PostgreSQL library for a runtime: the library and the contract's dispatcher over it.
import type { AppInfo } from '../../../src-shared/contract/dto';
import { createDispatcher } from '../dispatch';
import type { Dispatcher, ErrorLog } from '../dispatch';
import { createPostgresHandlers } from './pgHandlers';
import { openPostgresLibrary } from './pgLibrary';
import type { PostgresLibrary } from './pgLibrary';

/** An open team library and the contract over it. */
export interface PostgresWorkbench {
  library: PostgresLibrary;
  dispatcher: Dispatcher;
  dispose(): Promise<void>;
}

/** Opens the library at `url` (migrating it when this user may) and wires the contract over it. */
export async function openPostgresWorkbench(options: {
  url: string;
  transport: AppInfo['transport'];
  appVersion?: string;
  log?: ErrorLog;
}): Promise<PostgresWorkbench> {
  const library = await openPostgresLibrary({ url: options.url });
  const dispatcher = createDispatcher(
    createPostgresHandlers(library, {
      dbPath: library.displayUrl,
      transport: options.transport,
      ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
    }),
    options.log,
  );
  return { library, dispatcher, dispose: () => library.close() };
}
