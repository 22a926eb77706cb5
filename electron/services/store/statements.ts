// Prepared statements kept per connection, so hot paths compile their SQL once, not per call.
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database';

/** Most distinct SQL texts kept per connection (the library query builds a handful of shapes). */
const MAX_STATEMENTS = 200;

const caches = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The prepared statement for `sql` on `db`, prepared on first use. `pluck` sets whether it
 * returns the first column alone; it is set on every call because the statement is shared.
 * Only for SQL whose text comes from our code (never from input), as for `db.prepare`.
 */
export function cachedStatement(
  db: Database,
  sql: string,
  options: { pluck?: boolean } = {},
): BetterSqlite3.Statement {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    // A bounded map: the oldest shape goes first should the set of shapes ever grow.
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
    cache.set(sql, statement);
  }
  // Only statements that return rows accept a result mode.
  if (statement.reader) statement.pluck(options.pluck === true);
  return statement;
}
