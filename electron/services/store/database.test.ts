import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { openDatabase, schemaVersion, type Database } from './database';
import { MIGRATIONS, type Migration } from './migrations';

let dir: string;
const open: Database[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-store-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function track(db: Database): Database {
  open.push(db);
  return db;
}

const tables = (db: Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[])
    .map((row) => row.name)
    .sort();

const backups = (): string[] => fs.readdirSync(dir).filter((name) => name.includes('.bak-v'));

describe('openDatabase', () => {
  it('creates the folder and file, applies every migration and sets user_version', () => {
    const file = path.join(dir, 'nested', 'deeper', 'workbench.db');
    const db = track(openDatabase(file));
    expect(fs.existsSync(file)).toBe(true);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'prompts',
        'prompt_versions',
        'prompt_tags',
        'prompt_search',
        'schemas',
        'schema_history',
        'partials',
        'partial_history',
        'metric_events',
        'audit_log',
        'drafts',
      ]),
    );
  });

  it('puts the durability pragmas in effect', () => {
    const db = track(openDatabase(path.join(dir, 'a.db')));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(0);
  });

  it('takes no backup of a brand-new file', () => {
    track(openDatabase(path.join(dir, 'new.db')));
    expect(backups()).toEqual([]);
  });

  it('reopens an up-to-date database without migrating or backing up again', () => {
    const file = path.join(dir, 'b.db');
    openDatabase(file).close();
    const db = track(openDatabase(file));
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(backups()).toEqual([]);
  });

  it('backs up an existing database before migrating it, keeping its data in the copy', () => {
    const file = path.join(dir, 'c.db');
    const first = openDatabase(file);
    first
      .prepare("INSERT INTO partials (name, content, updated_at) VALUES ('sig', 'Bob', 'now')")
      .run();
    first.close();
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      description: 'test-only step',
      sql: 'CREATE TABLE later_feature (x INTEGER);',
    };
    const db = track(openDatabase(file, [...MIGRATIONS, extra]));
    expect(schemaVersion(db)).toBe(extra.version);
    expect(tables(db)).toContain('later_feature');
    const [backup] = backups();
    expect(backup).toMatch(
      new RegExp(`^c\\.db\\.bak-v${MIGRATIONS.length}-\\d{8}T\\d{6}-\\d{3}Z$`),
    );
    const copy = track(new BetterSqlite3(path.join(dir, backup ?? ''), { readonly: true }));
    expect(schemaVersion(copy)).toBe(MIGRATIONS.length);
    expect(copy.prepare('SELECT content FROM partials').pluck().get()).toBe('Bob');
    expect(tables(copy)).not.toContain('later_feature');
  });

  it('backs up a file that has tables but user_version 0', () => {
    const file = path.join(dir, 'legacy.db');
    const legacy = new BetterSqlite3(file);
    legacy.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (1);');
    legacy.close();
    track(openDatabase(file));
    expect(backups()).toEqual([expect.stringMatching(/^legacy\.db\.bak-v0-/)]);
  });

  it('applies a failing migration not at all: schema version and tables unchanged', () => {
    const file = path.join(dir, 'd.db');
    openDatabase(file).close();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      description: 'fails halfway',
      sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => openDatabase(file, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    const db = track(openDatabase(file));
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).not.toContain('half_done');
  });

  it('refuses a database written by a newer version, with a clear message', () => {
    const file = path.join(dir, 'future.db');
    const future = new BetterSqlite3(file);
    future.pragma('user_version = 99');
    future.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).message).toMatch(
      new RegExp(`newer Prompt Workbench \\(schema 99; .* up to ${MIGRATIONS.length}\\)`),
    );
    expect(backups()).toEqual([]);
  });

  it('refuses a file that is not a database, leaving it untouched', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'x'.repeat(4096));
    expect(() => openDatabase(file)).toThrow(/notes\.txt is not a Prompt Workbench database/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x'.repeat(4096));
  });

  it('rejects a migration list that is out of order', () => {
    const bad: Migration[] = [{ version: 2, description: 'skips one', sql: '' }];
    expect(() => openDatabase(path.join(dir, 'e.db'), bad)).toThrow(/numbered/);
  });
});
