// The Export panel as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The provider tabs of the Export panel, as the SPEC names them. */
export const PROVIDER_TABS = ['OpenAI', 'Anthropic', 'LangChain', 'LiteLLM'] as const;
export type ProviderTab = (typeof PROVIDER_TABS)[number];

/** The Export region and its controls. */
export class ExportPanel extends TabPanel {
  constructor(page: Page) {
    super(page, 'Export');
  }

  tab(provider: ProviderTab): Locator {
    return this.region.getByRole('tab', { name: provider, exact: true });
  }

  async choose(provider: ProviderTab): Promise<void> {
    await this.tab(provider).click();
    await expect(this.tab(provider)).toHaveAttribute('aria-selected', 'true');
  }

  get copyButton(): Locator {
    return this.region.getByRole('button', { name: 'Copy', exact: true });
  }

  get saveButton(): Locator {
    return this.region.getByRole('button', { name: 'Save to file' });
  }

  get mergeConsecutive(): Locator {
    return this.region.getByRole('checkbox', { name: 'Merge consecutive messages' });
  }

  /** The read-only payload editor (Monaco's input carries the accessible name). */
  get payloadEditor(): Locator {
    return this.region.getByRole('textbox', { name: 'Payload JSON' });
  }

  /** Presses Copy and returns what landed on the clipboard, parsed as JSON. */
  async copyPayload(): Promise<unknown> {
    await expect(this.copyButton).toBeEnabled();
    // Strings: the e2e project has no DOM types. Emptied first so an older copy cannot pass.
    await this.page.evaluate("navigator.clipboard.writeText('')");
    await this.copyButton.click();
    let text = '';
    await expect
      .poll(async () => (text = String(await this.page.evaluate('navigator.clipboard.readText()'))))
      .not.toBe('');
    // The notice says what was copied: "Copied the OpenAI payload of greeting 1.0.0 (JSON)".
    await expect(this.page.getByText(/^Copied the .+ payload of /).last()).toBeVisible();
    return JSON.parse(text) as unknown;
  }

  /** The marked message when a provider rule is broken. */
  get offendingMessage(): Locator {
    return this.region
      .getByRole('list', { name: 'Prompt messages' })
      .locator('li[aria-invalid="true"]');
  }
}
