import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database';
import { cachedStatement } from './statements';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-statements-'));
  db = openDatabase(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cachedStatement', () => {
  it('prepares a SQL text once per connection', () => {
    const sql = 'SELECT count(*) AS n FROM prompts';
    expect(cachedStatement(db, sql)).toBe(cachedStatement(db, sql));
    const other = openDatabase(path.join(dir, 'b.db'));
    try {
      expect(cachedStatement(other, sql)).not.toBe(cachedStatement(db, sql));
    } finally {
      other.close();
    }
  });

  it('sets the result mode on every call, since callers share the statement', () => {
    const sql = 'SELECT 7 AS n';
    expect(cachedStatement(db, sql, { pluck: true }).get()).toBe(7);
    expect(cachedStatement(db, sql).get()).toEqual({ n: 7 });
    expect(cachedStatement(db, sql, { pluck: true }).get()).toBe(7);
  });

  it('runs writes and sees their effect in later reads', () => {
    const insert = 'INSERT INTO drafts (prompt_id, document, updated_at) VALUES (?, ?, ?)';
    cachedStatement(db, insert).run('a', '{}', 'now');
    cachedStatement(db, insert).run('b', '{}', 'now');
    expect(cachedStatement(db, 'SELECT count(*) FROM drafts', { pluck: true }).get()).toBe(2);
  });

  it('keeps working when the schema changes under a cached statement', () => {
    const sql = 'SELECT count(*) FROM drafts';
    expect(cachedStatement(db, sql, { pluck: true }).get()).toBe(0);
    db.exec('CREATE TABLE extra (x)');
    expect(cachedStatement(db, sql, { pluck: true }).get()).toBe(0);
  });
});
