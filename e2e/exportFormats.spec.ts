// Journey: export the library as another tool's format from the Export folder dialog.
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { Library } from './pages/library';

test.use({ seeded: true });

test('exports the library as Prompty files', async ({ app, sandbox }) => {
  const library = new Library(app);
  await expect(library.option('greeting')).toBeVisible();
  await library.nav.getByRole('button', { name: 'Export folder…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Export folder' });
  const out = `${sandbox.dir}/as-prompty`;
  await dialog.getByRole('textbox', { name: 'Folder path' }).fill(out);
  await dialog.getByRole('combobox', { name: 'Export library as' }).selectOption('prompty');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByRole('status')).toContainText(/Wrote \d+ files to/);
  const names = readdirSync(out);
  expect(names).toContain('greeting.prompty');
  expect(names.every((name) => name.endsWith('.prompty'))).toBe(true);
  expect(readFileSync(`${out}/greeting.prompty`, 'utf8')).toMatch(/^---\nname: greeting\n/);
});
