// Test kit: the process's PostgreSQL server for a vitest file, and a fresh database per test.
import { afterAll, beforeAll } from 'vitest';
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
