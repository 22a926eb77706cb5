import { describe, expect, it } from 'vitest';
import { field, schema } from '../../../src-shared/testKit/schemaFixtures';
import type { SchemaField, ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { buildVariableFields, convertValues } from './variableFields';
import { placeErrors } from './fieldErrors';

/** A loose schema (extra keys allowed), as an input schema often is. */
const looseSchema = (fields: SchemaField[]): ValidationSchema =>
  schema('s', fields, { strict: false, allow_extra: true });

describe('buildVariableFields', () => {
  it('types template variables from the schema and adds schema-only fields after them', () => {
    const fields = buildVariableFields(
      ['text', 'count'],
      looseSchema([
        field('count', 'integer', { default: 3 }),
        field('style', 'enum', {
          validators: [{ type: 'enum', allowed_values: ['brief', 'long'] }],
        }),
        field('flags', 'list', { required: false }),
      ]),
    );
    expect(fields.map((f) => [f.name, f.kind, f.inTemplate])).toEqual([
      ['text', 'text', true],
      ['count', 'integer', true],
      ['style', 'enum', false],
      ['flags', 'json', false],
    ]);
    expect(fields[1]?.placeholder).toBe('3');
    expect(fields[2]?.options).toEqual(['brief', 'long']);
    expect(fields[3]?.required).toBe(false);
  });

  it('treats every variable as required text without a schema', () => {
    expect(buildVariableFields(['a'], null)).toMatchObject([
      { name: 'a', kind: 'text', required: true },
    ]);
  });

  it('offers a string field limited by an enum validator as a choice', () => {
    const fields = buildVariableFields(
      ['tone'],
      looseSchema([
        field('tone', 'string', {
          validators: [{ type: 'enum', allowed_values: ['calm', 'warm'] }],
        }),
      ]),
    );
    expect(fields[0]?.kind).toBe('enum');
  });
});

describe('convertValues', () => {
  const fields = buildVariableFields(
    ['name', 'n', 'items', 'on'],
    looseSchema([field('n', 'float'), field('items', 'list'), field('on', 'boolean')]),
  );

  it('converts typed text into numbers, JSON and booleans', () => {
    expect(convertValues(fields, { name: 'Ada', n: '2.5', items: '["a", 1]', on: true })).toEqual({
      variables: { name: 'Ada', n: 2.5, items: ['a', 1], on: true },
      problems: {},
    });
  });

  it('leaves empty fields out so the schema default or a missing-variable error applies', () => {
    expect(convertValues(fields, { name: '', n: ' ', items: '' }).variables).toEqual({});
  });

  it('reports unreadable input per field instead of sending it', () => {
    const { variables, problems } = convertValues(fields, { n: 'many', items: '[1,' });
    expect(variables).toEqual({});
    expect(Object.keys(problems).sort()).toEqual(['items', 'n']);
  });
});

describe('placeErrors', () => {
  const fields = buildVariableFields(['email', 'user'], null);

  it('puts schema issues under the variable their path starts with', () => {
    const placed = placeErrors(
      fields,
      {
        code: 'schema_violation',
        message: 'Input does not match',
        details: {
          issues: [
            { path: 'email', rule: 'email', message: 'email must be an email address' },
            { path: 'user.age', rule: 'min_value', message: 'user.age must be at least 18' },
            { path: '', rule: 'additional', message: 'unexpected field x' },
          ],
        },
      },
      {},
    );
    expect(placed.byField).toEqual({
      email: ['email must be an email address'],
      user: ['user.age must be at least 18'],
    });
    expect(placed.unplaced).toEqual(['unexpected field x']);
    expect(placed.aboutVariables).toBe(true);
  });

  it('puts a missing variable under its field', () => {
    const placed = placeErrors(
      fields,
      {
        code: 'template_render',
        message: "Could not find variable 'email'",
        details: { variable: 'email' },
      },
      {},
    );
    expect(placed.byField['email']).toEqual(["Could not find variable 'email'"]);
  });

  it('leaves template syntax errors to the preview', () => {
    const placed = placeErrors(
      fields,
      {
        code: 'template_syntax',
        message: 'Parse error on line 1',
        details: { line: 1, column: 3 },
      },
      {},
    );
    expect(placed).toEqual({ byField: {}, unplaced: [], aboutVariables: false });
  });
});
