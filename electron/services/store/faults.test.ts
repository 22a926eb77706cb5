import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { openDatabase, type Database } from './database';
import { retryWhenBusy, storageFault } from './faults';

let dir: string;
let db: Database;
let holder: BetterSqlite3.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-faults-'));
  db = openDatabase(path.join(dir, 'a.db'));
  holder = new BetterSqlite3(path.join(dir, 'a.db'));
});
afterEach(() => {
  if (holder.inTransaction) holder.exec('ROLLBACK');
  holder.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const writePartial = (name: string) => () =>
  db.prepare("INSERT INTO partials (name, content, updated_at) VALUES (?, 'x', 'now')").run(name);

describe('storageFault', () => {
  it('names each fault with a code and a message saying what to do', () => {
    const cases: [string, string, RegExp][] = [
      ['SQLITE_BUSY', 'busy', /Another program is writing to this library/],
      ['SQLITE_BUSY_SNAPSHOT', 'busy', /try again/],
      ['SQLITE_READONLY', 'read_only', /read-only.*Copy it to a folder you can write to/],
      ['SQLITE_READONLY_DIRECTORY', 'read_only', /read-only/],
      ['EROFS', 'read_only', /read-only/],
      ['SQLITE_FULL', 'disk_full', /disk .* is full.*Free some space/],
      ['ENOSPC', 'disk_full', /full/],
      ['SQLITE_CORRUPT', 'corrupt', /damaged.*Restore a backup/],
      ['SQLITE_NOTADB', 'corrupt', /damaged/],
    ];
    for (const [cause, code, message] of cases) {
      const fault = storageFault(Object.assign(new Error('raw'), { code: cause }));
      expect(fault?.code, cause).toBe(code);
      expect(fault?.message, cause).toMatch(message);
    }
    expect(storageFault(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }))).toBe(
      undefined,
    );
    expect(storageFault(new AppError('conflict', 'x'))).toBe(undefined);
  });
});

describe('retryWhenBusy', () => {
  it('a write meeting the lock is retried on timers and lands once the lock is free', async () => {
    holder.exec('BEGIN IMMEDIATE');
    let tries = 0;
    const write = retryWhenBusy(() => {
      tries += 1;
      return writePartial('later')();
    });
    // The thread is free while the write waits: this timer runs and releases the lock.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tries).toBeGreaterThan(1);
    holder.exec('COMMIT');
    await write;
    expect(db.prepare('SELECT name FROM partials').pluck().all()).toEqual(['later']);
  });

  it('ends in busy, writing nothing, when the lock stays taken past the limit', async () => {
    holder.exec('BEGIN IMMEDIATE');
    const error = await retryWhenBusy(writePartial('never'), { limitMs: 100 }).then(
      () => expect.unreachable(),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('busy');
    holder.exec('ROLLBACK');
    expect(db.prepare('SELECT count(*) FROM partials').pluck().get()).toBe(0);
  });

  it('reads go on while another connection holds the write lock', async () => {
    holder.exec('BEGIN IMMEDIATE');
    holder.exec("INSERT INTO partials (name, content, updated_at) VALUES ('pending', 'x', 'now')");
    const count = await retryWhenBusy(
      () => db.prepare('SELECT count(*) FROM partials').pluck().get(),
      { limitMs: 0 },
    );
    expect(count).toBe(0);
  });

  it('passes other errors through unchanged', async () => {
    const error = await retryWhenBusy(() => {
      throw new AppError('not_found', 'gone');
    }).then(
      () => expect.unreachable(),
      (caught: unknown) => caught,
    );
    expect((error as AppError).code).toBe('not_found');
  });
});

describe('openDatabase faults', () => {
  it('calls a damaged file corrupt, leaving it untouched', () => {
    const file = path.join(dir, 'damaged.db');
    fs.copyFileSync(path.join(dir, 'a.db'), file);
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, 4096);
    fs.writeFileSync(file, bytes);
    const error = (() => {
      try {
        openDatabase(file);
      } catch (caught) {
        return caught;
      }
      return expect.unreachable();
    })();
    expect((error as AppError).code).toBe('corrupt');
    expect((error as AppError).message).toMatch(
      /damaged\.db is not a Prompt Workbench database, or it is damaged/,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
