// Journey: messages a person understands. A new chat prompt starts without errors, missing
// variables are all named at once, a strict schema says what to do, number fields are numeric.
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { Preview } from './pages/preview';
import { shoot } from './pages/screenshots';
import { Variables } from './pages/variables';

test.use({ seeded: true });

test('a new chat prompt shows placeholders, then names every missing variable', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  const preview = new Preview(app);
  const variables = new Variables(app);

  await library.newPrompt('ask_support', 'chat');
  await editor.ready('Message 2');
  // Nothing typed yet: no error, a placeholder where the user message will be.
  await expect(editor.region).toContainText('Write the user message here.');
  await expect(preview.messages).toHaveCount(2);
  await expect(preview.messages.nth(1)).toContainText('Message 2 is empty');
  await expect(preview.error).toHaveCount(0);
  await shoot(app, 'chat-new-placeholders');

  await editor.replaceText('You answer for {{company}}.', 'Message 1');
  await editor.replaceText('{{customer}} asks: {{ticket}}', 'Message 2');
  for (const name of ['company', 'customer', 'ticket']) {
    await expect(variables.field(name)).toHaveAccessibleDescription(
      `Could not find variable '${name}'`,
    );
  }
  await expect(preview.region).toContainText('Fill in or correct the variables');

  await variables.fill('company', 'Acme');
  await variables.fill('customer', 'Bo');
  await variables.fill('ticket', 'Where is my parcel?');
  await expect(preview.messages.nth(1)).toContainText('Bo asks: Where is my parcel?');

  // A template error in a chat names the message as the Template numbers it.
  await editor.replaceText('{{customer}} asks: {{#if ticket}}', 'Message 2');
  await expect(preview.error).toContainText('message 2, line 1');
});

test('number fields are numeric, and a strict schema says to add the field', async ({ app }) => {
  const library = new Library(app);
  const editor = new Editor(app);
  const variables = new Variables(app);

  await library.newPrompt('profile');
  await editor.replaceText('{{username}} ({{email}}) is {{age}}; mood {{mood}}.');
  await app.getByRole('button', { name: 'Details' }).click();
  await app.getByRole('combobox', { name: 'Input schema' }).selectOption('user_profile');

  const age = variables.field('age');
  await expect(age).toHaveAttribute('type', 'number');
  await age.pressSequentially('abc');
  await expect(age).toHaveValue('');
  await age.pressSequentially('1e');
  await expect(age).toHaveAccessibleDescription(/age must be a number\./);
  await age.fill('25.5');
  // What was typed is the problem; the schema's view of an absent value is not repeated.
  await expect(age).toHaveAccessibleDescription(/^User age in years age must be a whole number\.$/);

  await age.fill('25');
  await variables.fill('username', 'ada_l');
  await variables.fill('email', 'ada@example.com');
  await variables.fill('mood', 'calm');
  await expect(variables.field('mood')).toHaveAccessibleDescription(
    "The template uses 'mood', but the strict input schema 'user_profile' has no such field: add 'mood' to the schema (or turn off strict).",
  );
  await shoot(app, 'variables-strict-schema');
});
