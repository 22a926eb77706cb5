// Opening a PostgreSQL library for a runtime: the library and the contract's dispatcher over it,
// with the unsaved changes kept on this machine (a local store per library, see localDrafts).
import type { AppInfo } from '../../../src-shared/contract/dto';
import { createDispatcher } from '../dispatch';
import type { Dispatcher, ErrorLog, HandlerContext, Handlers } from '../dispatch';
import { draftHandlers, openLocalDrafts } from '../prompts/localDrafts';
import type { LocalDrafts } from '../prompts/localDrafts';
import { fromPgError } from './pgErrors';
import { createPostgresHandlers } from './pgHandlers';
import { openPostgresLibrary } from './pgLibrary';
import type { PostgresLibrary } from './pgLibrary';
import { environmentVault } from '../models/keyVault';
import type { KeyVault } from '../models/keyVault';
import type { KeySource } from '../models/modelService';

/** An open team library and the contract over it. */
export interface PostgresWorkbench {
  library: PostgresLibrary;
  dispatcher: Dispatcher;
  /** The local store of this library's unsaved changes, when the runtime keeps them. */
  drafts?: LocalDrafts;
  dispose(): Promise<void>;
}

/** Opens the library at `url` (migrating it when this user may) and wires the contract over it. */
export async function openPostgresWorkbench(options: {
  url: string;
  transport: AppInfo['transport'];
  appVersion?: string;
  log?: ErrorLog;
  /**
   * The app's own folder (Electron: userData; browser mode: appFolder()); unsaved changes are
   * kept there. Without it (the CLI) the library keeps none.
   */
  localFolder?: string;
  /** Where provider keys are read at call time (default: this process's environment). */
  keys?: KeySource;
  /** Where typed keys are kept (the app: the OS keychain); default: the environment only. */
  vault?: KeyVault;
}): Promise<PostgresWorkbench> {
  const library = await openPostgresLibrary({ url: options.url });
  let local: LocalDrafts | undefined;
  try {
    if (options.localFolder !== undefined)
      local = openLocalDrafts(options.localFolder, options.url);
  } catch (error) {
    await library.close();
    throw error;
  }
  const vault = options.vault ?? environmentVault(process.env);
  const handlers = createPostgresHandlers(
    library,
    {
      dbPath: library.displayUrl,
      transport: options.transport,
      ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
    },
    { vault, keys: options.keys ?? ((variable) => vault.get(variable)) },
  );
  const dispatcher = createDispatcher(
    speakingPgErrors(local ? withLocalDrafts(handlers, local) : handlers),
    options.log,
  );
  return {
    library,
    dispatcher,
    ...(local ? { drafts: local } : {}),
    dispose: async () => {
      local?.close();
      await library.close();
    },
  };
}

/**
 * Every handler with PostgreSQL's failures said in our codes, wherever a query ran (a server
 * that went away is `unavailable`, which the page shows and retries), not as internal errors.
 */
function speakingPgErrors(handlers: Handlers): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [
    string,
    (request: unknown, context: HandlerContext) => unknown,
  ][]) {
    wrapped[name] = async (request: unknown, context: HandlerContext) => {
      try {
        return await handler(request, context);
      } catch (error) {
        throw fromPgError(error, 'reach the library');
      }
    };
  }
  return wrapped as Handlers;
}

/**
 * The team library's handlers with drafts served from the local store; as on SQLite, a saved
 * version or a deleted prompt takes its unsaved changes with it.
 */
function withLocalDrafts(handlers: Handlers, local: LocalDrafts): Handlers {
  const { drafts } = local;
  return {
    ...handlers,
    ...draftHandlers(drafts),
    savePrompt: async (request, context) => {
      const saved = await handlers.savePrompt(request, context);
      drafts.delete(saved.id);
      return saved;
    },
    deletePrompt: async (request, context) => {
      const deleted = await handlers.deletePrompt(request, context);
      drafts.delete(request.id);
      return deleted;
    },
  };
}
