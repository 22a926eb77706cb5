// The Schemas panel as a user reaches it: by roles and accessible names only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** The Schemas region and its controls. */
export class SchemasPanel extends TabPanel {
  constructor(page: Page) {
    super(page, 'Schemas');
  }

  /** The list entry of a schema. */
  entry(name: string): Locator {
    return this.region
      .getByRole('list', { name: 'Schema list' })
      .getByRole('button', { name: new RegExp(`^${name}\\b`) });
  }

  async select(name: string): Promise<void> {
    await this.entry(name).click();
    await expect(this.entry(name)).toHaveAttribute('aria-current', 'true');
  }

  get testData(): Locator {
    return this.region.getByRole('textbox', { name: 'Test data' });
  }

  /** Types JSON into Test data and presses Validate. */
  async validate(data: unknown): Promise<void> {
    await this.testData.fill(typeof data === 'string' ? data : JSON.stringify(data, null, 2));
    await this.region.getByRole('button', { name: 'Validate' }).click();
  }

  get fieldErrors(): Locator {
    return this.region.getByRole('list', { name: 'Field errors' }).getByRole('listitem');
  }

  get validatedValue(): Locator {
    return this.region.getByRole('figure', { name: 'Validated value' });
  }

  /** The fields table of the open schema. */
  get fieldsTable(): Locator {
    return this.region.getByRole('table', { name: 'Fields' });
  }

  /**
   * Replaces the YAML of the schema being edited by pasting it, as a user would: typed line
   * by line, Monaco's auto-indent would shift every nested line.
   */
  async replaceYaml(text: string): Promise<void> {
    const input = this.page.getByRole('textbox', { name: 'Schema YAML' });
    await expect(input).toBeAttached({ timeout: 45_000 });
    // `has` is matched inside each editor, so the inner locator must not start from the region.
    await this.region.locator('.monaco-editor').filter({ has: input }).click();
    await this.page.keyboard.press(process.platform === 'darwin' ? 'Meta+A' : 'Control+A');
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // A string: the e2e project has no DOM types.
    await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    await this.page.keyboard.press(process.platform === 'darwin' ? 'Meta+V' : 'Control+V');
  }

  async save(): Promise<void> {
    await this.region.getByRole('button', { name: 'Save schema' }).click();
  }

  async showView(view: 'Fields' | 'YAML'): Promise<void> {
    await this.region.getByRole('tab', { name: view, exact: true }).click();
  }

  /** The rows of one field (its line, its description, default and validators), by its name. */
  field(name: string): Locator {
    return this.fieldsTable
      .getByRole('rowgroup')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** How many pixels the Fields view would scroll sideways (0 when everything fits). */
  async fieldsOverflow(): Promise<number> {
    return this.region
      .getByRole('tabpanel', { name: 'Fields' })
      .evaluate((view) => view.scrollWidth - view.clientWidth);
  }

  /** A cell editor of field `n` (1-based), by its label: `Name`, `Type`, `Default`… */
  cell(label: 'Name' | 'Type' | 'Item type' | 'Default' | 'Description', n: number): Locator {
    const role = label === 'Type' || label === 'Item type' ? 'combobox' : 'textbox';
    return this.fieldsTable.getByRole(role, { name: `${label} of field ${n}`, exact: true });
  }

  /** Types into a text cell and presses Enter, which writes it into the YAML. */
  async setCell(label: 'Name' | 'Default' | 'Description', n: number, text: string) {
    await this.cell(label, n).fill(text);
    await this.cell(label, n).press('Enter');
  }

  /** The first lines of the YAML editor as shown (Monaco renders what is in view). */
  get yamlLines(): Locator {
    return this.region.locator('.monaco-editor .view-lines');
  }

  /** Presses "Save schema" and returns the dialog listing the prompts the change affects. */
  async askToSave(): Promise<Locator> {
    await this.save();
    const dialog = this.page.getByRole('dialog', { name: 'Save schema' });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
