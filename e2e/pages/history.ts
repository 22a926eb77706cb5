// The History and Diff regions, reached through their tabs.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The History region. */
export class History {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'History' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'History', exact: true }).click();
    await expect(this.region).toBeVisible();
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
export class Diff {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Diff' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Diff', exact: true }).click();
    await expect(this.region).toBeVisible();
  }
}
