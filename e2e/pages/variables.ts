// The Variables region: one field per variable, labelled by the variable's name.
import type { Locator, Page } from '@playwright/test';

/** The Variables region. */
export class Variables {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Variables' });
  }

  /** The field of a variable (textbox, combobox or checkbox), by its exact name. */
  field(name: string): Locator {
    return this.region.getByLabel(name, { exact: true });
  }

  async fill(name: string, value: string): Promise<void> {
    await this.field(name).fill(value);
  }

  async choose(name: string, option: string): Promise<void> {
    await this.field(name).selectOption(option);
  }
}
