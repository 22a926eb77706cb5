// The Metrics panel as a user reaches it: by roles and accessible names only.
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The Metrics region and its controls. */
export class MetricsPanel extends TabPanel {
  constructor(page: Page) {
    super(page, 'Metrics');
  }

  get table(): Locator {
    return this.region.getByRole('table', { name: 'Metrics by prompt' });
  }

  /** The table row of one prompt at one version (its row header is the prompt id). */
  row(promptId: string, version: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: promptId, exact: true }) })
      .filter({ has: this.page.getByRole('cell', { name: version, exact: true }) });
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

  get includePreviews(): Locator {
    return this.region.getByRole('checkbox', { name: 'Include editor previews' });
  }

  async setEvents(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Events' }).selectOption({ label });
  }

  async setRange(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Time range' }).selectOption({ label });
  }

  async showEvents(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Events' }).selectOption({ label });
  }

  /** The Model calls view's table. */
  get modelCalls(): Locator {
    return this.region.getByRole('table', { name: 'Model calls by prompt' });
  }
}
