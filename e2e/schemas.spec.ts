// Journey: pick a schema, read its fields, test data against it and see each broken field.
import { expect, test } from './fixtures';
import { SchemasPanel } from './pages/schemas';
import { shoot } from './pages/screenshots';

test.use({ seeded: true });

/** Test data for the seed's `address` schema; only state and ZIP code vary. */
const address = (state: string, postal_code: string) => ({
  street: '1 Main Street',
  city: 'Springfield',
  state,
  postal_code,
});

test('test data is validated against a schema, field errors name their paths', async ({ app }) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.select('address');
  await expect(schemas.fieldsTable.getByRole('rowheader', { name: 'postal_code' })).toBeVisible();

  await schemas.validate(address('California', '123'));
  await expect(schemas.fieldErrors).toHaveCount(2);
  await expect(schemas.fieldErrors.filter({ hasText: 'state' })).toContainText(
    'State must be 2-letter code',
  );
  await expect(schemas.fieldErrors.filter({ hasText: 'postal_code' })).toContainText(
    'Invalid ZIP code format',
  );
  await shoot(app, 'schemas-errors');

  await schemas.validate(address('CA', '12345'));
  await expect(schemas.fieldErrors).toHaveCount(0);
  await expect(schemas.validatedValue).toContainText('"postal_code": "12345"');
});

test('at 1280×800 the fields table fits beside the test data; validators keep rows short', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.select('user_profile');
  await expect(schemas.cell('Name', 1)).toHaveValue('username');
  expect(await schemas.fieldsOverflow()).toBe(0);
  // username has three validators (one a long pattern), email one: the same height all the same.
  const username = await schemas.field('username').boundingBox();
  const email = await schemas.field('email').boundingBox();
  expect(Math.round(username?.height ?? 0)).toBe(Math.round(email?.height ?? -1));
  await expect(
    schemas.fieldsTable.getByRole('button', { name: 'Edit validators of field 1' }),
  ).toBeInViewport();
  await shoot(app, 'schemas-fields-1280');
});

test('data that is not JSON is refused before it is sent', async ({ app }) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.select('address');
  await schemas.validate('{"street": ');
  await expect(schemas.region.getByRole('alert')).toContainText('Test data is not valid JSON');
});

test('a schema shows its seed YAML and which prompts use it', async ({ app }) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await expect(schemas.entry('text_summarization_input')).toContainText('used by');
  await schemas.select('text_summarization_input');
  await schemas.showView('YAML');
  await expect(schemas.region.getByRole('textbox', { name: 'Schema YAML' })).toBeAttached();
  await expect(schemas.region.locator('.monaco-editor')).toContainText('text_summarization_input');
  await shoot(app, 'schemas-yaml');
});

test('a new schema is saved from YAML; a broken one is marked where it is wrong', async ({
  app,
}) => {
  const schemas = new SchemasPanel(app);
  await schemas.open();
  await schemas.region.getByRole('button', { name: 'New schema' }).click();
  const broken = [
    'schemas:',
    '  - name: parcel',
    '    fields:',
    '      - name: weight',
    '        type: heavy',
  ].join('\n');
  await schemas.replaceYaml(broken);
  await schemas.save();
  await expect(schemas.region.getByRole('alert')).toContainText('type');
  await expect(schemas.region.locator('.squiggly-error')).not.toHaveCount(0);
  await shoot(app, 'schemas-yaml-error');

  await schemas.replaceYaml(broken.replace('heavy', 'float'));
  await schemas.save();
  await expect(schemas.entry('parcel')).toHaveAttribute('aria-current', 'true');
  await schemas.showView('Fields');
  await expect(schemas.fieldsTable.getByRole('rowheader', { name: 'weight' })).toBeVisible();
});
