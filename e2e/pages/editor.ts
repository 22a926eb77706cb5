// The Template region (Monaco) and the "Save version" dialog, by roles and accessible names.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** Which modifier the app's shortcuts use on this platform. */
export const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The Template region and the actions around it. */
export class Editor {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Template' });
  }

  /** Monaco's input, named "Template" (or "Message N" for chat prompts). */
  input(name = 'Template'): Locator {
    return this.region.getByRole('textbox', { name, exact: true });
  }

  /** The visible text surface of an editor (Monaco's input itself is tiny and off to the side). */
  surface(name = 'Template'): Locator {
    const input = this.page.getByRole('textbox', { name, exact: true });
    return this.region.locator('.monaco-editor').filter({ has: input });
  }

  /** Waits for Monaco (a large bundle, loaded on first use) to be ready. */
  async ready(name = 'Template'): Promise<void> {
    await expect(this.input(name)).toBeAttached({ timeout: 45_000 });
  }

  /** Replaces the whole text of an editor by typing into it, as a user would. */
  async replaceText(text: string, name = 'Template'): Promise<void> {
    await this.ready(name);
    await this.surface(name).click();
    await this.page.keyboard.press(`${MOD}+A`);
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  /** Types at the end of the editor. */
  async append(text: string, name = 'Template'): Promise<void> {
    await this.ready(name);
    await this.surface(name).click();
    await this.page.keyboard.press(`${MOD}+End`);
    await this.page.keyboard.insertText(text);
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: 'Save version' });
  }

  /** Opens "Save version" with Ctrl/Cmd+S. */
  async openSaveDialog(): Promise<SaveDialog> {
    await this.page.keyboard.press(`${MOD}+S`);
    const dialog = new SaveDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }
}

/** The "Save version" dialog. */
export class SaveDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Save version' });
  }

  radio(level: 'patch' | 'minor' | 'major'): Locator {
    return this.dialog.getByRole('radio', { name: level, exact: true });
  }

  get changelog(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Changelog' });
  }

  get saveButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Save', exact: true });
  }

  /** The right side of the merge review (the merged text, editable) for a field. */
  mergedInput(field = 'Template'): Locator {
    return this.dialog.getByRole('textbox', { name: `Merge of ${field} (merged, editable)` });
  }

  /** Replaces the merged text of a field by typing, as a person resolving conflicts would. */
  async resolveMerge(text: string, field = 'Template'): Promise<void> {
    const input = this.mergedInput(field);
    await expect(input).toBeAttached({ timeout: 45_000 });
    await input.focus();
    await this.page.keyboard.press(`${MOD}+A`);
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async save(level: 'patch' | 'minor' | 'major', changelog: string): Promise<void> {
    await this.radio(level).check();
    await this.changelog.fill(changelog);
    await this.dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }
}
