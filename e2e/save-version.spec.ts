// Journey: edit a prompt and save a minor version with a changelog.
import { expect, test } from './fixtures';
import { Editor, MOD } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';

test.use({ seeded: true });

test('saves a minor version with a changelog', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  await library.open('greeting');
  await expect(editor.saveButton).toBeDisabled();

  await editor.append(' Have a good day.');
  await expect(editor.saveButton).toBeEnabled();
  const dialog = await editor.openSaveDialog();
  await expect(dialog.radio('minor')).toHaveAccessibleDescription('minor → 1.1.0');
  await expect(dialog.radio('patch')).toHaveAccessibleDescription('patch → 1.0.1');
  await dialog.save('minor', 'Wish a good day');

  await expect(app.getByRole('contentinfo', { name: 'Status' })).toContainText('v1.1.0');
  await expect(editor.saveButton).toBeDisabled();
  await expect(library.option('greeting')).toContainText('1.1.0');

  const history = new History(app);
  await history.open();
  await expect(history.rows.nth(1)).toContainText('1.1.0');
  await expect(history.rows.nth(1)).toContainText('Wish a good day');
  await expect(history.rows.nth(2)).toContainText('1.0.0');
});

test('Ctrl+S on an unchanged prompt opens nothing; after an edit it opens Save version', async ({
  app,
}) => {
  const library = new Library(app);
  const editor = new Editor(app);
  await library.open('greeting');
  await editor.ready();
  await editor.surface().click();
  await expect(editor.saveButton).toBeDisabled();

  await app.keyboard.press(`${MOD}+S`);
  // Shortcuts run in order, and the palette opens only while no dialog is open: once it shows,
  // Ctrl+S has been handled without opening "Save version".
  await app.keyboard.press(`${MOD}+K`);
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(app.getByRole('dialog', { name: 'Save version' })).toHaveCount(0);
  await expect(app.getByText('Nothing to save')).toHaveCount(0);
  // The palette offers what the button offers: no "Save version…" with nothing to save.
  await app.keyboard.insertText('save version');
  await expect(palette.getByRole('option')).toHaveCount(0);
  await app.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  await editor.append(' Hi.');
  await expect(editor.saveButton).toBeEnabled();
  await editor.openSaveDialog();
});
