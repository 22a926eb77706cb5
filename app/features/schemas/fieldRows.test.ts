import { describe, expect, it } from 'vitest';
import type { SchemaField, ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { fieldRows, validatorText } from './fieldRows';
import { exampleData, parseTestData } from './testData';

function field(partial: Partial<SchemaField> & Pick<SchemaField, 'name' | 'type'>): SchemaField {
  return {
    required: true,
    nullable: false,
    read_only: false,
    write_only: false,
    validators: [],
    ...partial,
  };
}

const schema: ValidationSchema = {
  name: 'release_notes_input',
  version: '1.0.0',
  strict: true,
  allow_extra: false,
  metadata: {},
  fields: [
    field({ name: 'product', type: 'string', validators: [{ type: 'min_length', min_value: 2 }] }),
    field({
      name: 'audience',
      type: 'enum',
      required: false,
      default: 'customers',
      validators: [{ type: 'enum', allowed_values: ['customers', 'developers'] }],
    }),
    field({ name: 'changes', type: 'list', item_type: 'string' }),
    field({
      name: 'urgency',
      type: 'integer',
      validators: [{ type: 'range', min_value: 1, max_value: 5 }],
    }),
    field({ name: 'highlight', type: 'string', required: false, nullable: true }),
  ],
};

describe('fieldRows', () => {
  it('lists every field with its type, flags, default and validators', () => {
    const rows = fieldRows(schema);
    expect(rows.map((row) => row.name)).toEqual([
      'product',
      'audience',
      'changes',
      'urgency',
      'highlight',
    ]);
    expect(rows[1]).toMatchObject({
      type: 'enum',
      required: false,
      defaultText: '"customers"',
      validators: ['one of customers, developers'],
    });
    expect(rows[2]?.type).toBe('list of string');
    expect(rows[4]).toMatchObject({ nullable: true, defaultText: '' });
  });
});

describe('validatorText', () => {
  it('puts validators in a few words', () => {
    expect(validatorText({ type: 'min_length', min_value: 2 })).toBe('length ≥ 2');
    expect(validatorText({ type: 'max_length', max_value: 200 })).toBe('length ≤ 200');
    expect(validatorText({ type: 'range', min_value: 1, max_value: 5 })).toBe('range 1–5');
    expect(validatorText({ type: 'regex', pattern: '^a$' })).toBe('pattern ^a$');
    expect(validatorText({ type: 'email' })).toBe('email');
  });
});

describe('test data', () => {
  it('offers an example with defaults and first enum values filled in', () => {
    expect(JSON.parse(exampleData(schema))).toEqual({
      product: 'product',
      audience: 'customers',
      changes: ['item'],
      urgency: 1,
      highlight: 'highlight',
    });
  });

  it('parses JSON the user typed', () => {
    expect(parseTestData('{"a": 1}')).toEqual({ ok: true, data: { a: 1 } });
  });

  it('says what is wrong with text that is not JSON', () => {
    const parsed = parseTestData('{"a": }');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/^Test data is not valid JSON/);
  });

  it('asks for data when the box is empty', () => {
    expect(parseTestData('  ')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Enter test data/),
    });
  });
});
