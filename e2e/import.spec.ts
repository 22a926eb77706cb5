// Journey: import the seed examples folder, see its progress end full and read the conflict report.
import { expect, seedExamples, test } from './fixtures';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';

test('imports the seed examples and reports conflicts', async ({ app }) => {
  const library = new Library(app);
  await expect(library.nav.getByText('The library is empty.')).toBeVisible();

  const dialog = await library.importFolder(seedExamples);
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report).toContainText(/Imported \d+ prompts/);
  await expect(report).toContainText('conflict');
  const conflicts = report
    .getByRole('list')
    .first()
    .getByRole('listitem')
    .filter({ hasText: '.yaml' });
  expect(await conflicts.count()).toBeGreaterThan(0);
  await expect(report).toContainText(/\d+\.\d+\.\d+/);
  // Files it did not read are named, never ignored: the examples' LICENSE.
  await expect(report).toContainText(/1 file not read:[\s\S]*LICENSE/);
  // The import is small and quick: check the bar's final state, which stays, not its motion.
  const progress = library.progress(dialog, 'Import');
  await expect(progress).toBeVisible();
  await expect(dialog).toContainText(/Read (\d+) of \1 files/);
  const max = await progress.getAttribute('max');
  expect(Number(max)).toBeGreaterThan(20);
  await expect(progress).toHaveAttribute('value', max ?? '');
  await shoot(app, 'import-report');

  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(library.option('greeting')).toBeVisible();
  await expect(library.option('evolving_prompt')).toBeVisible();
});

test('an unreadable folder is reported in the dialog', async ({ app, sandbox }) => {
  const library = new Library(app);
  const dialog = await library.importFolder(`${sandbox.dir}/does-not-exist`);
  await expect(dialog.getByRole('alert')).toBeVisible();
});

test.describe('with the seed library', () => {
  test.use({ seeded: true });

  test('exports the library to a folder', async ({ app, sandbox }) => {
    const library = new Library(app);
    await expect(library.option('greeting')).toBeVisible();
    await library.nav.getByRole('button', { name: 'Export folder…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Export folder' });
    await dialog.getByRole('textbox', { name: 'Folder path' }).fill(`${sandbox.dir}/export`);
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect(dialog.getByRole('status')).toContainText(/Wrote \d+ files to/);
    await expect(library.progress(dialog, 'Export')).toBeVisible();
    await expect(dialog).toContainText(/Wrote (\d+) of \1 files/);
  });
});
