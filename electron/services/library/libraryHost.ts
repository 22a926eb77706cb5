// The library a runtime (the app, browser mode) has open, and switching to another: a SQLite file
// or a PostgreSQL URL. The contract's dispatcher stays the same object while the workbench behind
// it changes; passwords go to a password store (the app: the OS keychain), never into the
// remembered URL; the libraries opened before are listed for the switcher.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import pg from 'pg';
import type { AppInfo, KnownLibrary, LibraryChoices } from '../../../src-shared/contract/dto';
import { AppError, STORAGE_FAULTS, fromSerialized } from '../../../src-shared/errors';
import { createDispatcher } from '../dispatch';
import type { Dispatcher, ErrorLog, Handlers } from '../dispatch';
import { writeFileDurably } from '../files/durableWrite';
import type { KeyVault } from '../models/keyVault';
import { fromPgError } from '../postgres/pgErrors';
import { isPostgresUrl } from '../postgres/pgLibrary';
import { openPostgresWorkbench } from '../postgres/pgWorkbench';
import type { PostgresWorkbench } from '../postgres/pgWorkbench';
import { libraryIdentity } from '../prompts/localDrafts';
import { openWorkbench } from '../workbench';
import type { Workbench } from '../workbench';

/** How long a switch waits for a PostgreSQL server to answer before saying it cannot reach it. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Libraries remembered for the switcher. */
const MAX_RECENT = 10;

/** Where passwords typed into the switcher go: the OS keychain, or memory for this run. */
export interface PasswordStore {
  readonly kind: LibraryChoices['passwords'];
  get(key: string): string | undefined;
  set(key: string, password: string | null): void;
}

/** The app's keychain (a KeyVault sealing values with the OS keychain) as a password store. */
export function keychainPasswords(vault: KeyVault): PasswordStore {
  return {
    kind: 'keychain',
    get: (key) => vault.get(key),
    set: (key, password) => vault.set(key, password),
  };
}

/** Passwords held for this run only (browser mode has no keychain). */
export function memoryPasswords(): PasswordStore {
  const kept = new Map<string, string>();
  return {
    kind: 'memory',
    get: (key) => kept.get(key),
    set: (key, password) => (password === null ? kept.delete(key) : kept.set(key, password)),
  };
}

/** One open library: its contract and what the runtime may attach to it. */
export interface OpenLibrary {
  /** A SQLite file's path, or the PostgreSQL URL without its password. */
  location: string;
  engine: KnownLibrary['engine'];
  /** What logs and messages show (the URL with its password hidden). */
  display: string;
  dispatcher: Dispatcher;
  sqlite?: Workbench;
  postgres?: PostgresWorkbench;
}

/** How a runtime opens its libraries. */
export interface LibraryHostOptions {
  /** The library to open first: a path or a URL (a password in it is used, not remembered). */
  initial: string;
  transport: AppInfo['transport'];
  appVersion?: string;
  log?: ErrorLog;
  /** The app's own folder: the list of libraries (`libraries.json`) and local unsaved changes. */
  folder: string;
  passwords: PasswordStore;
  /** Provider keys (the app: the OS keychain) for SQLite libraries. */
  vault?: KeyVault;
  /** Seed the sample library when the initial SQLite file does not exist yet (the app does). */
  seedIfNew?: boolean;
  /** Remember the initial library in the list (the app); browser mode records switches only. */
  recordInitial?: boolean;
  /** Called on each library opened; the returned function runs before it is closed. */
  attach?: (library: OpenLibrary) => Promise<(() => Promise<void>) | void>;
  clock?: () => Date;
}

interface Settings {
  current?: string;
  recent: { location: string; engine: KnownLibrary['engine']; opened_at: string }[];
}

/** A library location as typed, checked: where it is and how to connect. */
interface Target {
  engine: KnownLibrary['engine'];
  location: string;
  /** A password written in the URL itself (used, moved to the password store). */
  inlinePassword?: string;
}

/** Holds the open library and swaps it on request. */
export class LibraryHost {
  /** The contract: the open library's operations, plus listing and switching libraries. */
  readonly dispatcher: Dispatcher;
  private open!: OpenLibrary;
  private detach: (() => Promise<void>) | void = undefined;
  private switching: Promise<unknown> = Promise.resolve();
  private readonly clock: () => Date;

  private constructor(private readonly options: LibraryHostOptions) {
    this.clock = options.clock ?? (() => new Date());
    const own = createDispatcher(
      {
        listLibraries: () => this.choices(),
        switchLibrary: ({ location, password }) => this.switchTo(location, password),
      } as Partial<Handlers> as Handlers,
      options.log,
    );
    this.dispatcher = {
      has: own.has,
      dispatch: (name, request, dispatchOptions) =>
        name === 'listLibraries' || name === 'switchLibrary'
          ? own.dispatch(name, request, dispatchOptions)
          : this.open.dispatcher.dispatch(name, request, dispatchOptions),
    };
  }

  /** Opens the initial library. */
  static async start(options: LibraryHostOptions): Promise<LibraryHost> {
    const host = new LibraryHost(options);
    // The initial library is taken as given (pwb serve --db may name a new file of any name).
    const target = isPostgresUrl(options.initial)
      ? checkLocation(options.initial)
      : ({ engine: 'sqlite', location: resolve(options.initial) } satisfies Target);
    const opened = await host.openTarget(target, target.inlinePassword, options.seedIfNew === true);
    host.open = opened;
    host.detach = await options.attach?.(opened);
    if (options.recordInitial) host.remember(opened.location, opened.engine);
    return host;
  }

  /** The library open now. */
  get current(): OpenLibrary {
    return this.open;
  }

  /** The library open now and those opened before. */
  choices(): LibraryChoices {
    const settings = this.readSettings();
    const current = this.known(this.open.location, this.open.engine, settings);
    return {
      current,
      recent: settings.recent
        .filter((entry) => !sameLibrary(entry.location, this.open.location))
        .map((entry) => this.known(entry.location, entry.engine, settings)),
      passwords: this.options.passwords.kind,
      switchable: true,
    };
  }

  /**
   * Opens `location` and, once it answers, closes the library open now. A bad location, a server
   * that cannot be reached, a refused login or a user without a role is an error, and the open
   * library stays as it was.
   */
  switchTo(location: string, password?: string): Promise<AppInfo> {
    const run = this.switching.then(async () => {
      const target = checkLocation(location);
      const typed = password !== undefined && password !== '' ? password : target.inlinePassword;
      const opened = await this.openTarget(target, typed, false).catch((error: unknown) => {
        // A library that cannot be reached is not a fault of the one open now (no banner).
        if (error instanceof AppError && STORAGE_FAULTS.includes(error.code)) {
          throw new AppError('not_found', error.message, { fault: error.code });
        }
        throw error;
      });
      const previous = this.open;
      const detach = this.detach;
      this.open = opened;
      this.detach = await this.options.attach?.(opened);
      await detach?.();
      await close(previous);
      if (target.engine === 'postgres' && typed !== undefined) {
        this.options.passwords.set(libraryIdentity(target.location), typed);
      }
      this.remember(previous.location, previous.engine);
      this.remember(opened.location, opened.engine);
      return appInfo(opened);
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** Closes the open library. */
  async dispose(): Promise<void> {
    await this.switching;
    await this.detach?.();
    await close(this.open);
  }

  private async openTarget(target: Target, typed: string | undefined, seed: boolean) {
    const { options } = this;
    if (target.engine === 'sqlite') {
      const workbench = await openWorkbench({
        dbPath: target.location,
        transport: options.transport,
        seedIfNew: seed,
        ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
        ...(options.vault ? { vault: options.vault } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      return {
        location: target.location,
        engine: 'sqlite',
        display: target.location,
        dispatcher: workbench.dispatcher,
        sqlite: workbench,
      } satisfies OpenLibrary;
    }
    const password = typed ?? options.passwords.get(libraryIdentity(target.location));
    const url = withPassword(target.location, password);
    await probe(url);
    const workbench = await openPostgresWorkbench({
      url,
      transport: options.transport,
      localFolder: options.folder,
      ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    try {
      // A login without a Prompt Workbench role is refused here, with what to do about it.
      await workbench.library.whoami();
    } catch (error) {
      await workbench.dispose();
      throw error;
    }
    return {
      location: target.location,
      engine: 'postgres',
      display: workbench.library.displayUrl,
      dispatcher: workbench.dispatcher,
      postgres: workbench,
    } satisfies OpenLibrary;
  }

  private known(location: string, engine: KnownLibrary['engine'], settings: Settings) {
    const entry = settings.recent.find((each) => sameLibrary(each.location, location));
    return {
      location,
      engine,
      opened_at: entry?.opened_at ?? this.clock().toISOString(),
      password_kept:
        engine === 'postgres' &&
        this.options.passwords.get(libraryIdentity(location)) !== undefined,
    };
  }

  private get settingsFile(): string {
    return join(this.options.folder, 'libraries.json');
  }

  private readSettings(): Settings {
    try {
      const parsed = JSON.parse(readFileSync(this.settingsFile, 'utf8')) as Partial<Settings>;
      const recent = Array.isArray(parsed.recent) ? parsed.recent : [];
      return {
        ...(typeof parsed.current === 'string' ? { current: parsed.current } : {}),
        recent: recent.filter(
          (entry): entry is Settings['recent'][number] =>
            typeof entry?.location === 'string' &&
            (entry.engine === 'sqlite' || entry.engine === 'postgres') &&
            typeof entry.opened_at === 'string' &&
            !hasPassword(entry.location),
        ),
      };
    } catch {
      return { recent: [] };
    }
  }

  /** Puts `location` first in the list and makes it the one the app opens next. */
  private remember(location: string, engine: KnownLibrary['engine']): void {
    const settings = this.readSettings();
    const others = settings.recent.filter((entry) => !sameLibrary(entry.location, location));
    const entry = { location, engine, opened_at: this.clock().toISOString() };
    const next: Settings = { current: location, recent: [entry, ...others].slice(0, MAX_RECENT) };
    try {
      mkdirSync(this.options.folder, { recursive: true });
      writeFileDurably(this.settingsFile, `${JSON.stringify(next, null, 2)}\n`);
    } catch (error) {
      this.options.log?.error('could not write the list of libraries', error);
    }
  }
}

/** The library the app opened last (`libraries.json` in `folder`), if any. */
export function rememberedLibrary(folder: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(folder, 'libraries.json'), 'utf8')) as {
      current?: unknown;
    };
    return typeof parsed.current === 'string' && !hasPassword(parsed.current)
      ? parsed.current
      : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a typed location: a postgres:// URL naming a database, or an absolute file path. */
export function checkLocation(text: string): Target {
  const typed = text.trim();
  if (isPostgresUrl(typed)) {
    let url: URL;
    try {
      url = new URL(typed);
    } catch {
      throw new AppError('invalid_input', `'${redacted(typed)}' is not a valid PostgreSQL URL`);
    }
    if (url.hostname === '') {
      throw new AppError('invalid_input', 'A PostgreSQL URL names its server: postgres://HOST/DB');
    }
    if (url.pathname.length <= 1) {
      throw new AppError(
        'invalid_input',
        'A PostgreSQL URL names its database: postgres://USER@HOST:PORT/DATABASE',
      );
    }
    const inline = url.password === '' ? undefined : decodeURIComponent(url.password);
    url.password = '';
    return {
      engine: 'postgres',
      location: url.toString(),
      ...(inline !== undefined ? { inlinePassword: inline } : {}),
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) {
    throw new AppError(
      'invalid_input',
      `'${redacted(typed).slice(0, 80)}' is not a library: give a postgres:// URL or the path of a library file`,
    );
  }
  if (typed === '' || !isAbsolute(typed)) {
    throw new AppError(
      'invalid_input',
      `'${typed.slice(0, 80)}' is neither a postgres:// URL nor the full path of a library file`,
    );
  }
  const file = resolve(typed);
  if (existsSync(file)) {
    if (!statSync(file).isFile()) {
      throw new AppError('invalid_input', `${file} is a folder, not a library file`);
    }
    return { engine: 'sqlite', location: file };
  }
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory() || !file.endsWith('.db')) {
    throw new AppError(
      'not_found',
      `There is no library at ${file} (a new library is a file name ending in .db in a folder that exists)`,
    );
  }
  return { engine: 'sqlite', location: file };
}

/** The AppInfo of a freshly opened library. */
async function appInfo(opened: OpenLibrary): Promise<AppInfo> {
  const outcome = await opened.dispatcher.dispatch('appInfo', {});
  if (!outcome.ok) throw fromSerialized(outcome.error);
  return outcome.value as AppInfo;
}

/** Connects once with a time limit, so a server that does not answer is said at once. */
async function probe(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const known = fromPgError(error, 'connect');
    if (known instanceof AppError) throw known;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'unavailable',
      `Cannot reach the PostgreSQL library (${message}); try again`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function close(library: OpenLibrary): Promise<void> {
  await (library.sqlite ?? library.postgres)?.dispose();
}

function withPassword(location: string, password: string | undefined): string {
  if (password === undefined) return location;
  const url = new URL(location);
  url.password = encodeURIComponent(password);
  return url.toString();
}

function sameLibrary(a: string, b: string): boolean {
  if (isPostgresUrl(a) && isPostgresUrl(b)) {
    try {
      return libraryIdentity(a) === libraryIdentity(b);
    } catch {
      return a === b;
    }
  }
  return a === b;
}

function hasPassword(location: string): boolean {
  if (!isPostgresUrl(location)) return false;
  try {
    return new URL(location).password !== '';
  } catch {
    return true;
  }
}

function redacted(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
