// Screenshots of every panel in light and dark, for a person to look at (e2e-output/).
import { PANELS } from '../app/shell/panels';
import { expect, test } from './fixtures';
import { Editor, MOD } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { Variables } from './pages/variables';

test.use({ seeded: true });

test('the editor, its dialogs and the palette', async ({ app }) => {
  const library = new Library(app);
  await expect(library.option('greeting')).toBeVisible();
  await shoot(app, 'welcome');

  await library.open('text_summarization');
  const variables = new Variables(app);
  await variables.choose('content_type', 'article');
  await variables.choose('length', 'brief');
  await variables.fill('text', 'Too short.');
  await expect(variables.field('text')).toHaveAttribute('aria-invalid', 'true');
  await app.getByRole('button', { name: 'Details' }).click();
  await expect(app.getByRole('region', { name: 'Details' })).toBeVisible();
  await shoot(app, 'editor-chat');

  await library.open('greeting');
  await variables.fill('name', 'Ada');
  await variables.fill('role', 'admin');
  await new Editor(app).append(' {{#if vip}}Welcome back!{{/if}}');
  await expect(app.getByRole('region', { name: 'Preview' })).toContainText('Your role is admin.');
  await shoot(app, 'editor-text');

  await app.keyboard.press(`${MOD}+S`);
  await expect(app.getByRole('dialog', { name: 'Save version' })).toBeVisible();
  await shoot(app, 'save-dialog');
  await app.keyboard.press('Escape');

  await app.keyboard.press(`${MOD}+K`);
  await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await app.keyboard.insertText('show');
  await expect(app.getByRole('option', { name: /Show History/ })).toBeVisible();
  await shoot(app, 'command-palette');
});

test('history and diff', async ({ app }) => {
  const library = new Library(app);
  await library.open('evolving_prompt');
  const history = new History(app);
  await history.open();
  await shoot(app, 'panel-history');
  await history.compare('1.0.0', '2.0.0');
  // Monaco computes the diff in its worker; shoot once the changes are marked.
  await expect(app.locator('.line-insert, .char-insert').first()).toBeVisible({ timeout: 45_000 });
  await shoot(app, 'panel-diff');
});

// Every other panel of the registry (new ones included), as it first shows for a chat prompt.
test('the feature panels', async ({ app }) => {
  await new Library(app).open('customer_support');
  const shownAbove = new Set(['editor', 'history', 'diff']);
  for (const { id, title } of PANELS.filter((panel) => !shownAbove.has(panel.id))) {
    await app.getByRole('tab', { name: title, exact: true }).click();
    const panel = app.getByRole('tabpanel', { name: title });
    await expect(panel.getByRole('region').first()).toBeVisible({ timeout: 30_000 });
    await shoot(app, `panel-${id}`);
  }
});
