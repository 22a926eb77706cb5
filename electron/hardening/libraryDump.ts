// A full, deterministic text dump of a library database, for before/after comparisons in tests.
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../services/store/database';

/** Options of a dump. */
export interface DumpOptions {
  /**
   * Tables left out. Only for tables a refused request is meant to write to: a failed render is
   * recorded in `metric_events` on purpose (it feeds the error rate).
   */
  exclude?: readonly string[];
}

interface TableRow {
  name: string;
  sql: string | null;
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function cell(value: unknown): string {
  if (value === null) return 'NULL';
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/**
 * Dumps the schema version, every table's DDL and every row of every table (FTS shadow tables
 * included), rows sorted by their text, so two dumps are equal exactly when the data is.
 * Takes an open connection or a file path (opened read-only, then closed).
 */
export function dumpLibrary(source: Database | string, options: DumpOptions = {}): string {
  const db = typeof source === 'string' ? new BetterSqlite3(source, { readonly: true }) : source;
  try {
    return dumpOpen(db, new Set(options.exclude ?? []));
  } finally {
    if (typeof source === 'string') db.close();
  }
}

function dumpOpen(db: Database, exclude: ReadonlySet<string>): string {
  const lines: string[] = [`user_version ${String(db.pragma('user_version', { simple: true }))}`];
  const objects = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema
       WHERE type IN ('table', 'index', 'trigger', 'view') AND name NOT LIKE 'sqlite_%'
       ORDER BY type, name`,
    )
    .all() as TableRow[];
  for (const object of objects) lines.push(`ddl ${object.name}: ${object.sql ?? ''}`);
  const tables = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all() as TableRow[];
  for (const table of tables) {
    if (exclude.has(table.name)) continue;
    // Virtual tables are read through their shadow tables, which hold the same data exactly.
    if (/^CREATE VIRTUAL TABLE/i.test(table.sql ?? '')) continue;
    const rows = db
      .prepare(`SELECT * FROM ${quoteName(table.name)}`)
      .raw()
      .all() as unknown[][];
    const texts = rows.map((row) => row.map(cell).join(' | ')).sort();
    lines.push(`table ${table.name} (${texts.length} rows)`, ...texts.map((text) => `  ${text}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Row counts of every table (a cheap summary for assertion messages). */
export function tableCounts(db: Database): Record<string, number> {
  const names = db
    .prepare(
      `SELECT name FROM sqlite_schema
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'
       ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = db
      .prepare(`SELECT count(*) FROM ${quoteName(name)}`)
      .pluck()
      .get() as number;
  }
  return counts;
}
