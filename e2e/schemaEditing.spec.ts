// Journeys: a schema edited in its fields table (the YAML follows, comments and all, and the
// saved file keeps every untouched line), the YAML edited by hand (the table follows), and a
// change to a schema prompts use, whose impact is shown before it is saved.
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { expectAccessible } from './pages/axe';
import { SchemasPanel } from './pages/schemas';
import { shoot } from './pages/screenshots';
import { SEED_EXAMPLES, runPwb } from './server';

test.use({ seeded: true });

const seedSchema = (name: string) => readFile(join(SEED_EXAMPLES, 'schemas', name), 'utf8');

/** The schema file `pwb export` writes for `name`. */
async function exported(dbPath: string, dir: string, name: string): Promise<string> {
  const out = await mkdtemp(join(dir, 'export-'));
  await runPwb(dbPath, ['export', out]);
  return readFile(join(out, 'schemas', `${name}.yaml`), 'utf8');
}

test('the fields table edits a schema; the saved YAML keeps every line it did not touch', async ({
  app,
  sandbox,
}) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.select('user_profile');
  await expect(schemas.cell('Name', 1)).toHaveValue('username');

  await schemas.setCell('Description', 1, 'Login name');

  // Add field: focus lands on the new field's name, ready to type.
  await schemas.region.getByRole('button', { name: 'Add field' }).click();
  await expect(schemas.cell('Name', 8)).toBeFocused();
  await expect(schemas.cell('Name', 8)).toHaveValue('field_8');
  await app.keyboard.press('Control+A');
  await app.keyboard.type('nickname');
  await app.keyboard.press('Enter');
  await schemas.cell('Type', 8).selectOption('integer');
  await schemas.fieldsTable.getByRole('checkbox', { name: 'Field 8 nullable' }).check();
  await schemas.fieldsTable.getByRole('checkbox', { name: 'Field 8 required' }).uncheck();

  // Validators unfold under their field; removing one moves focus to the next remove button.
  const toggle = schemas.fieldsTable.getByRole('button', { name: 'Edit validators of field 1' });
  await expect(toggle).toHaveAttribute('title', 'Edit validators of field 1');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await schemas.fieldsTable.getByRole('button', { name: 'Remove validator 3 of field 1' }).click();
  await expect(
    schemas.fieldsTable.getByRole('button', { name: 'Remove validator 2 of field 1' }),
  ).toBeFocused();
  await schemas.fieldsTable.getByRole('button', { name: 'Add validator' }).click();
  const added = schemas.fieldsTable.getByRole('group', { name: 'Validator 3 of field 1' });
  await expect(added.getByRole('combobox', { name: 'Type' })).toBeFocused();
  await added.getByRole('textbox', { name: 'Minimum length' }).fill('4');
  await added.getByRole('textbox', { name: 'Minimum length' }).press('Enter');
  await expect(schemas.fieldsTable.getByText('length ≥ 4')).toBeVisible();
  await expectAccessible(app, 'schemas: fields table with validators open', {
    include: '[aria-label="Fields"]',
  });
  await shoot(app, 'schemas-fields-table');

  // Remove the last seed field; focus stays on the row that took its place.
  const removeIsActive = schemas.fieldsTable.getByRole('button', { name: 'Remove field 7' });
  await expect(removeIsActive).toHaveAttribute('title', 'Remove field 7 (is_active)');
  await removeIsActive.click();
  await expect(schemas.cell('Name', 7)).toHaveValue('nickname');
  await expect(schemas.fieldsTable.getByRole('button', { name: 'Remove field 7' })).toBeFocused();

  // The YAML shows the edits with the person's comments at the top.
  await schemas.showView('YAML');
  await expect(schemas.yamlLines).toContainText('# User Profile Schema');
  await schemas.save();
  await expect(app.getByText('Saved schema user_profile')).toBeVisible();
  await expect(schemas.entry('user_profile')).toContainText('1.0.1');

  // Byte for byte: the seed file with exactly these edits (and the version raised in place).
  const seed = await seedSchema('user_profile.yaml');
  const expected = seed
    .replace('    version: "1.0.0"', '    version: "1.0.1"')
    .replace('"Unique username identifier"', '"Login name"')
    .replace(
      /( {10}- type: "regex"\n.*\n.*\n)/,
      '          - type: "min_length"\n            min_value: 4\n',
    )
    .replace(
      /\n {6}- name: "is_active"\n[\s\S]*$/,
      '\n      - name: "nickname"\n        type: "integer"\n        nullable: true\n        required: false\n',
    );
  expect(expected).not.toBe(seed);
  expect(await exported(sandbox.dbPath, sandbox.dir, 'user_profile')).toBe(expected);

  // A reload reads the same text back.
  await app.reload();
  await schemas.open();
  await schemas.select('user_profile');
  await expect(schemas.cell('Description', 1)).toHaveValue('Login name');
  await schemas.showView('YAML');
  await expect(schemas.yamlLines).toContainText('# Demonstrates comprehensive validation');
});

test('edits typed in the YAML show in the table; YAML the table cannot read says so', async ({
  app,
}) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.select('address');
  await schemas.showView('YAML');
  const seed = await seedSchema('address.yaml');
  await schemas.replaceYaml(seed.replace('"Postal/ZIP code"', '"ZIP"'));
  await schemas.showView('Fields');
  await expect(schemas.cell('Description', 4)).toHaveValue('ZIP');
  await expect(schemas.cell('Name', 4)).toHaveValue('postal_code');

  await schemas.showView('YAML');
  await schemas.replaceYaml(seed.replace('type: "string"', 'type: "text"'));
  await schemas.showView('Fields');
  await expect(schemas.region.getByText('The table cannot show this YAML')).toBeVisible();
});

test('a change to a schema prompts use shows what it breaks before it is saved', async ({
  app,
}) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.select('text_summarization_input');
  await expect(schemas.cell('Name', 3)).toHaveValue('text');
  await schemas.fieldsTable.getByRole('button', { name: 'Remove field 3' }).click();
  await schemas.region.getByRole('button', { name: 'Add field' }).click();
  await expect(schemas.cell('Name', 4)).toHaveValue('field_4');

  const dialog = await schemas.askToSave();
  const broken = dialog.getByRole('list', { name: 'Prompts this change breaks' });
  await expect(broken.getByRole('listitem').first()).toContainText('text_summarization');
  await expect(broken).toContainText(
    'The template uses {{text}}, a field the schema no longer has.',
  );
  await expect(broken).toContainText(
    '"field_4" is now required, and the template does not use it.',
  );
  await expectAccessible(app, 'schemas: save impact dialog');
  await shoot(app, 'schemas-impact');

  // Cancel saves nothing; the edits stay to be changed.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(schemas.entry('text_summarization_input')).toContainText('1.0.0');
  await expect(schemas.cell('Name', 3)).toHaveValue('focus');

  // Save anyway saves it, under the next version.
  const again = await schemas.askToSave();
  await again.getByRole('button', { name: 'Save anyway' }).click();
  await expect(app.getByText('Saved schema text_summarization_input')).toBeVisible();
  await expect(schemas.entry('text_summarization_input')).toContainText('1.0.1');
});
