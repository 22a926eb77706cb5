// Journey: saved versions, unsaved edits, variable values and the open prompt survive a reload.
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { Preview } from './pages/preview';
import { Variables } from './pages/variables';

test('everything survives a reload', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  const variables = new Variables(app);
  const preview = new Preview(app);
  const status = app.getByRole('contentinfo', { name: 'Status' });

  await library.newPrompt('keeper');
  await editor.replaceText('Dear {{who}},');
  await variables.fill('who', 'reader');
  await expect(preview.region).toContainText('Dear reader,');
  const dialog = await editor.openSaveDialog();
  await dialog.changelog.fill('First');
  await dialog.dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(status).toContainText('v1.0.0');

  await editor.append(' thanks for waiting.');
  await expect(status).toContainText('Unsaved changes · kept on this machine');

  await app.reload();
  await expect(library.nav).toBeVisible();
  await expect(library.option('keeper')).toHaveAttribute('aria-selected', 'true');
  await expect(status).toContainText('Unsaved');
  await expect(variables.field('who')).toHaveValue('reader');
  await expect(preview.region).toContainText('Dear reader, thanks for waiting.');
  await expect(
    app.getByRole('status').filter({ hasText: 'Restored unsaved changes' }),
  ).toBeVisible();
});
