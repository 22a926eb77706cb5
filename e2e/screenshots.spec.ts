// Screenshots of every panel in light and dark, for a person to look at (e2e-output/).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { History } from './pages/history';
import { Library } from './pages/library';
import { Variables } from './pages/variables';
import { REPO_ROOT } from './server';

const OUTPUT = join(REPO_ROOT, 'e2e-output');
const PANELS = ['History', 'Diff', 'Schemas', 'Partials', 'Export', 'Metrics', 'Audit'];

test.use({ seeded: true });

for (const scheme of ['light', 'dark'] as const) {
  test(`every panel in ${scheme}`, async ({ app }) => {
    await mkdir(OUTPUT, { recursive: true });
    await app.emulateMedia({ colorScheme: scheme });
    const shot = (name: string) => app.screenshot({ path: join(OUTPUT, `${name}-${scheme}.png`) });

    const library = new Library(app);
    await expect(library.option('greeting')).toBeVisible();
    await shot('welcome');

    await library.open('text_summarization');
    const variables = new Variables(app);
    await variables.choose('content_type', 'article');
    await variables.choose('length', 'brief');
    await variables.fill('text', 'Too short.');
    await expect(variables.field('text')).toHaveAttribute('aria-invalid', 'true');
    await app.getByRole('button', { name: 'Details' }).click();
    await expect(app.getByRole('region', { name: 'Details' })).toBeVisible();
    await shot('editor-chat');

    await library.open('greeting');
    await variables.fill('name', 'Ada');
    await variables.fill('role', 'admin');
    await new Editor(app).append(' {{#if vip}}Welcome back!{{/if}}');
    await expect(app.getByRole('region', { name: 'Preview' })).toContainText('Your role is admin.');
    await shot('editor-text');

    await app.keyboard.press(process.platform === 'darwin' ? 'Meta+S' : 'Control+S');
    await expect(app.getByRole('dialog', { name: 'Save version' })).toBeVisible();
    await shot('save-dialog');
    await app.keyboard.press('Escape');

    await app.keyboard.press(process.platform === 'darwin' ? 'Meta+K' : 'Control+K');
    await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    await app.keyboard.insertText('show');
    await shot('command-palette');
    await app.keyboard.press('Escape');

    await library.open('evolving_prompt');
    const history = new History(app);
    await history.open();
    await shot('panel-history');
    await history.compare('1.0.0', '2.0.0');
    // Monaco computes the diff in its worker; shoot once the changes are marked.
    await expect(app.locator('.line-insert, .char-insert').first()).toBeVisible();
    await shot('panel-diff');

    for (const name of PANELS.slice(2)) {
      await app.getByRole('tab', { name, exact: true }).click();
      const panel = app.getByRole('tabpanel', { name });
      await expect(panel.getByRole('region').first()).toBeVisible();
      await shot(`panel-${name.toLowerCase()}`);
    }
  });
}
