// Journey: find a prompt by searching the library, narrow by tag, open it.
import { expect, test } from './fixtures';
import { Library } from './pages/library';

test.use({ seeded: true });

test('finds a prompt by search and opens it', async ({ app }) => {
  const library = new Library(app);
  await expect(library.option('greeting')).toBeVisible();
  await expect(library.option('code_review')).toBeVisible();

  await library.searchFor('summarization');
  await expect(library.option('text_summarization')).toBeVisible();
  await expect(library.option('greeting')).toBeHidden();

  await library.searchFor('');
  await library.nav.getByRole('textbox', { name: 'Tag' }).fill('support');
  await expect(library.option('customer_support')).toBeVisible();
  await expect(library.option('greeting')).toBeHidden();

  await library.open('customer_support');
  await expect(app.getByRole('region', { name: 'Template' })).toBeVisible();
  await expect(app.getByRole('combobox', { name: 'Role of message 1' })).toHaveValue('system');
});

test('says what to do when nothing matches', async ({ app }) => {
  const library = new Library(app);
  await library.searchFor('no-such-prompt-anywhere');
  await expect(library.nav.getByText('No prompt matches these filters.')).toBeVisible();
  await library.nav.getByRole('button', { name: 'Clear filters' }).click();
  await expect(library.option('greeting')).toBeVisible();
});
