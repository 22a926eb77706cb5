// Opens the library database: pragmas for durability, then pending migrations behind a backup.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import { storageFault } from './faults';
import { MIGRATIONS, type Migration } from './migrations';

/** An open better-sqlite3 connection to the library. */
export type Database = BetterSqlite3.Database;

/** How long opening and migrating wait for another connection's write lock (ms). */
const LOCK_WAIT_AT_OPEN_MS = 5000;
/** Largest library copied into memory when its folder cannot be written (see openReadOnly). */
const MAX_IN_MEMORY_BYTES = 1024 * 1024 * 1024;

/**
 * Opens (creating if needed) the database at `file` and brings its schema up to date.
 * WAL with `synchronous=FULL`: a save that returned is on disk even after a power cut.
 * A database from a newer version of the app is refused rather than guessed at.
 * A library that cannot be written (its file or its folder) is opened read-only on purpose:
 * reads work, writes fail with `read_only` (`db.readonly` tells callers which it is).
 * After opening, a locked library is never waited for inside SQLite (`busy_timeout = 0`): a
 * write that meets another connection's lock fails at once with `busy`, and callers retry it
 * on timers (`retryWhenBusy`) so the thread keeps serving.
 * `migrations` is for tests; the app always uses the built-in list.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Database {
  checkOrder(migrations);
  const db = connect(file);
  try {
    if (!db.readonly) {
      db.pragma(`busy_timeout = ${LOCK_WAIT_AT_OPEN_MS}`);
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, migrations);
    db.pragma('busy_timeout = 0');
    return db;
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    const fault = storageFault(error, file);
    if (fault?.code === 'corrupt') {
      throw new AppError(
        'corrupt',
        `${file} is not a Prompt Workbench database, or it is damaged. Restore a backup (pwb restore) or open another library with --db.`,
        { file },
      );
    }
    throw fault ?? error;
  }
}

/** True when `target` exists and this process may write it. */
function writable(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Opens the connection: read-write when the file and its folder can be written, else read-only. */
function connect(file: string): Database {
  const folder = path.dirname(path.resolve(file));
  const exists = fs.existsSync(file);
  if (!exists) {
    try {
      fs.mkdirSync(folder, { recursive: true });
      return new BetterSqlite3(file);
    } catch (error) {
      throw storageFault(error, file) ?? error;
    }
  }
  if (writable(file) && writable(folder)) {
    try {
      return new BetterSqlite3(file, { fileMustExist: true });
    } catch (error) {
      throw storageFault(error, file) ?? error;
    }
  }
  return openReadOnly(file, writable(folder));
}

/**
 * A read-only connection. SQLite reads a WAL library through a `-shm` file beside it, which it
 * cannot create in a folder nobody may write; there a library with no pending log (the state a
 * closed library is left in) is read from a copy in memory instead, marked as rollback-journal
 * so SQLite needs nothing beside it. Its contents then stay as they were when it was opened.
 */
function openReadOnly(file: string, folderWritable: boolean): Database {
  const shm = `${file}-shm`;
  if (folderWritable || fs.existsSync(shm)) {
    return new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  }
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    throw new AppError(
      'read_only',
      `${file} is read-only and its folder cannot be written, and it was not closed cleanly. Open it once where it can be written, then it can be read here.`,
      { file },
    );
  }
  if (fs.statSync(file).size > MAX_IN_MEMORY_BYTES) {
    throw new AppError(
      'read_only',
      `${file} is read-only and its folder cannot be written. Copy it to a folder you can write to.`,
      { file },
    );
  }
  const image = fs.readFileSync(file);
  // Bytes 18 and 19 of the header are the file format's write and read versions: 2 means WAL.
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return new BetterSqlite3(image, { readonly: true });
}

/** The schema version stored in the file (0 for a new file). */
/**
 * A stamp that changes whenever the library changes: SQLite's data_version moves on commits by
 * other connections (another process), total_changes on this connection's own writes.
 */
export function libraryStamp(db: Database): string {
  const row = db.prepare('SELECT total_changes() AS own').get() as { own: number };
  return `${String(db.pragma('data_version', { simple: true }))}:${row.own}`;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database, file: string, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'conflict',
      `The database ${file} was written by a newer Prompt Workbench (schema ${current}; this version knows up to ${latest}). Update the app, or open another database with --db.`,
      { file, schema: current, supported: latest },
    );
  }
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return;
  if (db.readonly) {
    throw new AppError(
      'read_only',
      `The library ${file} is read-only and needs a one-time upgrade by this version of Prompt Workbench. Open it once where it can be written (or fix its permissions), then it can be read here.`,
      { file, schema: current, supported: latest },
    );
  }
  if (current > 0 || hasObjects(db)) backupDatabase(db, file, current);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the value is a checked integer from our own list.
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function hasObjects(db: Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() !== undefined;
}

/**
 * Copies the database to `<file>.bak-v<from>-<timestamp>` with `VACUUM INTO`: synchronous,
 * consistent (a read transaction) and atomic, unlike the async `db.backup()`. Returns the path.
 */
export function backupDatabase(db: Database, file: string, from: number): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '-');
  let target = `${file}.bak-v${from}-${stamp}`;
  for (let n = 2; fs.existsSync(target); n += 1) target = `${file}.bak-v${from}-${stamp}-${n}`;
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!Number.isSafeInteger(migration.version) || migration.version !== index + 1) {
      throw new AppError('internal', 'Migrations must be numbered 1, 2, 3… in order');
    }
  });
}
