// Journey: the small things. Icon buttons say what they do, the Export panel names what it
// exports and Copy says what it copied, and a folder field can browse the serving machine.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ExportPanel } from './pages/export';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { REPO_ROOT } from './server';
import { Variables } from './pages/variables';

test.use({ seeded: true });

test('icon buttons have tooltips; Export names its prompt and what Copy copied', async ({
  app,
}) => {
  const library = new Library(app);
  await library.open('customer_support');
  const template = app.getByRole('region', { name: 'Template' });
  await expect(template.getByRole('button', { name: 'Move message 1 down' })).toHaveAttribute(
    'title',
    'Move message 1 down',
  );
  await expect(template.getByRole('button', { name: 'Remove message 2' })).toHaveAttribute(
    'title',
    'Remove message 2',
  );

  await library.open('greeting');
  const variables = new Variables(app);
  await variables.fill('name', 'Ada');
  await variables.fill('role', 'admin');
  const exporter = new ExportPanel(app);
  await exporter.open();
  await expect(exporter.region.getByRole('heading', { name: /Export/ })).toContainText(
    'greeting 1.0.0',
  );
  await expect(exporter.copyButton).toBeEnabled({ timeout: 30_000 });
  await exporter.copyButton.click();
  await expect(app.getByRole('status').filter({ hasText: 'Copied' })).toContainText(
    'Copied the OpenAI payload of greeting 1.0.0 (JSON)',
  );
  await shoot(app, 'export-names-prompt');
});

test('the folder field browses folders on the serving machine', async ({ app, sandbox }) => {
  await mkdir(join(sandbox.dir, 'exports'));
  await mkdir(join(sandbox.dir, '.hidden'));
  const library = new Library(app);
  await expect(library.option('greeting')).toBeVisible();
  await library.nav.getByRole('button', { name: 'Export folder…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Export folder' });
  const field = dialog.getByRole('textbox', { name: 'Folder path' });
  await expect(field).toHaveAccessibleDescription(
    `A folder on the machine serving the library. ~ is your home folder; a relative path starts at ${REPO_ROOT}.`,
  );

  await field.fill(sandbox.dir);
  await dialog.getByRole('button', { name: 'Browse folders…' }).click();
  const folders = dialog.getByRole('list', { name: 'Folders' });
  // The server's own backups folder is there too; hidden folders are not.
  await expect(folders.getByRole('button', { name: 'exports/' })).toBeVisible();
  await expect(folders.getByRole('button', { name: '.hidden/' })).toHaveCount(0);
  await folders.getByRole('button', { name: 'exports/' }).click();
  await expect(dialog.getByRole('region', { name: 'Folders on this machine' })).toContainText(
    join(sandbox.dir, 'exports'),
  );
  await shoot(app, 'folder-browser');
  await dialog.getByRole('button', { name: 'Use this folder' }).click();
  await expect(field).toHaveValue(join(sandbox.dir, 'exports'));

  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText(/Wrote \d+ files to/);
});
