// Journey: import a folder into a team library (PostgreSQL) and export it again from the page; a
// viewer is not offered the import (the database would refuse it anyway); a big import by another
// client (announced as one `resync`) shows live in an open page.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SEED_EXAMPLES } from '../electron/testKit/seedExamples';
import { Library } from './pages/library';
import { openPage, startTeamLibrary, watchPageErrors } from './teamLibrary';
import type { TeamLibrary } from './teamLibrary';

let team: TeamLibrary;
let out: string;
const errors: string[] = [];

test.beforeEach(async ({ page }) => {
  team = await startTeamLibrary();
  out = await mkdtemp(join(tmpdir(), 'pwb-e2e-team-export-'));
  watchPageErrors(page, errors);
});

test.afterEach(async ({ page }) => {
  // Closed first: a page left open would count the stopped server's refusals as its errors.
  await page.close();
  await team.dispose();
  await rm(out, { recursive: true, force: true });
  expect(errors.splice(0), 'the page reported errors').toEqual([]);
});

test('an editor imports the seed examples into a team library and exports them', async ({
  page,
}) => {
  const { name, url } = await team.addUser('editor');
  await openPage(page, await team.serve(url));
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText(
    `${name} (editor)`,
  );
  const library = new Library(page);
  const dialog = await library.importFolder(SEED_EXAMPLES);
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report).toContainText('Imported 8 prompts');
  await expect(report).toContainText(/1 file not read:[\s\S]*LICENSE/);
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(library.option('evolving_prompt')).toBeVisible();
  // In the team library, written by the editor.
  const history = JSON.parse(await team.pwb(['history', 'evolving_prompt', '--json'])) as {
    author: string;
  }[];
  expect(history.map((entry) => entry.author)).toEqual([name, name, name]);

  await library.nav.getByRole('button', { name: 'Export folder…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export folder' });
  await exporting.getByRole('textbox', { name: 'Folder path' }).fill(join(out, 'library'));
  await exporting.getByRole('button', { name: 'Export' }).click();
  await expect(exporting.getByRole('status')).toContainText('Wrote 38 files to');
  expect(await readdir(join(out, 'library', 'schemas'))).toHaveLength(11);
});

test('a viewer of a team library is not offered the import', async ({ page }) => {
  const { name, url } = await team.addUser('viewer');
  await openPage(page, await team.serve(url));
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText(
    `${name} (viewer)`,
  );
  const library = new Library(page);
  await expect(library.nav.getByRole('button', { name: 'Import folder…' })).toBeDisabled();
  await expect(library.nav.getByRole('button', { name: 'Export folder…' })).toBeEnabled();
});

/** Writes `count` prompts `p000`… at `version` into a new folder `name`; its path. */
async function promptFolder(name: string, count: number, version: string): Promise<string> {
  const folder = join(out, name);
  await mkdir(folder, { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const id = `p${String(index).padStart(3, '0')}`;
    await writeFile(
      join(folder, `${id}.yaml`),
      `id: ${id}\nversion: ${version}\nformat: text\nstatus: active\ntemplate:\n  content: "${id} says hello in ${version} to {{name}}"\n`,
    );
  }
  return folder;
}

test('a big import by another client shows live in an open page', async ({ page }) => {
  // More prompts than an import announces one by one: other clients hear one resync.
  await team.pwb(['import', await promptFolder('first', 120, '1.0.0')]);
  await openPage(page, await team.serve());
  const library = new Library(page);
  await library.open('p000');
  await expect(library.option('p001')).toHaveAccessibleName(/^p001, 1\.0\.0,/);

  await team.pwb(['import', await promptFolder('second', 120, '1.0.1')]);
  await expect(library.option('p001')).toHaveAccessibleName(/^p001, 1\.0\.1,/);
  await expect(page.getByRole('status', { name: 'A newer version exists' })).toContainText(
    '1.0.1 was saved after 1.0.0',
  );
});
