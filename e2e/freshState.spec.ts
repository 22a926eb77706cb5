// Journey: the editor follows the library. A partial created in the Partials panel clears the
// editor's "not in the library" marker and the preview's error; an error shows nothing stale.
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { PartialsPanel } from './pages/partials';
import { Preview } from './pages/preview';

test('creating a missing partial refreshes the markers and the preview', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  const preview = new Preview(app);

  await library.newPrompt('signed');
  await editor.replaceText('Thanks!');
  await expect(preview.region).toContainText('Thanks!');
  await expect(app.getByRole('contentinfo', { name: 'Status' })).toContainText('2 tokens');

  await editor.append('\n{{> signature}}');
  await expect(editor.surface().locator('.squiggly-warning')).toHaveCount(1);
  await expect(preview.error).toContainText('signature');
  // Nothing stale under the error: neither the old text nor its token count.
  await expect(preview.region).not.toContainText('Thanks!');
  await expect(preview.region).not.toContainText('tokens');

  const partials = new PartialsPanel(app);
  await partials.open();
  await partials.region.getByRole('button', { name: 'New partial' }).click();
  const dialog = app.getByRole('dialog', { name: 'New partial' });
  await dialog.getByRole('textbox', { name: 'Partial name' }).fill('signature');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await partials.append('The Acme team');
  const confirm = await partials.askToSave();
  await confirm.getByRole('button', { name: 'Save' }).click();
  await expect(partials.entry('signature')).toBeVisible();

  await app.getByRole('tab', { name: 'Editor', exact: true }).click();
  await expect(preview.region).toContainText('The Acme team');
  await expect(preview.error).toHaveCount(0);
  await expect(editor.surface().locator('.squiggly-warning')).toHaveCount(0);
  await expect(app.getByRole('contentinfo', { name: 'Status' })).toContainText('tokens');
});
