// Journey: someone saves (through `pwb save`) while the page has edits; the page's save meets a
// conflict, merges, refuses to save with conflict markers left, and once they are resolved saves
// a version holding the other person's changes, mine, and the changelog I typed.
import { writeFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { runPwb } from './server';

test.use({ seeded: true });

const START = 'Hello {{name}}! Welcome to our platform. Your role is {{role}}.';

test('a stale save merges with the version saved meanwhile', async ({ app, sandbox }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  await library.open('greeting');
  await editor.append(' Mine.');

  // Someone else saves 1.0.1 meanwhile on the same database: the same line, and the description.
  const shown = await runPwb(sandbox.dbPath, ['show', 'greeting', '--json']);
  const theirs = JSON.parse(shown) as {
    template: { content: string };
    metadata: { description: string };
  };
  expect(theirs.template.content).toBe(START);
  theirs.template.content += ' Theirs.';
  theirs.metadata.description = 'Greets a new user by name';
  const file = `${sandbox.dir}/theirs.json`;
  await writeFile(file, JSON.stringify(theirs));
  await runPwb(sandbox.dbPath, [
    'save',
    'greeting',
    '--file',
    file,
    '--base',
    '1.0.0',
    '--bump',
    'patch',
  ]);

  const dialog = await editor.openSaveDialog();
  await dialog.changelog.fill('Sign off in both voices');
  await dialog.saveButton.click();
  await expect(dialog.dialog.getByRole('alert')).toContainText('Someone saved 1.0.1 meanwhile');
  await dialog.dialog.getByRole('button', { name: 'Merge', exact: true }).click();

  // The merge is shown before it is saved: theirs on the left, the merge on the right.
  const review = dialog.dialog.getByRole('region', { name: 'Merged with 1.0.1' });
  await expect(review).toBeVisible();
  await expect(review.getByRole('heading', { name: 'Merged with 1.0.1' })).toBeFocused();
  await expect(dialog.mergedInput()).toBeAttached({ timeout: 45_000 });
  await expect(review.locator('.merge-marker')).toHaveCount(3);
  await expect(dialog.radio('patch')).toHaveAccessibleDescription('patch → 1.0.2');

  // Saving with the markers left is refused, with what to do.
  await dialog.saveButton.click();
  await expect(dialog.dialog.getByRole('alert')).toContainText(
    'Conflict markers are left in Template',
  );
  await shoot(app, 'merge-review');

  await dialog.resolveMerge(`${START} Mine. Theirs.`);
  await expect(review.locator('.merge-marker')).toHaveCount(0);
  await expect(dialog.changelog).toHaveValue('Sign off in both voices');
  await dialog.saveButton.click();
  await expect(dialog.dialog).toBeHidden();
  await expect(app.getByRole('contentinfo', { name: 'Status' })).toContainText('v1.0.2');

  // The saved version has their changes (the one they alone made, too) and mine.
  const saved = JSON.parse(await runPwb(sandbox.dbPath, ['show', 'greeting', '--json'])) as {
    version: string;
    template: { content: string };
    metadata: { description: string };
  };
  expect(saved.version).toBe('1.0.2');
  expect(saved.template.content).toBe(`${START} Mine. Theirs.`);
  expect(saved.metadata.description).toBe('Greets a new user by name');

  const history = new History(app);
  await history.open();
  await expect(history.rows.nth(1)).toContainText('Sign off in both voices');
});
