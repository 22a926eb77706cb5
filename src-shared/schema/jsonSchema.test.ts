import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { FieldType } from '../model/schemaDsl';
import { field, schema } from '../testKit/schemaFixtures';
import { JSON_SCHEMA_DIALECT, toJsonSchema } from './jsonSchema';

const none = () => undefined;

describe('toJsonSchema', () => {
  it('produces a 2020-12 object schema with required fields and no extras when strict', () => {
    const json = toJsonSchema(
      schema(
        'person',
        [
          field('name', 'string', { description: 'Full name' }),
          field('age', 'integer', { default: 1 }),
        ],
        {
          description: 'A person',
        },
      ),
      none,
    );
    expect(json).toEqual({
      $schema: JSON_SCHEMA_DIALECT,
      title: 'person',
      description: 'A person',
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Full name' },
        age: { type: 'integer', default: 1 },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('maps each DSL type to its JSON type', () => {
    const types: Array<[FieldType, unknown]> = [
      ['string', 'string'],
      ['integer', 'integer'],
      ['float', 'number'],
      ['boolean', 'boolean'],
      ['dict', 'object'],
      ['any', undefined],
      ['enum', undefined],
    ];
    for (const [type, jsonType] of types) {
      const props = toJsonSchema(schema('s', [field('f', type)]), none).properties as Record<
        string,
        Record<string, unknown>
      >;
      expect(props.f?.type).toBe(jsonType);
    }
  });

  it('compiles an enum-typed field from its enum validator', () => {
    const json = toJsonSchema(
      schema('s', [
        field('role', 'enum', { validators: [{ type: 'enum', allowed_values: ['a', 'b'] }] }),
      ]),
      none,
    );
    expect(json.properties).toEqual({ role: { allOf: [{ enum: ['a', 'b'] }] } });
  });

  it('wraps nullable fields so null passes and the rest is checked', () => {
    const json = toJsonSchema(
      schema('s', [field('n', 'integer', { required: false, nullable: true })]),
      none,
    );
    expect(json.properties).toEqual({
      n: { if: { type: 'null' }, else: { type: 'integer' }, default: null },
    });
  });

  it('keeps extras for non-strict schemas and marks read/write-only fields', () => {
    const json = toJsonSchema(
      schema(
        's',
        [field('k', 'string', { write_only: true }), field('v', 'integer', { read_only: true })],
        {
          strict: false,
        },
      ),
      none,
    );
    expect(json.additionalProperties).toBeUndefined();
    expect(json.properties).toMatchObject({ k: { writeOnly: true }, v: { readOnly: true } });
  });

  it('puts nested schemas in $defs and refers to itself with #', () => {
    const address = schema('address', [field('city', 'string')]);
    const user = schema('user', [
      field('home', 'dict', { nested_schema: 'address' }),
      field('friends', 'list', { item_schema: 'user', required: false, default: [] }),
    ]);
    const json = toJsonSchema(user, (n) => (n === 'address' ? address : undefined));
    expect(json.properties).toMatchObject({
      home: { type: 'object', $ref: '#/$defs/address' },
      friends: { type: 'array', items: { $ref: '#' } },
    });
    expect(json.$defs).toMatchObject({ address: { title: 'address', required: ['city'] } });
  });

  it('handles two schemas that nest each other', () => {
    const a = schema('a', [
      field('b', 'dict', { nested_schema: 'b', required: false, nullable: true }),
    ]);
    const b = schema('b', [
      field('a', 'dict', { nested_schema: 'a', required: false, nullable: true }),
    ]);
    const json = toJsonSchema(a, (n) => (n === 'b' ? b : undefined));
    expect(json.$defs).toMatchObject({ b: { properties: { a: { else: { $ref: '#' } } } } });
  });

  it('throws invalid_input for an unknown nested schema', () => {
    const s = schema('outer', [field('x', 'list', { item_schema: 'missing' })]);
    expect(() => toJsonSchema(s, none)).toThrow(AppError);
    expect(() => toJsonSchema(s, none)).toThrow(
      "Schema 'outer' refers to unknown schema 'missing'",
    );
  });

  it('guards patterns with a length check and restricts url to http(s)', () => {
    const json = toJsonSchema(
      schema('s', [
        field('code', 'string', { validators: [{ type: 'regex', pattern: '^[A-Z]+$' }] }),
        field('site', 'string', { validators: [{ type: 'url' }] }),
      ]),
      none,
    );
    const props = json.properties as Record<string, { allOf: Array<Record<string, unknown>> }>;
    expect(props.code?.allOf[0]).toEqual({
      if: { maxLength: 10_000 },
      then: { pattern: '^[A-Z]+$' },
      else: { maxLength: 10_000 },
    });
    expect(JSON.stringify(props.site?.allOf[0])).toContain('"format":"uri"');
  });

  it('skips custom validators and validators that do not fit the type', () => {
    const json = toJsonSchema(
      schema('s', [
        field('n', 'integer', {
          validators: [{ type: 'custom', custom_function: 'is_prime' }, { type: 'email' }],
        }),
      ]),
      none,
    );
    expect(json.properties).toEqual({ n: { type: 'integer' } });
  });

  it('returns plain JSON (serialisable, no functions)', () => {
    const json = toJsonSchema(schema('s', [field('a', 'string')]), none);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
