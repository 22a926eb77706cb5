// Journey: an editor's page is open on a team library (PostgreSQL) when an admin lowers them to
// viewer. Their Save is refused by the database, which names the new role; the page then asks
// who it is again: the status bar says viewer and Save is no longer offered, the edits kept.
// Raised back to editor meanwhile, the page learns it when its window regains focus.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { openPage, startTeamLibrary, watchPageErrors } from './teamLibrary';
import type { TeamLibrary } from './teamLibrary';

let team: TeamLibrary;
let files: string;
const errors: string[] = [];

test.beforeEach(async ({ page }) => {
  team = await startTeamLibrary();
  files = await mkdtemp(join(tmpdir(), 'pwb-e2e-files-'));
  // The refusal is an HTTP 403 the page shows as a message; Chromium logs the status too.
  watchPageErrors(page, errors, /status of 403/);
});

test.afterEach(async ({ page }) => {
  await page.close();
  await team.dispose();
  await rm(files, { recursive: true, force: true });
  expect(errors.splice(0), 'the page reported errors').toEqual([]);
});

/** As the database owner: `name` keeps only the group of `role`. */
async function makeThem(name: string, role: 'viewer' | 'editor'): Promise<void> {
  const admin = new pg.Client({ connectionString: team.url });
  await admin.connect();
  try {
    await admin.query(`REVOKE pwb_viewer, pwb_editor FROM ${name}; GRANT pwb_${role} TO ${name}`);
  } finally {
    await admin.end();
  }
}

test('an editor lowered to viewer mid-session: the refused save is shown, the status bar says viewer and Save is no longer offered', async ({
  page,
}) => {
  const file = join(files, 'greet.yaml');
  await writeFile(file, 'id: greet\nformat: text\nstatus: active\ntemplate:\n  content: "Hi"\n');
  await team.pwb(['save', 'greet', '--file', file]);
  const editorUser = await team.addUser('editor');
  await openPage(page, await team.serve(editorUser.url));
  const connection = page.getByRole('group', { name: 'Library connection' });
  await expect(connection).toContainText(`${editorUser.name} (editor)`);

  const library = new Library(page);
  const editor = new Editor(page);
  await library.open('greet');
  await editor.append(' there');
  const dialog = await editor.openSaveDialog();
  await dialog.changelog.fill('Greet warmly');

  // The admin lowers them while the dialog is open; the page has no way to know yet.
  await makeThem(editorUser.name, 'viewer');
  await dialog.saveButton.click();
  const alert = dialog.dialog.getByRole('alert');
  await expect(alert).toContainText('PostgreSQL refused');
  await expect(alert).toContainText(`user '${editorUser.name}' (viewer) may not save prompts`);
  await expect(connection).toContainText(`${editorUser.name} (viewer)`);
  await expect(dialog.saveButton).toBeDisabled();
  await expect(page.getByText('Your role in this library is now viewer')).toBeVisible();
  await shoot(page, 'team-role-lowered');

  await dialog.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.dialog).toBeHidden();
  await expect(editor.saveButton).toBeDisabled();
  await expect(editor.saveButton).toHaveAttribute(
    'title',
    'A viewer may not save versions of this team library',
  );
  await expect(editor.surface()).toContainText('Hi there');
  expect(JSON.parse(await team.pwb(['history', 'greet', '--json']))).toMatchObject([
    { version: '1.0.0' },
  ]);

  // Raised back: nothing is refused, so the page learns it when the window regains focus.
  await makeThem(editorUser.name, 'editor');
  await page.evaluate("window.dispatchEvent(new Event('focus'))");
  await expect(connection).toContainText(`${editorUser.name} (editor)`);
  await expect(editor.saveButton).toBeEnabled();
});
