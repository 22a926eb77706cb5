// Journey: create, edit, save, compare and export a prompt with the keyboard alone (no clicks),
// leaving the template editor by every way it offers.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Editor, MOD, SaveDialog } from './pages/editor';

test.use({ seeded: true });

/** Presses Tab (or Shift+Tab) until `target` has focus, at most 40 times: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, key = 'Tab'): Promise<void> {
  for (let press = 0; press < 40; press += 1) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) {
      return;
    }
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** Saves through Ctrl+S: focus starts in the changelog, Ctrl+Enter saves from there. */
async function saveByKeyboard(page: Page, changelog: string): Promise<void> {
  await page.keyboard.press(`${MOD}+S`);
  const dialog = new SaveDialog(page);
  await expect(dialog.changelog).toBeFocused();
  await page.keyboard.insertText(changelog);
  await page.keyboard.press(`${MOD}+Enter`);
  await expect(dialog.dialog).toBeHidden();
}

/** Runs a command through the palette (Ctrl+K, type, Enter). */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press(`${MOD}+K`);
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('combobox', { name: 'Command' })).toBeFocused();
  await page.keyboard.insertText(title);
  await expect(palette.getByRole('option').first()).toContainText(title);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
}

test('create, edit, save, compare and export by keyboard alone', async ({ app }) => {
  // Create: Alt+N opens New prompt in its id field; Ctrl+Enter creates; typing goes on in the
  // new prompt's template.
  await app.keyboard.press('Alt+N');
  const create = app.getByRole('dialog', { name: 'New prompt' });
  await expect(create.getByRole('textbox', { name: 'Prompt id' })).toBeFocused();
  await app.keyboard.insertText('kb_journey');
  await app.keyboard.press(`${MOD}+Enter`);
  await expect(create).toBeHidden();
  const editor = new Editor(app);
  await expect(editor.input()).toBeFocused({ timeout: 45_000 });
  await app.keyboard.insertText('You help people who use the keyboard.');

  // Tab indents here; the hint says how to leave, and each way leaves.
  const hint = editor.region.getByText(
    'Tab indents · Esc then Tab leaves · Ctrl+M: Tab moves focus',
  );
  await expect(hint).toBeVisible();
  await app.keyboard.press('Tab');
  await expect(editor.input()).toBeFocused();
  await app.keyboard.press('Escape');
  await app.keyboard.press('Tab');
  await expect(editor.input()).not.toBeFocused();
  await expect(hint).toBeHidden();
  await app.keyboard.press('Shift+Tab');
  await expect(editor.input()).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(editor.input()).not.toBeFocused();
  await app.keyboard.press('Tab');
  await expect(editor.input()).toBeFocused();
  await app.keyboard.press('F6');
  await expect(editor.input()).not.toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(editor.input()).toBeFocused();
  // Ctrl+M: Tab moves focus in every editor until Ctrl+M again.
  await app.keyboard.press('Control+M');
  await expect(editor.region.getByText('Tab moves focus · Ctrl+M: Tab indents')).toBeVisible();
  await app.keyboard.press('Tab');
  await expect(editor.input()).not.toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(editor.input()).toBeFocused();
  await app.keyboard.press('Control+M');
  await expect(hint).toBeVisible();
  // The one Tab typed above is in the template; remove it.
  await app.keyboard.press('Backspace');

  // Save the first version; focus comes back to the editor.
  await saveByKeyboard(app, 'First version');
  await expect(app.getByRole('contentinfo', { name: 'Status' })).toContainText('v1.0.0');
  await expect(editor.input()).toBeFocused();

  // Edit and save again.
  await app.keyboard.press(`${MOD}+End`);
  await app.keyboard.insertText(' Answer briefly.');
  await saveByKeyboard(app, 'Ask for brevity');
  await expect(app.getByRole('contentinfo', { name: 'Status' })).toContainText(/v1\.\d\.\d/);

  // Compare: the palette shows History with focus on its tab; Tab reaches the pickers.
  await runCommand(app, 'Show History');
  const historyTab = app.getByRole('tab', { name: 'History', exact: true });
  await expect(historyTab).toBeFocused();
  const history = app.getByRole('region', { name: 'History' });
  const from = history.getByRole('combobox', { name: 'From' });
  const to = history.getByRole('combobox', { name: 'To' });
  await tabTo(app, from);
  // A closed select picks the option whose label starts with what is typed.
  await app.keyboard.type('1.0.0');
  await expect(from).toHaveValue('1.0.0');
  await app.keyboard.press('Tab');
  await expect(to).toBeFocused();
  await app.keyboard.type('1.0.1');
  await expect(to).toHaveValue('1.0.1');
  await app.keyboard.press('Tab');
  await expect(history.getByRole('button', { name: 'Compare' })).toBeFocused();
  await app.keyboard.press('Enter');
  // The diff shows, focus on its tab; the changed words are marked.
  await expect(app.getByRole('tab', { name: 'Diff', exact: true })).toBeFocused();
  const diff = app.getByRole('region', { name: 'Diff' });
  await expect(diff).toContainText('Answer briefly.');
  await expect(app.locator('.char-insert, .line-insert').first()).toBeVisible({ timeout: 45_000 });

  // Export: the palette shows Export; Tab reaches "Save to file", Enter saves.
  await runCommand(app, 'Show Export');
  await expect(app.getByRole('tab', { name: 'Export', exact: true })).toBeFocused();
  const exporter = app.getByRole('region', { name: 'Export' });
  const saveFile = exporter.getByRole('button', { name: 'Save to file' });
  await expect(saveFile).toBeEnabled({ timeout: 30_000 });
  await tabTo(app, saveFile);
  const download = app.waitForEvent('download');
  await app.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/^pwb-kb_journey-.+\.json$/);
});

test('the palette gives focus back on Escape; dialogs start in their first field', async ({
  app,
}) => {
  const editor = new Editor(app);
  await app.keyboard.press('Alt+N');
  await app.keyboard.insertText('kb_focus');
  await app.keyboard.press('Enter');
  await expect(editor.input()).toBeFocused({ timeout: 45_000 });

  await app.keyboard.press(`${MOD}+K`);
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(editor.input()).toBeFocused();

  await runCommand(app, 'Show Partials');
  const partials = app.getByRole('region', { name: 'Partials' });
  const newPartial = partials.getByRole('button', { name: 'New partial' });
  await tabTo(app, newPartial);
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog', { name: 'New partial' });
  await expect(dialog.getByRole('textbox', { name: 'Partial name' })).toBeFocused();
  // Ctrl+Enter submits here too.
  await app.keyboard.insertText('kb_signature');
  await app.keyboard.press(`${MOD}+Enter`);
  await expect(dialog).toBeHidden();
  await expect(partials).toContainText('kb_signature');
});

test('chat messages: focus follows Add message, moves and removals', async ({ app }) => {
  await app.keyboard.press('Alt+N');
  const create = app.getByRole('dialog', { name: 'New prompt' });
  await app.keyboard.insertText('kb_chat');
  await app.keyboard.press('Tab');
  await app.keyboard.press('ArrowRight');
  await expect(create.getByRole('radio', { name: 'chat' })).toBeChecked();
  await app.keyboard.press(`${MOD}+Enter`);
  const editor = new Editor(app);
  // Typing starts in the empty user message.
  await expect(editor.input('Message 2')).toBeFocused({ timeout: 45_000 });
  await app.keyboard.insertText('Hello there.');
  // Esc then Tab leaves the message's editor.
  await app.keyboard.press('Escape');

  const add = editor.region.getByRole('button', { name: 'Add message' });
  await tabTo(app, add);
  await app.keyboard.press('Enter');
  await expect(editor.input('Message 3')).toBeFocused({ timeout: 30_000 });
  await app.keyboard.insertText('Third.');

  // Move message 3 up: focus stays on the moved message's "up" button, now message 2's.
  const up3 = editor.region.getByRole('button', { name: 'Move message 3 up' });
  // Shift+Tab leaves the editor backwards, to the message's own buttons.
  await tabTo(app, up3, 'Shift+Tab');
  await app.keyboard.press('Enter');
  await expect(editor.region.getByRole('button', { name: 'Move message 2 up' })).toBeFocused();
  await app.keyboard.press('Enter');
  // At the top "up" is disabled: focus moves to its "down" button.
  await expect(editor.region.getByRole('button', { name: 'Move message 1 down' })).toBeFocused();
  await expect(editor.surface('Message 1')).toContainText('Third.');

  // Remove message 1: focus goes to the message that took its place.
  await tabTo(app, editor.region.getByRole('button', { name: 'Remove message 1' }));
  await app.keyboard.press('Enter');
  await expect(editor.region.getByRole('combobox', { name: 'Role of message 1' })).toBeFocused();
});
