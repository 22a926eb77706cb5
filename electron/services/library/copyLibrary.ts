// `pwb copy FROM TO`: a whole library between any two databases (SQLite file or PostgreSQL URL),
// in one transaction on the target, refusing a target that already holds prompts and anything
// the target engine cannot keep yet (so a copy is all or nothing, and lossless).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import { fromPgError, redactUrl } from '../postgres/pgErrors';
import { isPostgresUrl, openPostgresLibrary, writeRegistry } from '../postgres/pgLibrary';
import { registryEntry } from '../prompts/versionEncoding';
import { insertVersionRow, setRegistry } from '../prompts/versionStore';
import { openDatabase } from '../store/database';
import type { Database } from '../store/database';

type Row = Record<string, string | number | null>;

/** Tables copied as they are, with their columns (history tables in id order). */
const RAW_TABLES = {
  schemas: ['name', 'document', 'version', 'updated_at', 'source'],
  schema_history: ['name', 'action', 'document', 'version', 'hash', 'saved_at', 'actor'],
  partials: ['name', 'content', 'updated_at'],
  partial_history: ['name', 'action', 'content', 'hash', 'saved_at', 'actor'],
} as const;
type RawTable = keyof typeof RAW_TABLES;

const VERSION_COLUMNS = [
  'prompt_id',
  'version',
  'document',
  'changelog',
  'author',
  'created_at',
  'parent_version',
  'checksum',
] as const;
const LABEL_COLUMNS = ['prompt_id', 'label', 'version', 'updated_at', 'updated_by'] as const;
const AUDIT_COLUMNS = [
  'at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'version',
  'before_hash',
  'after_hash',
  'summary',
] as const;
const TEST_COLUMNS = ['prompt_id', 'position', 'name', 'document', 'updated_at'] as const;

/** Everything a copy carries, as rows in the SQLite shapes (ISO timestamps, JSON as text). */
export interface LibraryDump {
  current: { id: string; current_version: string }[];
  versions: Row[];
  labels: Row[];
  audit: Row[];
  tests: Row[];
  raw: Record<RawTable, Row[]>;
}

/** What a copy wrote. */
export interface CopyReport {
  prompts: number;
  versions: number;
  labels: number;
  audit: number;
  schemas: number;
  partials: number;
  tests: number;
}

/** SQLite tables a PostgreSQL library cannot hold yet: a copy holding rows there is refused. */
const NOT_ON_POSTGRES: Record<string, string> = {
  eval_runs: 'evaluation runs',
  providers: 'added model providers',
  model_prices: 'model prices',
};

/** Copies the library at `from` into `to` (paths resolve against `cwd`). */
export async function copyLibrary(from: string, to: string, cwd: string): Promise<CopyReport> {
  const source = isPostgresUrl(from) ? from : resolve(cwd, from);
  const target = isPostgresUrl(to) ? to : resolve(cwd, to);
  if (source === target)
    throw new AppError('invalid_input', 'copy: FROM and TO are the same library');
  if (!isPostgresUrl(source) && !existsSync(source)) {
    throw new AppError('not_found', `copy: no library at ${source}`);
  }
  const dump = isPostgresUrl(source)
    ? await dumpPostgres(source)
    : dumpSqlite(source, isPostgresUrl(target));
  if (isPostgresUrl(target)) await loadPostgres(target, dump);
  else loadSqlite(target, dump);
  return {
    prompts: dump.current.length,
    versions: dump.versions.length,
    labels: dump.labels.length,
    audit: dump.audit.length,
    schemas: dump.raw.schemas.length,
    partials: dump.raw.partials.length,
    tests: dump.tests.length,
  };
}

function selectAll(db: Database, table: string, columns: readonly string[], order: string): Row[] {
  return db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`).all() as Row[];
}

function dumpSqlite(file: string, toPostgres: boolean): LibraryDump {
  const db = openDatabase(file);
  try {
    if (toPostgres) {
      for (const [table, what] of Object.entries(NOT_ON_POSTGRES)) {
        if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get()) {
          throw new AppError(
            'invalid_input',
            `copy: ${file} holds ${what}, which a PostgreSQL library cannot keep yet; nothing was copied`,
          );
        }
      }
    }
    return db.transaction(() => ({
      current: db
        .prepare('SELECT id, current_version FROM prompts ORDER BY id')
        .all() as LibraryDump['current'],
      versions: selectAll(db, 'prompt_versions', VERSION_COLUMNS, 'prompt_id, created_at, rowid'),
      labels: selectAll(db, 'prompt_labels', LABEL_COLUMNS, 'prompt_id, label'),
      audit: selectAll(db, 'audit_log', AUDIT_COLUMNS, 'id'),
      tests: selectAll(db, 'test_cases', TEST_COLUMNS, 'prompt_id, position'),
      raw: rawTables((table, columns) =>
        selectAll(db, table, columns, table.endsWith('history') ? 'id' : 'name'),
      ),
    }))();
  } finally {
    db.close();
  }
}

function rawTables(
  read: (table: RawTable, columns: readonly string[]) => Row[],
): Record<RawTable, Row[]> {
  const out = {} as Record<RawTable, Row[]>;
  for (const [table, columns] of Object.entries(RAW_TABLES) as [RawTable, readonly string[]][]) {
    out[table] = read(table, columns);
  }
  return out;
}

const iso = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

async function dumpPostgres(url: string): Promise<LibraryDump> {
  const library = await openPostgresLibrary({ url });
  const client = await library.pool.connect();
  try {
    // One snapshot of the whole library, while others keep writing.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const rows = async (sql: string): Promise<Row[]> =>
      (await client.query(sql)).rows.map(
        (row: Record<string, unknown>) =>
          Object.fromEntries(Object.entries(row).map(([key, value]) => [key, iso(value)])) as Row,
      );
    const dump: LibraryDump = {
      current: (await rows(
        'SELECT id, current_version FROM prompts ORDER BY id',
      )) as LibraryDump['current'],
      versions: await rows(
        `SELECT prompt_id, version, document::text AS document, changelog, author, created_at,
                parent_version, checksum FROM prompt_versions ORDER BY prompt_id, created_at`,
      ),
      labels: await rows(
        `SELECT ${LABEL_COLUMNS.join(', ')} FROM prompt_labels ORDER BY prompt_id, label`,
      ),
      audit: await rows(
        `SELECT at, coalesce(copied_actor, actor) AS actor, action, entity_type, entity_id, version,
                before_hash, after_hash, summary FROM audit_log ORDER BY id`,
      ),
      tests: await rows(
        `SELECT ${TEST_COLUMNS.join(', ')} FROM test_cases ORDER BY prompt_id, position`,
      ),
      raw: {} as Record<RawTable, Row[]>,
    };
    for (const [table, columns] of Object.entries(RAW_TABLES) as [RawTable, readonly string[]][]) {
      const order = table.endsWith('history') ? 'id' : 'name';
      dump.raw[table] = await rows(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`);
    }
    await client.query('COMMIT');
    return dump;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw fromPgError(error, 'read the library to copy');
  } finally {
    client.release();
    await library.close();
  }
}

function insertRows(db: Database, table: string, columns: readonly string[], rows: Row[]): void {
  const insert = db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  for (const row of rows) insert.run(...columns.map((column) => row[column] ?? null));
}

function loadSqlite(file: string, dump: LibraryDump): void {
  const db = openDatabase(file);
  try {
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM prompts LIMIT 1').get()) {
        throw new AppError(
          'invalid_input',
          `copy: ${file} already holds prompts; copy into an empty library`,
        );
      }
      for (const row of dump.versions) {
        insertVersionRow(db, {
          id: String(row['prompt_id']),
          version: String(row['version']),
          json: String(row['document']),
          checksum: String(row['checksum']),
          changelog: row['changelog'] as string | null,
          author: row['author'] as string | null,
          created_at: String(row['created_at']),
          parent_version: row['parent_version'] as string | null,
        });
      }
      for (const entry of dump.current)
        setRegistry(db, registryEntry(currentDocument(dump, entry)));
      insertRows(db, 'prompt_labels', LABEL_COLUMNS, dump.labels);
      insertRows(db, 'audit_log', AUDIT_COLUMNS, dump.audit);
      insertRows(db, 'test_cases', TEST_COLUMNS, dump.tests);
      for (const [table, columns] of Object.entries(RAW_TABLES) as [
        RawTable,
        readonly string[],
      ][]) {
        insertRows(db, table, columns, dump.raw[table]);
      }
    }).immediate();
  } finally {
    db.close();
  }
}

function currentDocument(
  dump: LibraryDump,
  entry: { id: string; current_version: string },
): Prompt {
  const row = dump.versions.find(
    (version) => version['prompt_id'] === entry.id && version['version'] === entry.current_version,
  );
  if (!row) throw new AppError('internal', `copy: prompt '${entry.id}' has no current version row`);
  return JSON.parse(String(row['document'])) as Prompt;
}

async function insertPg(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Row[],
): Promise<void> {
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`;
  for (const row of rows)
    await client.query(
      sql,
      columns.map((column) => row[column] ?? null),
    );
}

async function loadPostgres(url: string, dump: LibraryDump): Promise<void> {
  const library = await openPostgresLibrary({ url });
  const client = await library.pool.connect();
  try {
    await client.query('BEGIN');
    // Keeps each row's original user; only the database owner may (checked by the database).
    await client.query("SET LOCAL pwb.copying = 'on'");
    const owner = await client.query<{ copying: boolean }>('SELECT pwb_is_copying() AS copying');
    if (owner.rows[0]?.copying !== true) {
      throw new AppError('forbidden', `copy into ${redactUrl(url)} needs the database owner`);
    }
    const taken = await client.query('SELECT 1 FROM prompts LIMIT 1');
    if (taken.rows.length > 0) {
      throw new AppError(
        'invalid_input',
        `copy: ${redactUrl(url)} already holds prompts; copy into an empty library`,
      );
    }
    await insertPg(client, 'prompt_versions', VERSION_COLUMNS, dump.versions);
    for (const entry of dump.current) {
      await writeRegistry(client, currentDocument(dump, entry), false);
    }
    await insertPg(client, 'prompt_labels', LABEL_COLUMNS, dump.labels);
    await insertPg(
      client,
      'audit_log',
      [...AUDIT_COLUMNS, 'copied_actor'],
      dump.audit.map((row) => ({ ...row, copied_actor: row['actor'] ?? null })),
    );
    await insertPg(client, 'test_cases', TEST_COLUMNS, dump.tests);
    for (const [table, columns] of Object.entries(RAW_TABLES) as [RawTable, readonly string[]][]) {
      await insertPg(client, table, columns, dump.raw[table]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw fromPgError(error, 'copy into this library');
  } finally {
    client.release();
    await library.close();
  }
}
