// The History and Diff regions, reached through their tabs.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The History region. */
export class History extends TabPanel {
  constructor(page: Page) {
    super(page, 'History');
  }

  /** Version rows, newest first. */
  get rows(): Locator {
    return this.region.getByRole('table').getByRole('row');
  }

  row(version: string): Locator {
    return this.region
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: version }) });
  }

  /** Picks two versions and presses Compare; returns the Diff region. */
  async compare(from: string, to: string): Promise<Diff> {
    await this.region.getByRole('combobox', { name: 'From' }).selectOption(from);
    await this.region.getByRole('combobox', { name: 'To' }).selectOption(to);
    await this.region.getByRole('button', { name: 'Compare' }).click();
    const diff = new Diff(this.page);
    await expect(diff.region).toBeVisible();
    return diff;
  }
}

/** The Diff region (Monaco's diff editors). */
export class Diff extends TabPanel {
  constructor(page: Page) {
    super(page, 'Diff');
  }
}
