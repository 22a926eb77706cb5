// Journey: write a template in Monaco and watch the preview follow as you type.
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { Preview } from './pages/preview';
import { Variables } from './pages/variables';

test('the preview follows the template and the variables', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  const variables = new Variables(app);
  const preview = new Preview(app);

  await library.newPrompt('welcome_note');
  await editor.replaceText('Hello {{name}}, welcome to {{place}}.');

  await expect(variables.field('name')).toBeVisible();
  await expect(variables.field('place')).toBeVisible();
  await variables.fill('name', 'Ada');
  await variables.fill('place', 'the lab');
  await expect(preview.region).toContainText('Hello Ada, welcome to the lab.');

  // Completion offers the template's variables inside {{ }}.
  await editor.append(' {{pl');
  await expect(editor.region.getByRole('option', { name: /^place/ })).toBeVisible();
  await app.keyboard.press('Escape');
  await editor.replaceText('Hello {{name}}, welcome to {{place}}.');

  await editor.append(' Bring {{item}}!');
  await expect(variables.field('item')).toBeVisible();
  await variables.fill('item', 'tea');
  await expect(preview.region).toContainText('Hello Ada, welcome to the lab. Bring tea!');
});

test('a template syntax error shows in the preview with its line and column', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  const preview = new Preview(app);

  await library.newPrompt('broken');
  await editor.replaceText('Line one\n{{#if ready}}never closed');
  await expect(preview.error).toContainText('line 2');
  await editor.replaceText('Fixed {{#if ready}}yes{{/if}}');
  await expect(preview.error).toBeHidden();
});

test.describe('with the seed library', () => {
  test.use({ seeded: true });

  test('chat prompts preview as bubbles per role', async ({ app }) => {
    const library = new Library(app);
    const preview = new Preview(app);
    await library.open('customer_support');
    const variables = new Variables(app);
    await variables.fill('company', 'Acme');
    await variables.fill('customer_query', 'Where is my parcel?');
    await expect(preview.messages).toHaveCount(2);
    await expect(preview.messages.nth(0)).toContainText('system');
    await expect(preview.messages.nth(0)).toContainText('customer support agent for Acme');
    await expect(preview.messages.nth(1)).toContainText('Where is my parcel?');
  });
});
