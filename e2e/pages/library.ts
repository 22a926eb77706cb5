// The library sidebar as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The navigation "Prompt library". */
export class Library {
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Prompt library' });
  }

  get search(): Locator {
    return this.nav.getByRole('searchbox', { name: 'Search prompts' });
  }

  get list(): Locator {
    return this.nav.getByRole('listbox', { name: 'Prompts' });
  }

  /** The list entry of a prompt by id (its name goes on: version, status, unsaved work, tags). */
  option(id: string): Locator {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.list.getByRole('option', { name: new RegExp(`^${escaped}(,|$)`) });
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  /** Opens a prompt and waits until its editor is ready (Monaco loads on first use). */
  async open(id: string): Promise<void> {
    await this.option(id).click();
    await expect(this.option(id)).toHaveAttribute('aria-selected', 'true');
    const template = this.page.getByRole('region', { name: 'Template' });
    await expect(template.getByRole('textbox').first()).toBeAttached({ timeout: 45_000 });
  }

  /** Creates a draft prompt through the "New prompt" dialog. */
  async newPrompt(id: string, format: 'text' | 'chat' = 'text'): Promise<void> {
    await this.nav.getByRole('button', { name: 'New prompt' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New prompt' });
    await dialog.getByRole('textbox', { name: 'Prompt id' }).fill(id);
    await dialog.getByRole('radio', { name: format }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden();
  }

  /** The progress bar of an import or export dialog, by its accessible name. */
  progress(dialog: Locator, kind: 'Import' | 'Export'): Locator {
    return dialog.getByRole('progressbar', { name: `${kind} progress` });
  }

  /** Imports a folder through "Import folder…" and returns the dialog showing the report. */
  async importFolder(path: string): Promise<Locator> {
    await this.nav.getByRole('button', { name: 'Import folder…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Import folder' });
    await dialog.getByRole('textbox', { name: 'Folder path' }).fill(path);
    await dialog.getByRole('button', { name: 'Import' }).click();
    return dialog;
  }
}
