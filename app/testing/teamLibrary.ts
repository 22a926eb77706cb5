// Test kit: a team library on the real PostgreSQL server of the test kit, served in browser mode
// as a user of a given role, with the owner's connection beside it (another client).
// Runs only in Node under vitest (see liveLibrary.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { startBrowserMode } from '../../electron/server/browserMode';
import { openPostgresLibrary } from '../../electron/services/postgres/pgLibrary';
import type { PostgresLibrary } from '../../electron/services/postgres/pgLibrary';
import type { LibraryRole } from '../../electron/services/library/libraryStore';
import { addUser, initLibrary } from '../../electron/services/postgres/pgUsers';
// Named apart: it registers vitest hooks, not React ones.
import { usePostgres as postgresForThisFile } from '../../electron/testKit/postgres';
import { httpTransport } from '../api/transport';
import type { Transport } from '../api/transport';

/** A team library served to the page as one user, and the owner's own client to it. */
export interface TeamPage {
  /** The page's transport, as the user of the role asked for. */
  transport: Transport;
  /** The database owner's client (an admin): another workbench on the same library. */
  owner: PostgresLibrary;
  /** The login name of the page's user. */
  user: string;
}

/**
 * Registers hooks that start the server for the calling file; `open(role)` makes a fresh
 * library, a user of `role` and browser mode as that user (stopped after the file).
 */
export function teamPages(): { open(role: LibraryRole): Promise<TeamPage> } {
  const postgres = postgresForThisFile();
  const cleanups: (() => Promise<void>)[] = [];
  afterAllCleanups(cleanups);
  return {
    async open(role) {
      const url = await postgres.freshDatabase();
      await initLibrary(url);
      const owner = await openPostgresLibrary({ url });
      cleanups.push(() => owner.close());
      const user = `${role.slice(0, 3)}_${randomBytes(3).toString('hex')}`;
      const asUser = new URL(url);
      asUser.username = user;
      asUser.password = await addUser(owner, user, role);
      const folder = mkdtempSync(join(tmpdir(), 'pwb-team-page-'));
      const session = await startBrowserMode({
        dbPath: asUser.toString(),
        port: 0,
        staticDir: join(folder, 'no-page'),
        localFolder: folder,
        log: () => undefined,
        warn: () => undefined,
      });
      cleanups.push(async () => {
        await session.stop();
        rmSync(folder, { recursive: true, force: true });
      });
      const { token, url: served } = session.server;
      return { transport: httpTransport(token, new URL(served).origin), owner, user };
    },
  };
}

/** Runs the cleanups, newest first, after the file's tests (before the server stops). */
function afterAllCleanups(cleanups: (() => Promise<void>)[]): void {
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
}
