// Live updates that survive the server: a subscriber of a team library on a PostgreSQL server of
// the test's own hears a second client's save after the server was stopped and started again
// (told to read everything again first), a killed connection is replaced, and unsubscribing
// leaves no connection or timer behind, even while the server is away.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPostgres } from '../../testKit/postgresServer';
import type { OwnPostgres } from '../../testKit/postgresServer';
import { textDoc } from '../prompts/fixtures/testLibrary';
import type { LibraryChange } from '../library/libraryStore';
import type { PostgresLibrary } from './pgLibrary';
import { CHANGE_CHANNEL, openPostgresLibrary } from './pgLibrary';
import { ChangeListener, LISTENER_APPLICATION } from './pgListener';

let server: OwnPostgres;
const opened: PostgresLibrary[] = [];

beforeAll(async () => {
  server = await startOwnPostgres();
}, 120_000);

afterEach(async () => {
  for (const library of opened.splice(0)) await library.close();
});

afterAll(async () => {
  await server?.stop();
}, 60_000);

/** Short pauses so a reconnect happens within the test's patience. */
const QUICK = { checkMs: 500, firstRetryMs: 50, maxRetryMs: 400 };

async function open(url: string): Promise<PostgresLibrary> {
  const library = await openPostgresLibrary({ url, listen: QUICK });
  opened.push(library);
  return library;
}

/** How many listening connections the server has on the database of `url`. */
async function listening(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: server.kit.adminUrl });
  await client.connect();
  try {
    const found = await client.query<{ count: string }>(
      'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2',
      [LISTENER_APPLICATION, new URL(url).pathname.slice(1)],
    );
    return Number(found.rows[0]?.count);
  } finally {
    await client.end();
  }
}

/**
 * Follows the timers the listener's own code sets (told apart by where they were made), so timers
 * of pg, of vitest or of an earlier test starting or ending meanwhile cannot move the count.
 */
function watchListenerTimers(): { pending: () => number; restore: () => void } {
  const live = new Set<unknown>();
  const real = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
  };
  const fromListener = (): boolean => /pgListener\.ts:/.test(new Error().stack ?? '');
  globalThis.setTimeout = ((run: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = real.setTimeout(() => {
      live.delete(handle);
      run(...args);
    }, ms);
    if (fromListener()) live.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.setInterval = ((
    run: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle = real.setInterval(run, ms, ...args);
    if (fromListener()) live.add(handle);
    return handle;
  }) as typeof setInterval;
  globalThis.clearTimeout = ((handle?: Parameters<typeof clearTimeout>[0]) => {
    live.delete(handle);
    real.clearTimeout(handle);
  }) as typeof clearTimeout;
  globalThis.clearInterval = ((handle?: Parameters<typeof clearInterval>[0]) => {
    live.delete(handle);
    real.clearInterval(handle);
  }) as typeof clearInterval;
  return {
    pending: () => live.size,
    restore: () => Object.assign(globalThis, real),
  };
}

describe('listening to a team library across a server restart', () => {
  it("hears a second client's save after the server stops and starts again", async () => {
    const url = await server.kit.createDatabase();
    const first = await open(url);
    const seen: LibraryChange[] = [];
    const stop = await first.subscribe((change) => seen.push(change));
    try {
      await first.save({ document: textDoc('greet', 'Hi') });
      await expect.poll(() => seen).toEqual([{ kind: 'saved', id: 'greet', version: '1.0.0' }]);

      await server.pause();
      await server.resume();
      // Announcements made while it was away are lost: the subscriber is told to read again.
      await expect.poll(() => seen.at(-1), { timeout: 20_000 }).toEqual({ kind: 'resync' });
      expect(await listening(url)).toBe(1);

      const second = await open(url);
      await second.save({ document: textDoc('greet', 'Hello'), base: '1.0.0' });
      await expect
        .poll(() => seen.at(-1), { timeout: 10_000 })
        .toEqual({ kind: 'saved', id: 'greet', version: '1.0.1' });
      // The first client's pool is back too.
      expect((await first.get('greet')).template?.content).toBe('Hello');
    } finally {
      await stop();
    }
    await expect.poll(() => listening(url)).toBe(0);
  }, 90_000);

  it('replaces a listening connection the server ends, and says resync', async () => {
    const url = await server.kit.createDatabase();
    const library = await open(url);
    const seen: LibraryChange[] = [];
    const stop = await library.subscribe((change) => seen.push(change));
    try {
      const admin = new pg.Client({ connectionString: server.kit.adminUrl });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2',
        [LISTENER_APPLICATION, new URL(url).pathname.slice(1)],
      );
      await admin.end();
      await expect.poll(() => seen, { timeout: 10_000 }).toEqual([{ kind: 'resync' }]);
      await library.save({ document: textDoc('again', 'Hi') });
      await expect
        .poll(() => seen.at(-1))
        .toEqual({ kind: 'saved', id: 'again', version: '1.0.0' });
    } finally {
      await stop();
    }
  });

  it('leaves no connection or timer behind, even when stopped while the server is away', async () => {
    const url = await server.kit.createDatabase();
    // The listener alone: a pool keeps timers of its own for idle connections.
    const timers = watchListenerTimers();
    try {
      const seen: LibraryChange[] = [];
      const listener = await ChangeListener.start({
        url,
        channel: CHANGE_CHANNEL,
        onChange: (change) => seen.push(change),
        ...QUICK,
      });
      expect(await listening(url)).toBe(1);
      expect(timers.pending()).toBe(1); // the connection check

      await server.pause();
      // Long enough for the loss to be noticed and a few reconnects to fail while it is down.
      try {
        await new Promise((resolve) => setTimeout(resolve, QUICK.maxRetryMs * 3));
        await listener.stop();
        expect(timers.pending()).toBe(0);
      } finally {
        await server.resume();
      }
      // Several of the reconnect's pauses later, nobody came back to listen.
      await new Promise((resolve) => setTimeout(resolve, QUICK.maxRetryMs * 4));
      expect(await listening(url)).toBe(0);
      expect(seen).toEqual([]);
      expect(timers.pending()).toBe(0);
    } finally {
      timers.restore();
    }
  }, 90_000);

  it('ends its subscriptions when the library is closed or they are undone', async () => {
    const url = await server.kit.createDatabase();
    const library = await openPostgresLibrary({ url, listen: QUICK });
    const undo = await library.subscribe(() => undefined);
    await library.subscribe(() => undefined);
    expect(await listening(url)).toBe(2);
    await undo();
    await expect.poll(() => listening(url)).toBe(1);
    await library.close();
    await expect.poll(() => listening(url)).toBe(0);
    // Undoing after the close is harmless.
    await undo();
  });
});
