// Journey: the page on a team library (PostgreSQL). It opens without an error, keeps unsaved
// changes on this machine across a reload, saves versions into the team library and shows their
// history.
import { expect, test } from '@playwright/test';
import { Editor, MOD } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { openPage, startTeamLibrary, watchPageErrors } from './teamLibrary';
import type { TeamLibrary } from './teamLibrary';

let team: TeamLibrary;
const errors: string[] = [];

test.beforeEach(async ({ page }) => {
  team = await startTeamLibrary();
  // A lost server is answered 503 on purpose (the page shows it and retries); Chromium logs it.
  watchPageErrors(page, errors, /status of 503/);
});

test.afterEach(async ({ page }) => {
  // The page first: its event stream reopens on its own, so a page left open while the server
  // stops would log the refused reconnects as errors.
  await page.close();
  await team.dispose();
  expect(errors.splice(0), 'the page reported errors').toEqual([]);
});

test('edits on a team library are kept on this machine, saved to the team, and listed in history', async ({
  page,
}) => {
  const running = await team.serve();
  await openPage(page, running);
  // The status bar names the engine, the library and who is connected; never the password.
  const connection = page.getByRole('group', { name: 'Library connection' });
  await expect(connection).toContainText('PostgreSQL');
  await expect(connection).toContainText('postgres (admin)');
  await expect(connection).toContainText(new URL(team.url).pathname);
  expect(await page.content()).not.toContain(new URL(team.url).password);
  const library = new Library(page);
  const editor = new Editor(page);
  await library.newPrompt('team-greeting');
  await editor.replaceText('Hello {{name}} from the team');
  await expect(library.option('team-greeting')).toHaveAccessibleName(
    'team-greeting, new, new prompt, not saved',
  );
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(
    'kept on this machine',
  );
  // A reload finds the unsaved changes (kept locally: the team library has no prompt yet).
  await page.reload();
  await page.getByRole('navigation', { name: 'Prompt library' }).waitFor();
  expect(JSON.parse(await team.pwb(['list', '--json']))).toEqual([]);
  await library.open('team-greeting');
  await expect(editor.surface()).toContainText('Hello');

  // Saving puts the version in the team library; another client sees it.
  const first = await editor.openSaveDialog();
  await first.changelog.fill('First team version');
  await first.saveButton.click();
  await expect(first.dialog).toBeHidden();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Saved');
  expect(JSON.parse(await team.pwb(['history', 'team-greeting', '--json']))).toMatchObject([
    { version: '1.0.0' },
  ]);

  // A second version; History lists both, newest first.
  await editor.append(' again');
  await (await editor.openSaveDialog()).save('minor', 'Second team version');
  const history = new History(page);
  await history.open();
  await expect(history.row('1.1.0')).toContainText('Second team version');
  await expect(history.row('1.0.0')).toContainText('First team version');
});

test('a viewer sees who they are, keeps unsaved changes, and has no Save', async ({ page }) => {
  const owner = await team.serve();
  await openPage(page, owner);
  await new Library(page).newPrompt('shared');
  const ownerEditor = new Editor(page);
  await ownerEditor.replaceText('Shared {{thing}}');
  const first = await ownerEditor.openSaveDialog();
  await first.saveButton.click();
  await expect(first.dialog).toBeHidden();

  const name = `viewer_${Date.now().toString(36)}`;
  const password = (await team.pwb(['users', 'add', name, '--role', 'viewer'])).trim();
  const asViewer = new URL(team.url);
  asViewer.username = name;
  asViewer.password = password;
  const running = await team.serve(asViewer.toString());
  await openPage(page, running);
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText(
    `${name} (viewer)`,
  );
  const library = new Library(page);
  const editor = new Editor(page);
  await library.open('shared');
  await editor.append(' edited by a viewer');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(
    'kept on this machine',
  );
  await expect(editor.saveButton).toBeDisabled();
  await shoot(page, 'team-viewer-status');
  await page.keyboard.press(`${MOD}+S`);
  await expect(page.getByRole('dialog', { name: 'Save version' })).toHaveCount(0);
});

test('the library switcher opens a team library with a typed password, refuses bad input, and goes back', async ({
  page,
}) => {
  // Start on a library file of this machine.
  const running = await team.serveFile();
  await openPage(page, running);
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText('SQLite');
  await status.getByRole('button', { name: 'Switch library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch library' });
  const location = dialog.getByRole('textbox', { name: 'Library file or PostgreSQL URL' });

  // Neither a URL nor a path: refused, nothing switches.
  await location.fill('my prompts');
  await dialog.getByRole('button', { name: 'Open library' }).click();
  await expect(dialog.getByRole('alert')).toContainText('neither a postgres:// URL nor');

  // The team library with a wrong password: refused with PostgreSQL's reason.
  const bare = new URL(team.url);
  const password = decodeURIComponent(bare.password);
  bare.password = '';
  await location.fill(bare.toString());
  const secret = dialog.getByLabel('Password');
  await secret.fill('wrong-password');
  await dialog.getByRole('button', { name: 'Open library' }).click();
  await expect(dialog.getByRole('alert')).toContainText('password authentication failed');
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText('SQLite');

  // The right password: the page starts again on the team library.
  await secret.fill(password);
  await shoot(page, 'library-switcher');
  await dialog.getByRole('button', { name: 'Open library' }).click();
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText('PostgreSQL');
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText(
    'postgres (admin)',
  );

  // The file is listed as a recent library; opening it goes back.
  await status.getByRole('button', { name: 'Switch library…' }).click();
  const recent = dialog.getByRole('region', { name: 'Recent libraries' });
  await expect(recent).toContainText(running.dbPath);
  await shoot(page, 'library-switcher-recent');
  await recent.getByRole('button', { name: `Open ${running.dbPath}` }).click();
  await expect(page.getByRole('group', { name: 'Library connection' })).toContainText('SQLite');
});

test('a lost connection is shown, retried and over by itself when the server returns; typing is never lost', async ({
  page,
}) => {
  const running = await team.serve();
  await openPage(page, running);
  const library = new Library(page);
  const editor = new Editor(page);
  await library.newPrompt('steady');
  await editor.replaceText('Steady {{name}}');
  const first = await editor.openSaveDialog();
  await first.saveButton.click();
  await expect(first.dialog).toBeHidden();

  // The PostgreSQL server stops: the page says so, and what is typed is kept on this machine.
  await team.server.pause();
  await editor.append(' while the server is away');
  const banner = page.getByRole('alert', { name: 'The team library cannot be reached' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(
    'kept on this machine',
  );
  await shoot(page, 'team-connection-lost');

  // It comes back by itself once the server answers again, and saving works.
  await team.server.resume();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(editor.surface()).toContainText('while the server is away');
  await (await editor.openSaveDialog()).save('patch', 'Typed while the server was away');
  expect(JSON.parse(await team.pwb(['history', 'steady', '--json']))).toMatchObject([
    { version: '1.0.1', changelog: 'Typed while the server was away' },
    { version: '1.0.0' },
  ]);
});
