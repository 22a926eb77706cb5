// The Audit log panel as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Audit log region and its controls. */
export class AuditPanel {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Audit log' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Audit', exact: true }).click();
    // A panel's code loads on its first show: allow for a busy machine.
    await expect(this.region).toBeVisible({ timeout: 30_000 });
  }

  get filter(): Locator {
    return this.region.getByRole('searchbox', { name: 'Filter by prompt' });
  }

  get rows(): Locator {
    return this.region.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  }
}
