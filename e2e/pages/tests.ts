// The Tests and Evaluation regions, by roles and accessible names.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { chooseModels } from './run';
import { TabPanel } from './tabPanel';

/** The Tests region: the open prompt's test cases. */
export class Tests extends TabPanel {
  constructor(page: Page) {
    super(page, 'Tests');
  }

  /** The case list's entry named `name`. */
  caseItem(name: string): Locator {
    return this.region.getByRole('list', { name: 'Test cases' }).getByRole('button', { name });
  }

  /** The group of assertion `number` (1-based). */
  assertion(number: number): Locator {
    return this.region.getByRole('group', { name: `Assertion ${number}` });
  }

  /** Adds an assertion of `type` with `value` to the open case. */
  async addAssertion(type: string, value: string): Promise<void> {
    const before = await this.region.getByRole('group', { name: /^Assertion \d+$/ }).count();
    await this.region.getByRole('button', { name: 'Add assertion' }).click();
    const group = this.assertion(before + 1);
    await group.getByRole('combobox', { name: 'Type' }).selectOption(type);
    await group.getByRole('textbox', { name: /^Value/ }).fill(value);
  }

  async save(): Promise<void> {
    const button = this.region.getByRole('button', { name: 'Save test cases' });
    await button.click();
    await expect(button).toBeDisabled();
  }
}

/** The Evaluation region: the matrix, its runs and the baseline. */
export class Evaluation extends TabPanel {
  constructor(page: Page) {
    super(page, 'Evaluation');
  }

  version(version: string): Locator {
    return this.region.getByRole('checkbox', { name: version, exact: true });
  }

  get unsaved(): Locator {
    return this.region.getByRole('checkbox', { name: 'Unsaved changes' });
  }

  /** Replaces the chosen models with `models` (none: the prompt's own). */
  async chooseModels(...models: string[]): Promise<void> {
    await chooseModels(this.region, models);
  }

  get status(): Locator {
    return this.region.getByRole('status');
  }

  get matrix(): Locator {
    return this.region.getByRole('table', { name: 'Evaluation matrix' });
  }

  /** The cell button of a case in a column (`1.0.0 · local:m`), named with its verdict. */
  cell(caseName: string, column: string): Locator {
    return this.matrix.getByRole('button', {
      name: new RegExp(`^${escape(caseName)} on ${escape(column)}:`),
    });
  }

  get cellResult(): Locator {
    return this.region.getByRole('region', { name: 'Cell result' });
  }

  /** Runs the matrix and waits until it finished. */
  async run(): Promise<void> {
    await this.region.getByRole('button', { name: 'Run tests' }).click();
    await expect(this.status).toContainText(/Run \S+: \d+ passed, \d+ failed\./, {
      timeout: 60_000,
    });
  }

  async markBaseline(): Promise<void> {
    await this.region.getByRole('button', { name: 'Mark as baseline' }).click();
    await expect(this.status).toContainText('This run is the baseline.');
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
