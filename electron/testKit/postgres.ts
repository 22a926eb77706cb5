// Test kit: the process's PostgreSQL server for a vitest file, a fresh database per test, and a
// fresh library on each engine for conformance suites.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createServices } from '../services/index';
import type { Services } from '../services/index';
import { SqliteLibrary } from '../services/library/sqliteLibrary';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import type { PostgresLibrary } from '../services/postgres/pgLibrary';
import { acquirePostgres, releasePostgres } from './postgresServer';
import type { TestPostgres } from './postgresServer';

export type { TestPostgres };

/** What a test file gets from usePostgres. */
export interface PostgresForTests {
  /** The running server (valid inside tests and hooks after beforeAll). */
  server(): TestPostgres;
  /** A new empty database for one test (dropped after the file). */
  freshDatabase(): Promise<string>;
}

/**
 * Registers hooks that take this process's server before the file's tests and give it back
 * after, dropping every database the file made.
 */
export function usePostgres(): PostgresForTests {
  let server: TestPostgres | undefined;
  const made: string[] = [];
  beforeAll(async () => {
    server = await acquirePostgres();
  }, 120_000);
  afterAll(async () => {
    if (!server) return;
    const kit = server;
    server = undefined;
    for (const url of made.splice(0)) await kit.dropDatabase(url);
    await releasePostgres();
  }, 60_000);
  return {
    server() {
      if (!server) throw new Error('usePostgres: the server is not started yet (use it in a test)');
      return server;
    },
    async freshDatabase() {
      if (!server) throw new Error('usePostgres: the server is not started yet (use it in a test)');
      const url = await server.createDatabase();
      made.push(url);
      return url;
    },
  };
}

/** How a suite reads what it tests from a fresh library on each engine. */
export interface EngineOpeners<T> {
  /** From a SQLite library's services (the library is the one over them). */
  sqlite(services: Services, library: SqliteLibrary): T | Promise<T>;
  postgres(library: PostgresLibrary): T | Promise<T>;
}

/** One engine of a conformance suite, for `describe.each(…)('… on $name', …)`. */
export interface Engine<T> {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty library (a SQLite file in a temp folder, a fresh PostgreSQL database). */
  open(): Promise<T>;
}

/**
 * Both engines for one suite: each `open()` makes a new library as user `tester` (SQLite) or the
 * server's admin (PostgreSQL) and closes it after the test.
 */
export function eachEngine<T>(postgres: PostgresForTests, openers: EngineOpeners<T>): Engine<T>[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return [
    {
      name: 'sqlite',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'pwb-engine-'));
        cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
        const services = createServices({ dbPath: join(dir, 'library.db'), actor: 'tester' });
        const library = new SqliteLibrary({ services, actor: 'tester', owned: services });
        cleanups.push(() => library.close());
        return openers.sqlite(services, library);
      },
    },
    {
      name: 'postgres',
      async open() {
        const library = await openPostgresLibrary({ url: await postgres.freshDatabase() });
        cleanups.push(() => library.close());
        return openers.postgres(library);
      },
    },
  ];
}
