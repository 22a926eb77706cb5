// A panel of the main area as a user reaches it: a named region shown through its tab.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The region named `regionName`, opened with the tab named `tabName` (the same by default). */
export class TabPanel {
  readonly region: Locator;

  constructor(
    readonly page: Page,
    regionName: string,
    private readonly tabName = regionName,
  ) {
    this.region = page.getByRole('region', { name: regionName });
  }

  /** Shows the panel through its tab and waits for it. */
  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: this.tabName, exact: true }).click();
    // A panel's code loads on its first show: allow for a busy machine.
    await expect(this.region).toBeVisible({ timeout: 30_000 });
  }
}
