// Journey: the library banner with a real server whose library is read-only, or locked by
// another process. The page says what is wrong and what to do, and keeps the user's edits.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { serveChild } from '../electron/testKit/serveChild';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { Preview } from './pages/preview';
import { Variables } from './pages/variables';
import { REPO_ROOT, SEED_EXAMPLES, makeSandbox, runPwb, type Sandbox } from './server';

interface Fixtures {
  sandbox: Sandbox;
  /** Runs and later stops child processes of the test. */
  children: ChildProcess[];
}

const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await makeSandbox();
    await runPwb(sandbox.dbPath, ['import', SEED_EXAMPLES]);
    await use(sandbox);
    await sandbox.dispose();
  },
  // eslint-disable-next-line no-empty-pattern
  children: async ({}, use) => {
    const children: ChildProcess[] = [];
    await use(children);
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  },
});

test.skip(({ browserName }) => browserName !== 'chromium', 'runs against pwb serve only');

/** Starts `pwb serve` (as the unprivileged user when asked) and opens the page on it. */
async function openServed(
  page: Page,
  children: ChildProcess[],
  dbPath: string,
  asNobody = false,
): Promise<void> {
  const served = serveChild({ dbPath, asNobody });
  children.push(served.child);
  const url = await served.url;
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Prompt library' })).toBeVisible({
    timeout: 30_000,
  });
}

/** Another process holding the library's write lock until `release`. */
async function holdWriteLock(
  children: ChildProcess[],
  dbPath: string,
): Promise<{ release: () => Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); });`;
  const child = spawn(process.execPath, ['-e', script, dbPath], { cwd: REPO_ROOT });
  children.push(child);
  const said = (word: string) =>
    new Promise<void>((done) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(word)) done();
      });
    });
  await said('locked');
  return {
    release: async () => {
      const released = said('released');
      child.stdin.write('commit\n');
      await released;
    },
  };
}

test('a library another program writes to: the save waits, fails with busy and keeps the edits, then lands', async ({
  page,
  sandbox,
  children,
}) => {
  test.setTimeout(90_000);
  await openServed(page, children, sandbox.dbPath);
  const library = new Library(page);
  const editor = new Editor(page);
  await library.open('greeting');
  await editor.append(' Locked out for now.');
  // The edits are kept before the other program takes the lock (kept edits cannot be written
  // while it holds it: the status bar would say "not kept", which is true but not this test).
  const kept = page.getByText('Unsaved changes · kept on this machine');
  await expect(kept).toBeVisible();

  const lock = await holdWriteLock(children, sandbox.dbPath);
  const dialog = await editor.openSaveDialog();
  await dialog.radio('patch').check();
  await dialog.changelog.fill('Saved after the lock');
  await dialog.dialog.getByRole('button', { name: 'Save', exact: true }).click();

  const banner = page.getByRole('alert', { name: 'Another program is writing to this library' });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('your edits are kept');
  // The edits are still there, and the dialog stays open to try again.
  await expect(dialog.dialog).toBeVisible();
  await expect(kept).toBeVisible();
  await expect(editor.surface()).toContainText('Locked out for now.');

  await lock.release();
  await dialog.dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.dialog).toBeHidden();
  await expect(banner).toBeHidden();
  await expect(library.option('greeting')).toContainText('1.0.1');
});

test('a read-only library: the page says so, lists and renders, and saving is off', async ({
  page,
  sandbox,
  children,
}) => {
  test.skip(process.getuid?.() !== 0, 'opening the library as another user needs root');
  test.setTimeout(90_000);
  // A copy that only root may write: the server runs as nobody.
  const readOnly = join(sandbox.dir, 'shared.db');
  await copyFile(sandbox.dbPath, readOnly);
  await chmod(sandbox.dir, 0o755);
  await chmod(readOnly, 0o644);
  await openServed(page, children, readOnly, true);

  const banner = page.getByRole('alert', { name: 'This library is read-only' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('copy the library to a folder you can write to');

  const library = new Library(page);
  const editor = new Editor(page);
  await library.open('greeting');
  const variables = new Variables(page);
  await variables.fill('name', 'Ada');
  await variables.fill('role', 'reader');
  await expect(new Preview(page).region).toContainText('Hello Ada! Welcome to our platform.');
  await editor.append(' An edit that cannot be saved.');
  await expect(editor.surface()).toContainText('An edit that cannot be saved.');
  // Drafts live in the library too: the status bar says these edits are not kept.
  await expect(page.getByText(/Unsaved changes · not kept/)).toBeVisible();
  await expect(editor.saveButton).toBeDisabled();
});
