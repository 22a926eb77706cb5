// The Partials panel as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Partials region and its controls. */
export class PartialsPanel {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Partials' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Partials', exact: true }).click();
    // A panel's code loads on its first show: allow for a busy machine.
    await expect(this.region).toBeVisible({ timeout: 30_000 });
  }

  entry(name: string): Locator {
    return this.region
      .getByRole('list', { name: 'Partial list' })
      .getByRole('button', { name: new RegExp(`^${name}\\b`) });
  }
}
