// Opens the library database: pragmas for durability, then pending migrations behind a backup.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import { MIGRATIONS, type Migration } from './migrations';

/** An open better-sqlite3 connection to the library. */
export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) the database at `file` and brings its schema up to date.
 * WAL with `synchronous=FULL`: a save that returned is on disk even after a power cut.
 * A database from a newer version of the app is refused rather than guessed at.
 * `migrations` is for tests; the app always uses the built-in list.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Database {
  checkOrder(migrations);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof BetterSqlite3.SqliteError && error.code === 'SQLITE_NOTADB') {
      throw new AppError('invalid_input', `${file} is not a Prompt Workbench database`, { file });
    }
    throw error;
  }
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
