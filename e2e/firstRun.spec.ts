// Journey: the app's first start on a database that does not exist yet seeds the sample library.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from './fixtures';
import { Library } from './pages/library';
import { PartialsPanel } from './pages/partials';
import { Preview } from './pages/preview';
import { SchemasPanel } from './pages/schemas';
import { shoot } from './pages/screenshots';
import { REPO_ROOT } from './server';

const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

/** `npm start`'s browser mode (scripts/browserMode.ts) on a database path that does not exist. */
async function startAppMode(dbPath: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/browserMode.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PWB_DB: dbPath, PWB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL within 45 s:\n${output}`)), 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`browser mode exited ${code}:\n${output}`));
    });
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

const test = base.extend<{ firstRunApp: Page }>({
  firstRunApp: async ({ page, pageErrors }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'pwb-first-run-'));
    const { url, child } = await startAppMode(join(dir, 'fresh', 'library.db'));
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    await expect(page.getByRole('navigation', { name: 'Prompt library' })).toBeVisible({
      timeout: 30_000,
    });
    await use(page);
    await page.close();
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  },
});

test('a first start on an empty database shows the sample library', async ({ firstRunApp }) => {
  const app = firstRunApp;
  const library = new Library(app);
  for (const id of ['release_notes', 'support_triage', 'code_explainer']) {
    await expect(library.option(id)).toBeVisible();
  }
  await shoot(app, 'first-run-library');

  // The samples carry example values (their input schemas' defaults): they render at once.
  const preview = new Preview(app);
  await library.open('release_notes');
  await expect(preview.region).toContainText('Write release notes for Acme Notes version 2.4.');
  await library.open('support_triage');
  await expect(preview.messages.nth(1)).toContainText('Ticket from Dana Kim');
  await expect(preview.error).toHaveCount(0);

  const schemas = new SchemasPanel(app);
  await schemas.open();
  await expect(schemas.entry('release_notes_input')).toBeVisible();
  await expect(schemas.entry('ticket_triage')).toContainText('used by support_triage');
  await schemas.select('ticket_triage');
  await expect(schemas.fieldsTable.getByRole('rowheader', { name: 'urgency' })).toBeVisible();
  await shoot(app, 'first-run-schemas');

  const partials = new PartialsPanel(app);
  await partials.open();
  await expect(partials.entry('house_style')).toBeVisible();
  await expect(partials.entry('house_style')).toContainText('used by');
  await shoot(app, 'first-run-partials');
});

test('editing a shared partial lists the prompts it changes before saving', async ({
  firstRunApp,
}) => {
  const app = firstRunApp;
  const partials = new PartialsPanel(app);
  await partials.open();
  await partials.entry('house_style').click();
  await partials.append(' Always name the version.');
  const dialog = await partials.askToSave();
  await expect(
    dialog.getByRole('list', { name: 'Prompts whose output changes' }).getByRole('listitem'),
  ).toHaveText(['release_notes']);
  await shoot(app, 'partials-impact');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByText('Saved partial house_style')).toBeVisible();
  await expect(partials.region.getByRole('button', { name: 'Save partial' })).toBeDisabled();
});

test('a token pasted into a partial is refused with its rule and saved only on Save anyway', async ({
  firstRunApp,
}) => {
  const app = firstRunApp;
  // Built at run time so no scanner of this repository flags the test itself.
  const token = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
  const partials = new PartialsPanel(app);
  await partials.open();
  await partials.entry('house_style').click();
  await partials.append(` ${token}`);
  const dialog = await partials.askToSave();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const alert = partials.region.getByRole('alert');
  await expect(alert).toContainText('Possible secret found: slack in partial house_style');
  await expect(alert).not.toContainText(token.slice(5));
  await shoot(app, 'partials-secret');
  await partials.region.getByRole('button', { name: 'Save anyway' }).click();
  await expect(app.getByText('Saved partial house_style')).toBeVisible();
  await expect(partials.region.getByRole('button', { name: 'Save anyway' })).toBeHidden();
});
