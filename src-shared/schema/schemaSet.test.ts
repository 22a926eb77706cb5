import { describe, expect, it } from 'vitest';
import { caught } from '../testKit/caught';
import type { AppError } from '../errors';
import { type FieldIssue } from '../errors';
import type { FieldType, FieldValidator } from '../model/schemaDsl';
import { PATTERN_INPUT_MAX_LENGTH } from './regexSafety';
import type { SchemaSet } from './schemaSet';
import { createSchemaSet } from './schemaSet';
import { field, schema } from '../testKit/schemaFixtures';

/** A one-field schema `s` with field `v` carrying one validator. */
function oneValidator(type: FieldType, validator: FieldValidator): SchemaSet {
  return createSchemaSet([schema('s', [field('v', type, { validators: [validator] })])]);
}

function failure(set: SchemaSet, name: string, data: unknown): AppError {
  return caught(() => set.validate(name, data));
}

function issues(set: SchemaSet, name: string, data: unknown): FieldIssue[] {
  const error = failure(set, name, data);
  expect(error.code).toBe('schema_violation');
  return error.details?.issues as FieldIssue[];
}

describe('each validator accepts a good value and rejects a bad one at its field', () => {
  const cases: Array<[string, FieldType, FieldValidator, unknown, unknown, string]> = [
    [
      'min_length (string)',
      'string',
      { type: 'min_length', min_value: 3 },
      'abc',
      'ab',
      'must be at least 3 characters',
    ],
    [
      'max_length (string)',
      'string',
      { type: 'max_length', max_value: 3 },
      'abc',
      'abcd',
      'must be at most 3 characters',
    ],
    ['min_value', 'integer', { type: 'min_value', min_value: 0 }, 0, -1, 'must be at least 0'],
    ['max_value', 'float', { type: 'max_value', max_value: 1.5 }, 1.5, 1.6, 'must be at most 1.5'],
    [
      'range (low)',
      'integer',
      { type: 'range', min_value: 1, max_value: 300 },
      1,
      0,
      'must be between 1 and 300',
    ],
    [
      'range (high)',
      'integer',
      { type: 'range', min_value: 1, max_value: 300 },
      300,
      301,
      'must be between 1 and 300',
    ],
    [
      'regex',
      'string',
      { type: 'regex', pattern: '^[A-Z]{2}$' },
      'CA',
      'Cal',
      'must match the pattern ^[A-Z]{2}$',
    ],
    [
      'enum',
      'string',
      { type: 'enum', allowed_values: ['a', 'b'] },
      'b',
      'c',
      'must be one of: a, b',
    ],
    [
      'email',
      'string',
      { type: 'email' },
      'ada@example.com',
      'ada-at-example',
      'must be a valid email address',
    ],
    [
      'url',
      'string',
      { type: 'url' },
      'https://example.com/x?y=1',
      'ftp://example.com',
      'must be a valid http(s) URL',
    ],
    [
      'uuid',
      'string',
      { type: 'uuid' },
      '123e4567-e89b-12d3-a456-426614174000',
      '123e4567',
      'must be a valid UUID',
    ],
    [
      'date',
      'string',
      { type: 'date' },
      '2024-02-29',
      '2023-02-29',
      'must be a date in YYYY-MM-DD format',
    ],
    [
      'datetime',
      'string',
      { type: 'datetime' },
      '2024-11-19T10:30:00',
      '2024-11-19',
      'must be an ISO 8601 date-time, like 2024-01-31T12:00:00Z',
    ],
  ];
  it.each(cases)('%s', (_label, type, validator, good, bad, message) => {
    const set = oneValidator(type, validator);
    expect(set.validate('s', { v: good }).value).toEqual({ v: good });
    expect(issues(set, 's', { v: bad })).toEqual([{ path: 'v', rule: validator.type, message }]);
  });

  it('min_length / max_length count list items and dict entries', () => {
    const set = createSchemaSet([
      schema('s', [
        field('tags', 'list', {
          item_type: 'string',
          validators: [{ type: 'max_length', max_value: 2 }],
        }),
        field('opts', 'dict', { validators: [{ type: 'min_length', min_value: 1 }] }),
      ]),
    ]);
    expect(() => set.validate('s', { tags: ['a', 'b'], opts: { x: 1 } })).not.toThrow();
    expect(issues(set, 's', { tags: ['a', 'b', 'c'], opts: {} })).toEqual([
      { path: 'tags', rule: 'max_length', message: 'must have at most 2 items' },
      { path: 'opts', rule: 'min_length', message: 'must have at least 1 entry' },
    ]);
  });

  it('accepts datetimes with offsets and rejects impossible ones', () => {
    const set = oneValidator('string', { type: 'datetime' });
    expect(() => set.validate('s', { v: '2024-11-19T10:30:00.5+02:00' })).not.toThrow();
    expect(issues(set, 's', { v: '2024-11-19T25:00:00Z' })[0]?.rule).toBe('datetime');
  });

  it('regex uses search semantics: an unanchored pattern matches anywhere', () => {
    const set = oneValidator('string', { type: 'regex', pattern: '[0-9]+' });
    expect(set.validate('s', { v: 'abc123' }).value.v).toBe('abc123');
    expect(issues(set, 's', { v: 'abc' })[0]?.rule).toBe('regex');
  });

  it('accepts Python-style escapes that Unicode mode rejects', () => {
    const set = oneValidator('string', { type: 'regex', pattern: '^a\\_b$' });
    expect(set.validate('s', { v: 'a_b' }).value.v).toBe('a_b');
  });

  it('custom validators are not enforced', () => {
    const set = oneValidator('string', { type: 'custom', custom_function: 'check_it' });
    expect(set.validate('s', { v: 'anything' }).value.v).toBe('anything');
  });
});

describe('messages', () => {
  it("surfaces the validator's error_message", () => {
    const set = oneValidator('integer', {
      type: 'range',
      min_value: 13,
      max_value: 120,
      error_message: 'Age must be between 13 and 120',
    });
    expect(issues(set, 's', { v: 7 })).toEqual([
      { path: 'v', rule: 'range', message: 'Age must be between 13 and 120' },
    ]);
  });

  it('keeps the default wording for type errors even when the validator has a message', () => {
    const set = oneValidator('string', {
      type: 'min_length',
      min_value: 3,
      error_message: 'Too short',
    });
    expect(issues(set, 's', { v: 12345 })).toEqual([
      { path: 'v', rule: 'type', message: 'must be a string' },
    ]);
  });

  it('summarises count, first path and first message, and never includes values', () => {
    const set = createSchemaSet([
      schema('person', [
        field('name', 'string', { validators: [{ type: 'min_length', min_value: 2 }] }),
        field('age', 'integer'),
      ]),
    ]);
    const error = failure(set, 'person', { name: 'Z' });
    expect(error.message).toBe(
      "Validation failed for schema 'person': 2 problem(s) — name: must be at least 2 characters",
    );
    expect(error.details).toMatchObject({ schema: 'person' });
    expect(error.details?.issues).toContainEqual({
      path: 'age',
      rule: 'required',
      message: 'Field required',
    });
  });

  it('reports a non-object input at the root', () => {
    const set = createSchemaSet([schema('s', [field('a', 'string')])]);
    const error = failure(set, 's', ['a']);
    expect(error.details?.issues).toEqual([
      { path: '', rule: 'type', message: 'must be an object' },
    ]);
    expect(error.message).toContain('(root): must be an object');
  });

  it('names list items by index', () => {
    const set = createSchemaSet([schema('s', [field('tags', 'list', { item_type: 'string' })])]);
    expect(issues(set, 's', { tags: ['a', 'b', 'c', 4] })).toEqual([
      { path: 'tags.3', rule: 'type', message: 'must be a string' },
    ]);
  });
});

describe('types and coercion (SEED-BEHAVIOUR §4.5)', () => {
  const set = createSchemaSet([
    schema('t', [
      field('i', 'integer', { required: false, nullable: true }),
      field('f', 'float', { required: false, nullable: true }),
      field('b', 'boolean', { required: false, nullable: true }),
      field('s', 'string', { required: false, nullable: true }),
      field('l', 'list', { required: false, nullable: true, item_type: 'integer' }),
      field('a', 'any', { required: false, nullable: true }),
    ]),
  ]);
  const accepted: Array<[string, unknown, unknown]> = [
    ['i', '42', 42],
    ['i', 4.0, 4],
    ['i', true, 1],
    ['f', '1.5', 1.5],
    ['f', 3, 3],
    ['b', 'yes', true],
    ['b', 'No', false],
    ['b', 1, true],
    ['l', ['1', 2], [1, 2]],
    ['a', { x: [1] }, { x: [1] }],
  ];
  it.each(accepted)('%s accepts %j as %j', (key, input, output) => {
    expect(set.validate('t', { [key]: input }).value[key]).toEqual(output);
  });
  const rejected: Array<[string, unknown, string]> = [
    ['i', 4.5, 'must be an integer'],
    ['i', '4.5', 'must be an integer'],
    ['f', 'abc', 'must be a number'],
    ['b', 'maybe', 'must be true or false'],
    ['s', 5, 'must be a string'],
    ['l', 'a,b', 'must be a list'],
  ];
  it.each(rejected)('%s rejects %j', (key, input, message) => {
    expect(issues(set, 't', { [key]: input })).toEqual([{ path: key, rule: 'type', message }]);
  });
});

describe('required, defaults and nullable (SEED-BEHAVIOUR §4.6)', () => {
  const set = createSchemaSet([
    schema('r', [
      field('need', 'string'),
      field('dflt', 'string', { default: 'd' }),
      field('opt', 'string', { required: false, nullable: true }),
      field('nul', 'string', { nullable: true }),
      field('strict', 'string', { required: false, default: 'x' }),
    ]),
  ]);

  it('fills defaults (required + default is optional) and null for optional nullable fields', () => {
    expect(set.validate('r', { need: 'n', nul: null }).value).toEqual({
      need: 'n',
      dflt: 'd',
      opt: null,
      nul: null,
      strict: 'x',
    });
  });

  it('requires required fields without a default, even nullable ones', () => {
    expect(issues(set, 'r', {})).toEqual([
      { path: 'need', rule: 'required', message: 'Field required' },
      { path: 'nul', rule: 'required', message: 'Field required' },
    ]);
  });

  it('rejects null where the field is not nullable', () => {
    expect(issues(set, 'r', { need: null, nul: null, strict: null })).toEqual([
      { path: 'need', rule: 'nullable', message: 'must not be null' },
      { path: 'strict', rule: 'nullable', message: 'must not be null' },
    ]);
  });

  it('lets null through a nullable field with validators', () => {
    const nullable = createSchemaSet([
      schema('n', [
        field('code', 'enum', {
          nullable: true,
          validators: [{ type: 'enum', allowed_values: ['a'] }],
        }),
      ]),
    ]);
    expect(nullable.validate('n', { code: null }).value).toEqual({ code: null });
    expect(issues(nullable, 'n', { code: 'b' })[0]?.rule).toBe('enum');
  });

  it('gives every validation its own copy of an object default', () => {
    const s = createSchemaSet([
      schema('d', [field('h', 'dict', { required: false, default: {} })]),
    ]);
    const first = s.validate('d', {}).value;
    (first.h as Record<string, unknown>).x = 1;
    expect(s.validate('d', {}).value.h).toEqual({});
  });
});

describe('strictness', () => {
  const fields = [field('a', 'string')];
  it('strict schemas reject each extra key by name', () => {
    const set = createSchemaSet([schema('s', fields)]);
    expect(issues(set, 's', { a: 'x', b: 1, c: 2 })).toEqual([
      { path: 'b', rule: 'extra', message: 'Extra inputs are not permitted' },
      { path: 'c', rule: 'extra', message: 'Extra inputs are not permitted' },
    ]);
  });

  it.each([
    ['strict: false', { strict: false }],
    ['allow_extra: true', { strict: false, allow_extra: true }],
  ])('%s keeps extras in the result', (_label, extra) => {
    const set = createSchemaSet([schema('s', fields, extra)]);
    expect(set.validate('s', { a: 'x', b: [1] }).value).toEqual({ a: 'x', b: [1] });
  });
});

describe('nested schemas', () => {
  const point = schema('point', [field('x', 'integer'), field('y', 'integer', { default: 0 })]);

  it('validates nested objects and list items against their schemas', () => {
    const set = createSchemaSet([
      point,
      schema('shape', [
        field('origin', 'dict', { nested_schema: 'point' }),
        field('path', 'list', { item_schema: 'point', required: false, default: [] }),
      ]),
    ]);
    expect(set.validate('shape', { origin: { x: '1' }, path: [{ x: 2 }] }).value).toEqual({
      origin: { x: 1, y: 0 },
      path: [{ x: 2, y: 0 }],
    });
    expect(issues(set, 'shape', { origin: { x: 1, z: 1 }, path: [{ x: 1 }, { y: 1 }] })).toEqual([
      { path: 'origin.z', rule: 'extra', message: 'Extra inputs are not permitted' },
      { path: 'path.1.x', rule: 'required', message: 'Field required' },
    ]);
  });

  it("applies the nested schema's own strictness", () => {
    const loose = schema('loose', [field('x', 'integer')], { strict: false });
    const set = createSchemaSet([
      loose,
      schema('outer', [field('in', 'dict', { nested_schema: 'loose' })]),
    ]);
    expect(set.validate('outer', { in: { x: 1, extra: true } }).value).toEqual({
      in: { x: 1, extra: true },
    });
  });

  it('supports a schema that nests itself', () => {
    const tree = schema('tree', [
      field('label', 'string'),
      field('children', 'list', { item_schema: 'tree', required: false, default: [] }),
    ]);
    const set = createSchemaSet([tree]);
    const data = { label: 'root', children: [{ label: 'a', children: [{ label: 'b' }] }] };
    expect(set.validate('tree', data).value).toEqual({
      label: 'root',
      children: [{ label: 'a', children: [{ label: 'b', children: [] }] }],
    });
    expect(issues(set, 'tree', { label: 'root', children: [{ children: [{}] }] })).toEqual([
      { path: 'children.0.label', rule: 'required', message: 'Field required' },
      { path: 'children.0.children.0.label', rule: 'required', message: 'Field required' },
    ]);
  });

  it('rejects data nested deeper than the limit instead of overflowing the stack', () => {
    const tree = schema('tree', [
      field('child', 'dict', { nested_schema: 'tree', required: false, nullable: true }),
    ]);
    let data: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) data = { child: data };
    const error = failure(createSchemaSet([tree]), 'tree', data);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/nested more than/);
  });

  it('names an unknown nested schema', () => {
    const set = createSchemaSet([
      schema('outer', [field('in', 'dict', { nested_schema: 'ghost' })]),
    ]);
    const error = failure(set, 'outer', { in: {} });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe("Schema 'outer' refers to unknown schema 'ghost'");
  });
});

describe('the schema set', () => {
  it('reports an unknown schema as not_found', () => {
    const error = failure(createSchemaSet([]), 'nope', {});
    expect(error.code).toBe('not_found');
    expect(error.message).toBe("Schema 'nope' not found");
  });

  it('lists, finds and removes schemas', () => {
    const set = createSchemaSet([
      schema('b', [field('x', 'any')]),
      schema('a', [field('x', 'any')]),
    ]);
    expect(set.names()).toEqual(['a', 'b']);
    expect(set.has('a')).toBe(true);
    expect(set.get('a')?.name).toBe('a');
    expect(set.delete('a')).toBe(true);
    expect(set.delete('a')).toBe(false);
    expect(set.has('a')).toBe(false);
  });

  it('uses the new definition after a schema is replaced (the seed kept a stale model)', () => {
    const set = createSchemaSet([schema('s', [field('n', 'integer')])]);
    expect(set.validate('s', { n: 1 }).value).toEqual({ n: 1 });
    set.set(schema('s', [field('n', 'string')]));
    expect(issues(set, 's', { n: 1 })[0]?.message).toBe('must be a string');
  });

  it('re-resolves nested schemas when only the nested one changes', () => {
    const set = createSchemaSet([
      schema('inner', [field('v', 'integer')]),
      schema('outer', [field('in', 'dict', { nested_schema: 'inner' })]),
    ]);
    expect(() => set.validate('outer', { in: { v: 1 } })).not.toThrow();
    set.set(schema('inner', [field('v', 'boolean')]));
    expect(issues(set, 'outer', { in: { v: 5 } })).toEqual([
      { path: 'in.v', rule: 'type', message: 'must be true or false' },
    ]);
  });

  it('reports an unsafe regex on check() and validate(), naming schema and field', () => {
    const set = createSchemaSet([
      schema('bad', [
        field('v', 'string', { validators: [{ type: 'regex', pattern: '^(a+)+$' }] }),
      ]),
    ]);
    expect(() => set.check('bad')).toThrow(/Schema 'bad', field 'v'/);
    expect(failure(set, 'bad', { v: 'aaa' }).code).toBe('invalid_input');
  });

  it('fails an over-long value before its pattern runs', () => {
    const set = oneValidator('string', { type: 'regex', pattern: '\\d+x' });
    const started = Date.now();
    const found = issues(set, 's', { v: '1'.repeat(PATTERN_INPUT_MAX_LENGTH + 1) });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(found).toEqual([
      {
        path: 'v',
        rule: 'max_length',
        message: `must be at most ${PATTERN_INPUT_MAX_LENGTH} characters to be checked`,
      },
    ]);
  });

  it('bounds the worst case of an accepted pattern at the length cap', () => {
    const set = oneValidator('string', { type: 'regex', pattern: '^\\d*\\d*x$' });
    const started = Date.now();
    const found = issues(set, 's', { v: '1'.repeat(PATTERN_INPUT_MAX_LENGTH) });
    expect(found.map((i) => i.rule)).toEqual(['regex']);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('exposes the compiled JSON Schema', () => {
    const set = createSchemaSet([schema('s', [field('a', 'string')])]);
    expect(set.jsonSchema('s')).toMatchObject({ type: 'object', required: ['a'] });
  });
});

describe('untrusted data', () => {
  it('never mutates the input', () => {
    const set = createSchemaSet([
      schema('s', [field('n', 'integer'), field('d', 'dict', { required: false, default: {} })]),
    ]);
    const input = { n: '5' };
    const { value } = set.validate('s', input);
    expect(input).toEqual({ n: '5' });
    expect(value).toEqual({ n: 5, d: {} });
  });

  it('keeps __proto__ and constructor keys as plain data without polluting prototypes', () => {
    const loose = createSchemaSet([schema('s', [field('a', 'string')], { strict: false })]);
    const data = JSON.parse(
      '{"a":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}',
    );
    const { value } = loose.validate('s', data);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['a', '__proto__', 'constructor']);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('rejects __proto__ and constructor as extras in a strict schema', () => {
    const set = createSchemaSet([schema('s', [field('a', 'string')])]);
    const data = JSON.parse('{"a":"x","__proto__":{"polluted":true},"constructor":1}');
    expect(issues(set, 's', data).map((i) => i.path)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a declared field named __proto__ (it could never be checked)', () => {
    const set = createSchemaSet([schema('s', [field('__proto__', 'string', { default: 'd' })])]);
    const error = failure(set, 's', {});
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe("Schema 's': the field name '__proto__' is reserved");
  });

  it('handles a declared field named constructor as an ordinary key', () => {
    const set = createSchemaSet([schema('s', [field('constructor', 'string', { default: 'd' })])]);
    expect(set.validate('s', {}).value).toEqual({ constructor: 'd' });
    expect(issues(set, 's', { constructor: 5 })[0]?.path).toBe('constructor');
  });
});
