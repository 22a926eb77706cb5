// The Audit log panel as a user reaches it: by roles and accessible names only.
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The Audit log region and its controls. */
export class AuditPanel extends TabPanel {
  constructor(page: Page) {
    super(page, 'Audit log', 'Audit');
  }

  get filter(): Locator {
    return this.region.getByRole('searchbox', { name: 'Filter by prompt' });
  }

  get rows(): Locator {
    return this.region.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  }
}
