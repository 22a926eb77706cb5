// The e2e fixture: a temp database, the real `pwb serve` (or Electron), the page opened on it,
// and a failure for any uncaught page error or console error.
import { test as base, expect, _electron } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, SEED_EXAMPLES, makeSandbox, runPwb, startServe } from './server';
import type { Sandbox } from './server';

export { expect };

/** Which app the tests drive: the browser against `pwb serve`, or the Electron window. */
export type AppKind = 'browser' | 'electron';

/** Shared by the tests of one worker. */
export interface WorkerFixtures {
  /** A database with the seed examples imported, made once per worker and copied per test. */
  seededDatabase: string;
}

/** What a test gets. */
export interface WorkbenchFixtures {
  /** Import the seed examples (via `pwb import`) before the app starts. */
  seeded: boolean;
  appKind: AppKind;
  sandbox: Sandbox;
  /** The app, opened and showing the navigation "Prompt library". */
  app: Page;
  /** Errors the page reported; the test fails when any remain at its end. */
  pageErrors: string[];
}

/** Absolute path of the seed's example folder. */
export const seedExamples = SEED_EXAMPLES;

/**
 * Application errors travel as HTTP 4xx answers (a missing variable is a 422, an unknown prompt a
 * 404) and the page shows them where they belong, but Chromium also logs every 4xx fetch to the
 * console. Those lines are expected; a 5xx, or a 4xx for anything but the API, still fails.
 */
function isExpectedApiRefusal(text: string, url: string): boolean {
  return /status of 4\d\d/.test(text) && new URL(url, 'http://x').pathname.startsWith('/api/');
}

function watchErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (isExpectedApiRefusal(text, message.location().url)) return;
    errors.push(`console: ${text} (${message.location().url})`);
  });
}

async function waitForLibrary(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Prompt library' })).toBeVisible({
    timeout: 30_000,
  });
}

export const test = base.extend<WorkbenchFixtures, WorkerFixtures>({
  seeded: [false, { option: true }],
  appKind: ['browser', { option: true }],

  seededDatabase: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const sandbox = await makeSandbox();
      await runPwb(sandbox.dbPath, ['import', SEED_EXAMPLES]);
      await use(sandbox.dbPath);
      await sandbox.dispose();
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  // Playwright reads a fixture's dependencies from its first parameter's pattern; none here.
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await makeSandbox();
    await use(sandbox);
    await sandbox.dispose();
  },

  // eslint-disable-next-line no-empty-pattern
  pageErrors: async ({}, use) => {
    const errors: string[] = [];
    await use(errors);
    expect(errors, 'the page reported errors').toEqual([]);
  },

  app: async ({ appKind, sandbox, seeded, seededDatabase, page, pageErrors }, use) => {
    // The worker's seeded database: pwb has exited, so the file is checkpointed and complete.
    if (seeded) await copyFile(seededDatabase, sandbox.dbPath);
    if (appKind === 'electron') {
      const electron: ElectronApplication = await _electron.launch({
        args: [join(REPO_ROOT, 'out/electron/main/index.js'), `--user-data-dir=${sandbox.dir}`],
        env: { ...process.env, PWB_DB: sandbox.dbPath },
      });
      const window = await electron.firstWindow();
      watchErrors(window, pageErrors);
      await waitForLibrary(window);
      await use(window);
      await electron.close();
      return;
    }
    const server = await startServe(sandbox.dbPath);
    watchErrors(page, pageErrors);
    await page.goto(server.url);
    await waitForLibrary(page);
    await use(page);
    await page.close();
    await server.stop();
  },
});
