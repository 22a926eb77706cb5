// The accessibility audit: axe-core on every panel of the registry and every dialog, light and
// dark; a serious or critical violation fails with the list of what is wrong.
import { PANELS } from '../app/shell/panels';
import { expect, test } from './fixtures';
import { expectAccessible } from './pages/axe';
import { Editor, MOD } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';
import { TabPanel } from './pages/tabPanel';
import { Variables } from './pages/variables';

test.use({ seeded: true });

test('the library and the editor pass axe in light and dark, text and chat', async ({ app }) => {
  const library = new Library(app);
  await library.open('customer_support');
  await expectAccessible(app, 'library and chat editor');
  await library.open('greeting');
  await expectAccessible(app, 'library and text editor');
});

// The registry's panels, new ones included; each audited on its own (the rest of the page is
// audited above).
test('every panel of the registry passes axe in light and dark', async ({ app }) => {
  test.setTimeout(240_000);
  await new Library(app).open('customer_support');
  for (const panel of PANELS) {
    await app.getByRole('tab', { name: panel.title, exact: true }).click();
    const tabpanel = app.getByRole('tabpanel', { name: panel.title });
    await expect(tabpanel).toBeVisible({ timeout: 30_000 });
    await expect(tabpanel.getByRole('region').first()).toBeVisible({ timeout: 30_000 });
    const id = await tabpanel.getAttribute('id');
    await expectAccessible(app, `panel ${panel.title}`, { include: `#${id}` });
  }
});

test('the diff of two versions passes axe in light and dark', async ({ app }) => {
  await new Library(app).open('evolving_prompt');
  const history = new History(app);
  await history.open();
  await history.compare('1.0.0', '2.0.0');
  await expect(app.locator('.line-insert, .char-insert').first()).toBeVisible({ timeout: 45_000 });
  await expectAccessible(app, 'diff 1.0.0 → 2.0.0');
});

test('every dialog passes axe in light and dark', async ({ app }) => {
  const library = new Library(app);
  await library.open('greeting');
  const dialogs: { name: string; open: () => Promise<void> }[] = [
    {
      name: 'New prompt',
      open: () => library.nav.getByRole('button', { name: 'New prompt' }).click(),
    },
    {
      name: 'Import folder',
      open: () => library.nav.getByRole('button', { name: 'Import folder…' }).click(),
    },
    {
      name: 'Export folder',
      open: () => library.nav.getByRole('button', { name: 'Export folder…' }).click(),
    },
    { name: 'Command palette', open: () => app.keyboard.press(`${MOD}+K`) },
    {
      name: 'Save version',
      open: async () => {
        await new Editor(app).append(' Welcome.');
        await app.keyboard.press(`${MOD}+S`);
      },
    },
    {
      name: 'Delete prompt',
      open: async () => {
        await app.keyboard.press(`${MOD}+K`);
        await app.keyboard.insertText('delete prompt');
        await app.keyboard.press('Enter');
      },
    },
    {
      name: 'Switch library',
      open: () =>
        app
          .getByRole('contentinfo', { name: 'Status' })
          .getByRole('button', { name: 'Switch library…' })
          .click(),
    },
    {
      name: 'Move label',
      open: async () => {
        await app.keyboard.press(`${MOD}+K`);
        await app.keyboard.insertText('move a label');
        await app.keyboard.press('Enter');
      },
    },
    {
      name: 'New partial',
      open: async () => {
        await new TabPanel(app, 'Partials').open();
        await app.getByRole('button', { name: 'New partial' }).click();
      },
    },
  ];
  for (const { name, open } of dialogs) {
    await open();
    const dialog = app.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    await expectAccessible(app, `dialog ${name}`);
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

test('library rows are named by all they show; the resize handle sits in a landmark', async ({
  app,
}) => {
  const library = new Library(app);
  const options = library.list.getByRole('option');
  await expect(options.first()).toBeVisible();
  const count = await options.count();
  expect(count).toBeGreaterThan(3);
  for (let index = 0; index < count; index += 1) {
    const option = options.nth(index);
    const name = (await option.getAttribute('aria-label')) ?? '';
    const shown = (await option.innerText()).split(/\s+/).filter(Boolean);
    // Every word on the row (id, version, status, chat, tags) is in its accessible name.
    for (const word of shown) expect(name.split(/[\s,]+/), `row "${name}"`).toContain(word);
  }
  await expect(library.option('greeting')).toHaveAccessibleName(/^greeting, 1\.0\.0, active/);

  const sidebar = app.getByRole('complementary', { name: 'Library sidebar' });
  await expect(sidebar.getByRole('separator', { name: 'Resize library' })).toBeVisible();
  await expect(sidebar.getByRole('navigation', { name: 'Prompt library' })).toBeVisible();
});

test('the preview announces errors, not token counts', async ({ app }) => {
  await new Library(app).open('greeting');
  const variables = new Variables(app);
  await variables.fill('name', 'Ada');
  await variables.fill('role', 'admin');
  const preview = app.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('Your role is admin.');
  await expect(preview).toContainText(/\d+ tokens/);
  // Nothing in the preview speaks up while it renders fine.
  await expect(preview.locator('[aria-live], [role="status"], [role="alert"]')).toHaveCount(0);

  await new Editor(app).append(' {{#if}}');
  await expect(preview.getByRole('alert')).toContainText('Template syntax error');
});
