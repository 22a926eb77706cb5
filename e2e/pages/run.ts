// The Run and Side by side regions, and the Providers dialog they open.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The Providers dialog. */
export class ProvidersDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Providers' });
  }

  /** Adds a provider of `kind` at `baseUrl`, and waits for its row. */
  async add(name: string, baseUrl: string, kind = 'OpenAI-compatible'): Promise<void> {
    const form = this.dialog.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Kind', { exact: true }).selectOption({ label: kind });
    await form.getByLabel('Base URL', { exact: true }).fill(baseUrl);
    await form.getByRole('button', { name: 'Add provider' }).click();
    await expect(
      this.dialog.getByRole('table', { name: 'Providers' }).getByRole('rowheader', { name }),
    ).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect(this.dialog).toBeHidden();
  }
}

/** Replaces the models chosen in a region's model picker with `models`. */
export async function chooseModels(region: Locator, models: readonly string[]): Promise<void> {
  const chosen = region.getByRole('list', { name: 'Chosen models' });
  for (const remove of await chosen.getByRole('button', { name: /^Remove / }).all()) {
    await remove.click();
  }
  for (const model of models) {
    await region.getByRole('combobox', { name: 'Model' }).fill(model);
    await region.getByRole('button', { name: 'Add model' }).click();
    await expect(chosen.getByText(model, { exact: true })).toBeVisible();
  }
}

/** What the Run and Side by side regions share: choosing models, running, stopping. */
class ModelRuns extends TabPanel {
  /** Replaces the chosen models with `models`. */
  async chooseModels(...models: string[]): Promise<void> {
    await chooseModels(this.region, models);
  }

  async openProviders(): Promise<ProvidersDialog> {
    await this.region.getByRole('button', { name: 'Providers…' }).click();
    const dialog = new ProvidersDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  async stop(): Promise<void> {
    await this.region.getByRole('button', { name: 'Stop' }).click();
  }

  /** The answer of `name` (`model`, or `target · model` side by side). */
  answer(name: string): Locator {
    return this.region.getByRole('article', { name: `Answer from ${name}` });
  }

  /** The streamed text of an answer. */
  answerText(name: string): Locator {
    return this.answer(name).getByLabel('Answer text');
  }
}

/** The Run region. */
export class RunPanel extends ModelRuns {
  constructor(page: Page) {
    super(page, 'Run');
  }

  async run(): Promise<void> {
    await this.region.getByRole('button', { name: 'Run', exact: true }).click();
  }
}

/** The Side by side region. */
export class SideBySide extends ModelRuns {
  constructor(page: Page) {
    super(page, 'Side by side');
  }

  /** Ticks exactly the versions named (labels as listed: "1.0.0", "Unsaved changes…"). */
  async chooseVersions(...labels: string[]): Promise<void> {
    const group = this.region.getByRole('group', { name: 'Versions' });
    for (const box of await group.getByRole('checkbox').all()) await box.uncheck();
    for (const label of labels) await group.getByLabel(label, { exact: true }).check();
  }

  async run(): Promise<void> {
    await this.region.getByRole('button', { name: 'Run side by side' }).click();
  }

  /** The word diff between the two answers picked. */
  get diff(): Locator {
    return this.region.getByRole('figure', { name: 'Word diff' });
  }
}
