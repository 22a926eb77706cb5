import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { SchemaField, ValidationSchema } from '../model/schemaDsl';
import { dslToJsonSchema, dslToPicoschema, jsonSchemaToDsl } from './schemaMapping';

const field = (name: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  name,
  type: 'string',
  required: true,
  description: null,
  validators: [],
  nullable: false,
  read_only: false,
  write_only: false,
  ...extra,
});

const schema = (fields: SchemaField[]): ValidationSchema => ({
  name: 'order_input',
  version: '1.0.0',
  description: null,
  strict: true,
  allow_extra: false,
  extends: null,
  metadata: {},
  fields,
});

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  return expect.unreachable('no refusal');
}

describe('input schemas between the DSL, JSON Schema and Picoschema', () => {
  const rich = schema([
    field('email', { validators: [{ type: 'email' }, { type: 'max_length', max_value: 80 }] }),
    field('qty', { type: 'integer', validators: [{ type: 'range', min_value: 1, max_value: 9 }] }),
    field('note', { required: false, nullable: true }),
  ]);

  it('writes JSON Schema that reads back to the same rules', () => {
    const json = dslToJsonSchema(rich, () => undefined, 'Prompty');
    expect(json).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', maxLength: 80 },
        qty: { type: 'integer', minimum: 1, maximum: 9 },
        note: { type: ['string', 'null'] },
      },
      required: ['email', 'qty'],
      additionalProperties: false,
    });
    const [back] = jsonSchemaToDsl(json, 'order_input', 'f');
    expect(back?.fields.map((f) => [f.name, f.required, f.nullable, f.validators])).toEqual([
      ['email', true, false, [{ type: 'max_length', max_value: 80 }, { type: 'email' }]],
      [
        'qty',
        true,
        false,
        [
          { type: 'min_value', min_value: 1 },
          { type: 'max_value', max_value: 9 },
        ],
      ],
      ['note', false, true, []],
    ]);
  });

  it('leaves Picoschema to schemas it can say whole', () => {
    expect(dslToPicoschema(rich, () => undefined)).toBeUndefined();
    expect(
      dslToPicoschema(
        schema([
          field('name', { description: 'who' }),
          field('note', { required: false, nullable: true }),
        ]),
        () => undefined,
      ),
    ).toEqual({
      name: 'string, who',
      'note?': 'string',
    });
  });

  it('refuses what the other side cannot say, by name', () => {
    const oneOf = thrown(() =>
      jsonSchemaToDsl(
        {
          type: 'object',
          properties: { id: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
        },
        's',
        'a.prompt',
      ),
    );
    expect(oneOf.message).toBe(
      "a.prompt: input field 'id' uses the keyword 'oneOf', which our schemas cannot express",
    );
    const custom = thrown(() =>
      dslToJsonSchema(
        schema([field('x', { validators: [{ type: 'custom', custom_function: 'check' }] })]),
        () => undefined,
        'Dotprompt',
      ),
    );
    expect(custom.code).toBe('export_rule');
    expect(custom.message).toBe(
      "Dotprompt export cannot express a custom validator (schema 'order_input', field 'x')",
    );
  });
});
