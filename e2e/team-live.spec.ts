// Journey: two clients on one team library (PostgreSQL). `pwb` saves a version and moves a label
// while the page has a prompt open with unsaved changes: the list, the history and the editor's
// "a newer version exists" notice follow at once, and the edits stay. An admin promotes a version
// to production (seen live by an editor's page, and in the audit log); the editor's page offers
// no Promote, and its Move label dialog says production is not theirs to move. After PostgreSQL
// restarts, two workbenches hear each other again without a reload. Removing labels: a refusal by
// the database is said in the dialog.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import type { Page } from '@playwright/test';
import { AuditPanel } from './pages/audit';
import { Editor } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { openPage, startTeamLibrary, watchPageErrors } from './teamLibrary';
import type { TeamLibrary } from './teamLibrary';

let team: TeamLibrary;
let files: string;
const errors: string[] = [];

function watch(page: Page): void {
  // A refusal is an HTTP 4xx the page shows as a message; Chromium logs the status too.
  watchPageErrors(page, errors, /status of 4\d\d/);
}

/** Saves `content` as prompt `id` with `pwb save` (a second client, from a terminal). */
async function pwbSave(id: string, content: string, base?: string): Promise<void> {
  const file = join(files, `${id}-${Date.now()}.yaml`);
  await writeFile(
    file,
    `id: ${id}\nformat: text\nstatus: active\ntemplate:\n  content: "${content}"\n`,
  );
  await team.pwb(['save', id, '--file', file, ...(base ? ['--base', base] : [])]);
}

test.beforeEach(async ({ page }) => {
  team = await startTeamLibrary();
  files = await mkdtemp(join(tmpdir(), 'pwb-e2e-files-'));
  watch(page);
});

test.afterEach(async ({ page }) => {
  // The page first: a call it makes while the servers stop would be a failed load, not a finding.
  await page.close();
  await team.dispose();
  await rm(files, { recursive: true, force: true });
  expect(errors.splice(0), 'the page reported errors').toEqual([]);
});

test("another client's save and label move show live; unsaved edits stay", async ({ page }) => {
  await pwbSave('greet', 'Hi {{name}}');
  await openPage(page, await team.serve());
  const library = new Library(page);
  const editor = new Editor(page);
  await library.open('greet');
  await editor.append(' and welcome');

  await pwbSave('greet', 'Hello {{name}}', '1.0.0');
  await team.pwb(['label', 'set', 'greet', 'staging', '1.0.1']);

  await expect(library.option('greet')).toHaveAccessibleName(
    'greet, 1.0.1, active, staging, unsaved changes',
  );
  const notice = page.getByRole('status', { name: 'A newer version exists' });
  await expect(notice).toContainText('1.0.1 was saved after 1.0.0');
  await expect(notice).toContainText('they are kept');
  await expect(editor.surface()).toContainText('Hi {{name}} and welcome');
  await shoot(page, 'team-newer-version');

  const history = new History(page);
  await history.open();
  await expect(history.row('1.0.1')).toContainText('staging');
  await expect(history.rows).toHaveCount(3);

  // The changes are a click away; nothing is dropped.
  await page.getByRole('tab', { name: 'Editor', exact: true }).click();
  await notice.getByRole('button', { name: 'See changes' }).click();
  await expect(page.getByRole('region', { name: 'Diff' })).toBeVisible();
});

test('an admin promotes to production; an editor sees it live and may not promote', async ({
  page,
  browser,
}) => {
  await pwbSave('greet', 'Hi {{name}}');
  await pwbSave('greet', 'Hello {{name}}', '1.0.0');
  const name = `editor_${Date.now().toString(36)}`;
  const password = (await team.pwb(['users', 'add', name, '--role', 'editor'])).trim();
  const asEditor = new URL(team.url);
  asEditor.username = name;
  asEditor.password = password;

  await openPage(page, await team.serve());
  const editorPage = await browser.newPage();
  watch(editorPage);
  await openPage(editorPage, await team.serve(asEditor.toString()));

  // The admin promotes 1.0.1 from History.
  const library = new Library(page);
  await library.open('greet');
  const history = new History(page);
  await history.open();
  await history.region.getByRole('button', { name: 'Promote 1.0.1 to production' }).click();
  await expect(history.row('1.0.1')).toContainText('production');
  await expect(library.option('greet')).toHaveAccessibleName('greet, 1.0.1, active, production');
  await expect(
    history.region.getByRole('button', { name: 'Promote 1.0.1 to production' }),
  ).toHaveCount(0);
  await shoot(page, 'team-promoted');
  const audit = new AuditPanel(page);
  await audit.open();
  await expect(audit.rows.first()).toContainText('Moved label');
  await expect(audit.rows.first()).toContainText('production → 1.0.1');

  // The editor's page heard it, and offers no Promote.
  const theirs = new Library(editorPage);
  await expect(theirs.option('greet')).toHaveAccessibleName('greet, 1.0.1, active, production');
  await theirs.open('greet');
  const theirHistory = new History(editorPage);
  await theirHistory.open();
  await expect(theirHistory.row('1.0.0')).toBeVisible();
  await expect(theirHistory.region.getByRole('button', { name: /^Promote / })).toHaveCount(0);
  // Editors move other labels, but the dialog says production is not theirs.
  await theirHistory.region.getByRole('button', { name: 'Move a label to 1.0.0' }).click();
  const dialog = editorPage.getByRole('dialog', { name: 'Move label' });
  await dialog.getByRole('combobox', { name: 'Label' }).fill('production');
  await dialog.getByRole('button', { name: 'Move label' }).click();
  await expect(dialog).toContainText('Only publishers and admins may move production.');
  await dialog.getByRole('combobox', { name: 'Label' }).fill('Canary!');
  await dialog.getByRole('button', { name: 'Move label' }).click();
  await expect(dialog).toContainText('Use a lower-case letter');
  await dialog.getByRole('combobox', { name: 'Label' }).fill('canary');
  await dialog.getByRole('button', { name: 'Move label' }).click();
  await expect(dialog).toBeHidden();
  await expect(theirHistory.row('1.0.0')).toContainText('canary');
  // …and the admin's list shows it without asking.
  await expect(library.option('greet')).toHaveAccessibleName(
    'greet, 1.0.1, active, production, canary 1.0.0',
  );
  await editorPage.close();
});

test('after PostgreSQL restarts, the banner clears and two workbenches hear each other again without a reload', async ({
  page,
  browser,
}) => {
  await pwbSave('greet', 'Hi {{name}}');
  // Two workbenches, each with its own server and its own LISTEN connection.
  await openPage(page, await team.serve());
  const otherPage = await browser.newPage();
  watch(otherPage);
  await openPage(otherPage, await team.serve());
  const library = new Library(page);
  const editor = new Editor(page);
  await library.open('greet');
  const history = new History(page);
  await history.open();
  await expect(history.rows).toHaveCount(2);

  // The server stops: the page says so; it comes back by itself.
  await team.server.pause();
  await page.getByRole('tab', { name: 'Editor', exact: true }).click();
  await editor.append(' typed while away');
  const banner = page.getByRole('alert', { name: 'The team library cannot be reached' });
  await expect(banner).toBeVisible();
  await team.server.resume();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  // The calls refused while the server was away are logged by Chromium: expected here.
  const away = errors.filter((error) => /status of 503 \(Service Unavailable\)/.test(error));
  expect(away.length).toBeGreaterThan(0);
  errors.splice(0, errors.length, ...errors.filter((error) => !away.includes(error)));

  // A save in the other workbench shows up here live: list, history and the newer-version note.
  const theirs = new Library(otherPage);
  const theirEditor = new Editor(otherPage);
  await theirs.open('greet');
  await theirEditor.append(' from the other side');
  await (await theirEditor.openSaveDialog()).save('patch', 'Saved after the restart');
  await expect(library.option('greet')).toHaveAccessibleName(/^greet, 1\.0\.1, active/, {
    timeout: 15_000,
  });
  await expect(page.getByRole('status', { name: 'A newer version exists' })).toContainText(
    '1.0.1 was saved after 1.0.0',
  );
  await expect(editor.surface()).toContainText('typed while away');
  await history.open();
  await expect(history.row('1.0.1')).toContainText('Saved after the restart');

  // …and a label moved from a terminal too.
  await team.pwb(['label', 'set', 'greet', 'staging', '1.0.1']);
  await expect(history.row('1.0.1')).toContainText('staging');
  await otherPage.close();
});

test("removing labels from History on a team library: the database's refusal of production is shown to a demoted publisher; other labels go, seen live and audited", async ({
  page,
  browser,
}) => {
  await pwbSave('greet', 'Hi {{name}}');
  await team.pwb(['label', 'set', 'greet', 'production', '1.0.0']);
  await team.pwb(['label', 'set', 'greet', 'canary', '1.0.0']);
  const name = `publisher_${Date.now().toString(36)}`;
  const password = (await team.pwb(['users', 'add', name, '--role', 'publisher'])).trim();
  const asPublisher = new URL(team.url);
  asPublisher.username = name;
  asPublisher.password = password;
  await openPage(page, await team.serve(asPublisher.toString()));
  const adminPage = await browser.newPage();
  watch(adminPage);
  await openPage(adminPage, await team.serve());

  const library = new Library(page);
  await library.open('greet');
  const history = new History(page);
  await history.open();
  const removeProduction = history.region.getByRole('button', {
    name: 'Remove label production from 1.0.0',
  });
  await expect(removeProduction).toBeVisible();

  // The admin makes them an editor while their page is open: the page still offers it, and the
  // database refuses.
  const admin = new pg.Client({ connectionString: team.url });
  await admin.connect();
  await admin.query(`REVOKE pwb_publisher FROM ${name}; GRANT pwb_editor TO ${name}`);
  await admin.end();
  await removeProduction.click();
  const dialog = page.getByRole('dialog', { name: 'Remove label' });
  await dialog.getByRole('button', { name: 'Remove label' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    'Could not remove production: PostgreSQL refused',
  );
  await expect(dialog.getByRole('alert')).toContainText(
    `user '${name}' (editor) may not move the production label`,
  );
  await expect(dialog.getByRole('button', { name: 'Remove label' })).toBeDisabled();
  await shoot(page, 'team-remove-label-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(removeProduction).toHaveCount(0);
  expect(JSON.parse(await team.pwb(['label', 'list', 'greet', '--json']))).toMatchObject([
    { label: 'production', version: '1.0.0' },
    { label: 'canary', version: '1.0.0' },
  ]);

  // Editors may remove other labels; the admin's workbench sees it live, and the audit names them.
  await history.region.getByRole('button', { name: 'Remove label canary from 1.0.0' }).click();
  await dialog.getByRole('button', { name: 'Remove label' }).click();
  await expect(dialog).toBeHidden();
  await expect(history.row('1.0.0')).not.toContainText('canary');
  await expect(new Library(adminPage).option('greet')).toHaveAccessibleName(
    'greet, 1.0.0, active, production',
  );
  const audit = new AuditPanel(adminPage);
  await audit.open();
  await expect(audit.rows.first()).toContainText('Removed label');
  await expect(audit.rows.first()).toContainText(name);
  await expect(audit.rows.first()).toContainText('canary removed (was 1.0.0)');
  await adminPage.close();
});
