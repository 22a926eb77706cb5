// The Preview region: the rendered text or chat bubbles, and template errors.
import type { Locator, Page } from '@playwright/test';

/** The Preview region. */
export class Preview {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Preview' });
  }

  /** The rendered chat messages (chat prompts). */
  get messages(): Locator {
    return this.region.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  }

  /** A template error shown in the preview. */
  get error(): Locator {
    return this.region.getByRole('alert');
  }
}
