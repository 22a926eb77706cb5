// Journey: fill the variables of a prompt with an input schema; a schema error shows inline.
import { expect, test } from './fixtures';
import { Library } from './pages/library';
import { Preview } from './pages/preview';
import { Variables } from './pages/variables';

test.use({ seeded: true });

test('schema violations appear under the field they name', async ({ app }) => {
  const library = new Library(app);
  const variables = new Variables(app);
  const preview = new Preview(app);
  await library.open('text_summarization');

  await expect(variables.field('content_type')).toBeVisible();
  await variables.choose('content_type', 'article');
  await variables.choose('length', 'brief');
  await variables.fill('text', 'Too short to summarise.');

  await expect(variables.field('text')).toHaveAttribute('aria-invalid', 'true');
  await expect(variables.field('text')).toHaveAccessibleDescription(/at least 100 characters/);

  const long = 'Prompt templates deserve versions, diffs and previews. '.repeat(3);
  await variables.fill('text', long);
  await expect(variables.field('text')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(preview.messages.nth(1)).toContainText(
    'Summarize the following article in brief length',
  );
});

test('a missing variable is named under its field', async ({ app }) => {
  const library = new Library(app);
  const variables = new Variables(app);
  await library.open('greeting');
  await variables.fill('name', 'Ada');
  await expect(variables.field('role')).toHaveAccessibleDescription(/role/);
  await variables.fill('role', 'admin');
  await expect(new Preview(app).region).toContainText(
    'Hello Ada! Welcome to our platform. Your role is admin.',
  );
});
