// The Partials panel as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The Partials region and its controls. */
export class PartialsPanel extends TabPanel {
  constructor(page: Page) {
    super(page, 'Partials');
  }

  /** Monaco's input for the partial's template. */
  get editorInput(): Locator {
    return this.region.getByRole('textbox', { name: 'Partial template' });
  }

  /** Types at the end of the open partial. */
  async append(text: string): Promise<void> {
    await expect(this.editorInput).toBeAttached({ timeout: 45_000 });
    // `has` is matched inside each editor, so the inner locator must not start from the region.
    const input = this.page.getByRole('textbox', { name: 'Partial template' });
    await this.region.locator('.monaco-editor').filter({ has: input }).click();
    await this.page.keyboard.press(process.platform === 'darwin' ? 'Meta+End' : 'Control+End');
    await this.page.keyboard.insertText(text);
  }

  /** Presses "Save partial" and returns the confirmation dialog listing the impact. */
  async askToSave(): Promise<Locator> {
    await this.region.getByRole('button', { name: 'Save partial' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Save partial' });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  entry(name: string): Locator {
    return this.region
      .getByRole('list', { name: 'Partial list' })
      .getByRole('button', { name: new RegExp(`^${name}\\b`) });
  }
}
