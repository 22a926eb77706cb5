// `pwb copy` on a PostgreSQL library: read in one REPEATABLE READ snapshot through cursors,
// written in one transaction by the database owner, who alone may keep each row's original user
// (`pwb.copying`, checked by the database's triggers).
import type pg from 'pg';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import { fromPgError, redactUrl } from '../postgres/pgErrors';
import { openPostgresLibrary, writeRegistry } from '../postgres/pgLibrary';
import type { PostgresLibrary } from '../postgres/pgLibrary';
import type { ColumnKind, CopiedTable, CopySource, CopyTarget, Row } from './copyLibraryTables';
import { BATCH_ROWS, COPIED_TABLES } from './copyLibraryTables';

type Columns = Readonly<Record<string, ColumnKind>>;

/** The columns of `table` a PostgreSQL library has. */
function pgColumns(table: CopiedTable): Columns {
  return { ...table.columns, ...table.pgOnly };
}

/** What the select list reads for a column: JSON as the text it was written as. */
function selected(table: CopiedTable, column: string, kind: ColumnKind): string {
  // Rows a copy brought keep their original user as copied_actor (the actor is the copier).
  if (table.name === 'audit_log' && column === 'actor')
    return 'coalesce(copied_actor, actor) AS actor';
  return kind === 'json' ? `${column}::text AS ${column}` : column;
}

/** A value as PostgreSQL gave it, in the SQLite shape. */
function fromPg(value: unknown, kind: ColumnKind): string | number | null {
  if (value === null || value === undefined) return null;
  if (kind === 'time') return value instanceof Date ? value.toISOString() : String(value);
  if (kind === 'bool') return value === true ? 1 : 0;
  if (kind === 'int' || kind === 'real') return Number(value);
  return String(value);
}

/** A value in the SQLite shape, as PostgreSQL takes it. */
function toPg(value: string | number | null | undefined, kind: ColumnKind): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'bool') return value === 1 || value === '1';
  return value;
}

/** A connection lost under a query fails that query; the event itself must not end the process. */
const ignoreLost = (): void => undefined;

/** Opens the PostgreSQL library at `url` for reading, in one snapshot. */
export async function postgresSource(url: string): Promise<CopySource> {
  const library = await openPostgresLibrary({ url });
  let client: pg.PoolClient | undefined;
  try {
    client = await library.pool.connect();
    client.on('error', ignoreLost);
    // One snapshot of the whole library, while others keep writing.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    client?.release(true);
    await library.close();
    throw fromPgError(error, 'read the library to copy');
  }
  const reader = client;
  let cursors = 0;
  return {
    async currentVersions() {
      const rows = await reader
        .query<{ id: string; current_version: string }>(
          'SELECT id, current_version FROM prompts ORDER BY id',
        )
        .catch((error: unknown) => {
          throw fromPgError(error, 'read the library to copy');
        });
      return new Map(rows.rows.map((row) => [row.id, row.current_version]));
    },
    async *rows(table: CopiedTable) {
      const columns = Object.entries(pgColumns(table));
      const cursor = `pwb_copy_${(cursors += 1)}`;
      try {
        await reader.query(
          `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns
            .map(([column, kind]) => selected(table, column, kind))
            .join(', ')} FROM ${table.name} ORDER BY ${table.order.postgres}`,
        );
      } catch (error) {
        throw fromPgError(error, 'read the library to copy');
      }
      for (;;) {
        const fetched = await reader
          .query<Record<string, unknown>>(`FETCH ${BATCH_ROWS} FROM ${cursor}`)
          .catch((error: unknown) => {
            throw fromPgError(error, 'read the library to copy');
          });
        if (fetched.rows.length === 0) break;
        yield fetched.rows.map(
          (row) =>
            Object.fromEntries(
              columns.map(([column, kind]) => [column, fromPg(row[column], kind)]),
            ) as Row,
        );
        if (fetched.rows.length < BATCH_ROWS) break;
      }
      await reader.query(`CLOSE ${cursor}`).catch(() => undefined);
    },
    async close() {
      let broken = false;
      await reader.query('COMMIT').catch(() => {
        broken = true;
      });
      reader.release(broken);
      await library.close();
    },
  };
}

/**
 * Opens the PostgreSQL library at `url` for a copy: one transaction, as the database owner,
 * into a library holding no records.
 */
export async function postgresTarget(url: string): Promise<CopyTarget> {
  const library = await openPostgresLibrary({ url });
  let client: pg.PoolClient | undefined;
  try {
    client = await library.pool.connect();
    client.on('error', ignoreLost);
    await client.query('BEGIN');
    // Keeps each row's original user; only the database owner may (checked by the database).
    await client.query("SET LOCAL pwb.copying = 'on'");
    const owner = await client.query<{ copying: boolean }>('SELECT pwb_is_copying() AS copying');
    if (owner.rows[0]?.copying !== true) {
      throw new AppError('forbidden', `copy into ${redactUrl(url)} needs the database owner`);
    }
    await refuseNonEmpty(client, url);
  } catch (error) {
    await rollback(library, client);
    throw fromPgError(error, 'copy into this library');
  }
  const writer = client;
  let ended = false;
  const end = async (): Promise<void> => {
    if (ended) return;
    ended = true;
    await rollback(library, writer);
  };
  const failed = async (error: unknown): Promise<never> => {
    throw fromPgError(error, 'copy into this library');
  };
  return {
    async insert(table, rows) {
      if (rows.length === 0) return;
      const known = pgColumns(table);
      // Columns only PostgreSQL has travel when the source had them (a PostgreSQL library).
      const columns = Object.keys(known).filter((column) => column in (rows[0] as Row));
      const written = table.name === 'audit_log' ? [...columns, 'copied_actor'] : columns;
      const values: unknown[] = [];
      const tuples = rows.map((row) => {
        const start = values.length;
        for (const column of columns) values.push(toPg(row[column], known[column] ?? 'text'));
        if (table.name === 'audit_log') values.push(row['actor'] ?? null);
        return `(${written.map((_, index) => `$${start + index + 1}`).join(', ')})`;
      });
      await writer
        .query(
          `INSERT INTO ${table.name} (${written.join(', ')}) VALUES ${tuples.join(', ')}`,
          values,
        )
        .catch(failed);
    },
    async registry(documents) {
      try {
        for (const document of documents) {
          await writeRegistry(writer, JSON.parse(document) as Prompt, false);
        }
      } catch (error) {
        await failed(error);
      }
    },
    async commit() {
      try {
        // Sequences go past the copied values, so the next row written gets a new number.
        for (const table of COPIED_TABLES) {
          for (const column of table.serial ?? []) {
            await writer.query(
              `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${column}), 1),
                             max(${column}) IS NOT NULL) FROM ${table.name}`,
              [table.name, column],
            );
          }
        }
        await writer.query('COMMIT');
      } catch (error) {
        await end();
        await failed(error);
      }
      ended = true;
      writer.release();
      await library.close();
    },
    async abort() {
      await end();
    },
  };
}

/** Refuses a library that already holds a record of any kind a copy writes. */
async function refuseNonEmpty(client: pg.PoolClient, url: string): Promise<void> {
  const tables = [{ name: 'prompts', what: 'prompts' }, ...COPIED_TABLES];
  for (const table of tables) {
    const found = await client.query(`SELECT 1 FROM ${table.name} LIMIT 1`);
    if (found.rows.length > 0) {
      throw new AppError(
        'invalid_input',
        `copy: ${redactUrl(url)} already holds ${table.what}; copy into an empty library`,
      );
    }
  }
}

/** Rolls back (if the connection still answers) and closes the library. */
async function rollback(
  library: PostgresLibrary,
  client: pg.PoolClient | undefined,
): Promise<void> {
  if (client) {
    let broken = false;
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    client.release(broken);
  }
  await library.close();
}
