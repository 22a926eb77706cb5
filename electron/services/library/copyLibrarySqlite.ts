// `pwb copy` on a SQLite library file: read in one snapshot, written in one immediate
// transaction; the metric histograms are rebuilt from the copied events before the commit.
import { existsSync, rmSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import { REBUILD_HISTS_SQL } from '../metrics/rollups';
import { registryEntry } from '../prompts/versionEncoding';
import { setRegistry } from '../prompts/versionStore';
import { openDatabase } from '../store/database';
import type { Database } from '../store/database';
import type { CopiedTable, CopySource, CopyTarget, Row } from './copyLibraryTables';
import { BATCH_ROWS, COPIED_TABLES } from './copyLibraryTables';

/** Opens the SQLite library at `file` for reading, in one snapshot. */
export function sqliteSource(file: string): CopySource {
  const db = openDatabase(file);
  // A deferred transaction: the snapshot starts at the first read and holds to the end.
  db.exec('BEGIN');
  return {
    async currentVersions() {
      const rows = db.prepare('SELECT id, current_version FROM prompts ORDER BY id').all() as {
        id: string;
        current_version: string;
      }[];
      return new Map(rows.map((row) => [row.id, row.current_version]));
    },
    async *rows(table: CopiedTable) {
      const columns = Object.keys(table.columns);
      const select = db.prepare(
        `SELECT ${columns.join(', ')} FROM ${table.name} ORDER BY ${table.order.sqlite}`,
      );
      let batch: Row[] = [];
      for (const row of select.iterate() as IterableIterator<Row>) {
        batch.push(row);
        if (batch.length === BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

/** Opens (or creates) the SQLite library at `file` for a copy; refuses one holding records. */
export function sqliteTarget(file: string): CopyTarget {
  const created = !existsSync(file);
  let db: Database | undefined;
  try {
    db = openDatabase(file);
    db.exec('BEGIN IMMEDIATE');
    refuseNonEmpty(db, file);
  } catch (error) {
    closeAndForget(db, created ? file : undefined);
    throw error;
  }
  const open = db;
  let committed = false;
  const inserts = new Map<string, (row: Row) => void>();
  const insertInto = (table: CopiedTable): ((row: Row) => void) => {
    let insert = inserts.get(table.name);
    if (!insert) {
      const columns = Object.keys(table.columns);
      const statement = open.prepare(
        `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      insert = (row) => statement.run(...columns.map((column) => row[column] ?? null));
      inserts.set(table.name, insert);
    }
    return insert;
  };
  return {
    async insert(table, rows) {
      const insert = insertInto(table);
      for (const row of rows) insert(row);
    },
    async registry(documents) {
      for (const document of documents) {
        setRegistry(open, registryEntry(JSON.parse(document) as Prompt));
      }
    },
    async commit() {
      open.exec(REBUILD_HISTS_SQL);
      open.exec('COMMIT');
      committed = true;
      open.close();
    },
    async abort() {
      if (!committed) closeAndForget(open, created ? file : undefined);
    },
  };
}

/** Refuses a library that already holds a record of any kind a copy writes. */
function refuseNonEmpty(db: Database, file: string): void {
  const tables = [{ name: 'prompts', what: 'prompts' }, ...COPIED_TABLES];
  for (const table of tables) {
    if (db.prepare(`SELECT 1 FROM ${table.name} LIMIT 1`).get()) {
      throw new AppError(
        'invalid_input',
        `copy: ${file} already holds ${table.what}; copy into an empty library`,
      );
    }
  }
}

/** Rolls back and closes; removes the file (and its journal) when the copy created it. */
function closeAndForget(db: Database | undefined, createdFile: string | undefined): void {
  if (db?.open) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
  if (createdFile !== undefined) {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      rmSync(createdFile + suffix, { force: true });
  }
}
