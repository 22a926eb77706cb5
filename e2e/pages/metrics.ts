// The Metrics panel as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Metrics region and its controls. */
export class MetricsPanel {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Metrics' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Metrics', exact: true }).click();
    await expect(this.region).toBeVisible();
  }

  get table(): Locator {
    return this.region.getByRole('table', { name: 'Metrics by prompt' });
  }

  /** The table row of one prompt (its row header is the prompt id). */
  row(promptId: string): Locator {
    return this.table.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name: promptId, exact: true }),
    });
  }

  chart(title: string): Locator {
    return this.region.getByRole('img', { name: `${title} chart` });
  }

  columnHeader(label: string): Locator {
    return this.table.getByRole('columnheader', { name: label });
  }

  async sortBy(label: string): Promise<void> {
    await this.columnHeader(label).getByRole('button').click();
  }

  async refresh(): Promise<void> {
    await this.region.getByRole('button', { name: 'Refresh' }).click();
  }

  async setRange(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Time range' }).selectOption({ label });
  }
}
