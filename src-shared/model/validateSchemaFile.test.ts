import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seedText, seedYamlFiles } from '../../electron/testKit/seedExamples';
import { expectIssueIn, refusalIssues as issuesOf } from '../testKit/issueExpectations';
import { parseSchemaFile, parseValidationSchema } from './validateSchemaFile';

const field = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'title',
  type: 'string',
  ...extra,
});
const schema = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'post',
  fields: [field()],
  ...extra,
});
const withField = (extra: Record<string, unknown>) => schema({ fields: [field(extra)] });
const withValidator = (validator: Record<string, unknown>) =>
  withField({ validators: [validator] });

function expectIssue(value: unknown, issuePath: string, rule: string, message?: string): void {
  expectIssueIn(
    issuesOf(() => parseValidationSchema(value)),
    issuePath,
    rule,
    message,
  );
}

describe('parseSchemaFile on the seed examples', () => {
  const files = seedYamlFiles('schemas');

  it('loads all 11 example schema files, one schema each, named like the file', () => {
    expect(files).toHaveLength(11);
    for (const file of files) {
      const parsed = parseSchemaFile(parse(seedText(`schemas/${file}`)), file);
      expect(parsed.schemas.map((item) => item.name)).toEqual([file.replace(/\.yaml$/, '')]);
    }
  });

  it('fills the defaults of user_with_address and keeps its nested schema names', () => {
    const file = parseSchemaFile(parse(seedText('schemas/user_with_address.yaml')));
    const [only] = file.schemas;
    expect(only).toMatchObject({
      strict: true,
      allow_extra: false,
      version: '1.0.0',
      metadata: {},
    });
    const shipping = only?.fields.find((item) => item.name === 'shipping_address');
    expect(shipping).toMatchObject({
      type: 'dict',
      nested_schema: 'address',
      required: true,
      nullable: false,
      read_only: false,
      write_only: false,
      validators: [],
    });
  });
});

describe('parseValidationSchema defaults', () => {
  it('fills required, nullable, read_only, write_only, validators, strict, allow_extra, version, metadata', () => {
    expect(parseValidationSchema(schema())).toEqual({
      name: 'post',
      version: '1.0.0',
      strict: true,
      allow_extra: false,
      metadata: {},
      fields: [
        {
          name: 'title',
          type: 'string',
          required: true,
          validators: [],
          nullable: false,
          read_only: false,
          write_only: false,
        },
      ],
    });
  });

  it('treats an explicit null default like no default (as the seed does)', () => {
    const parsed = parseValidationSchema(
      withField({ required: false, nullable: true, default: null }),
    );
    expect('default' in (parsed.fields[0] ?? {})).toBe(false);
  });

  it('keeps a falsy default such as 0, false or []', () => {
    const parsed = parseValidationSchema(
      schema({
        fields: [
          field({ name: 'a', type: 'integer', required: false, default: 0 }),
          field({ name: 'b', type: 'boolean', required: false, default: false }),
          field({ name: 'c', type: 'list', item_type: 'string', required: false, default: [] }),
        ],
      }),
    );
    expect(parsed.fields.map((item) => item.default)).toEqual([0, false, []]);
  });
});

describe('schema DSL load-time rules', () => {
  it('requires item_type or item_schema on a list', () => {
    expectIssue(
      withField({ type: 'list' }),
      'fields.0.item_type',
      'list_items',
      "List type requires either 'item_type' or 'item_schema'",
    );
    expect(
      parseValidationSchema(withField({ type: 'list', item_schema: 'address' })).fields[0]
        ?.item_schema,
    ).toBe('address');
  });

  it('requires a default or nullable on a non-required field', () => {
    expectIssue(
      withField({ required: false }),
      'fields.0.default',
      'optional_default',
      "Non-required field 'title' should have a default value or be nullable",
    );
    expect(
      parseValidationSchema(withField({ required: false, nullable: true })).fields[0]?.nullable,
    ).toBe(true);
    expect(
      parseValidationSchema(withField({ required: false, default: 'x' })).fields[0]?.default,
    ).toBe('x');
  });

  it('requires pattern on a regex validator', () => {
    expectIssue(
      withValidator({ type: 'regex' }),
      'fields.0.validators.0.pattern',
      'regex',
      "Regex validator requires 'pattern' parameter",
    );
    expect(
      parseValidationSchema(withValidator({ type: 'regex', pattern: '^a' })).fields[0]
        ?.validators[0]?.pattern,
    ).toBe('^a');
  });

  it('requires non-empty allowed_values on an enum validator', () => {
    expectIssue(
      withValidator({ type: 'enum' }),
      'fields.0.validators.0.allowed_values',
      'enum',
      "Enum validator requires 'allowed_values' parameter",
    );
    expectIssue(
      withValidator({ type: 'enum', allowed_values: [] }),
      'fields.0.validators.0.allowed_values',
      'enum',
    );
    expect(
      parseValidationSchema(withValidator({ type: 'enum', allowed_values: ['a'] })).fields[0]
        ?.validators[0]?.allowed_values,
    ).toEqual(['a']);
  });

  it('requires both bounds on a range validator', () => {
    expectIssue(
      withValidator({ type: 'range', min_value: 1 }),
      'fields.0.validators.0.max_value',
      'range',
      "Range validator requires 'min_value' and 'max_value' parameters",
    );
    expectIssue(
      withValidator({ type: 'range', max_value: 1 }),
      'fields.0.validators.0.min_value',
      'range',
    );
    expect(
      parseValidationSchema(withValidator({ type: 'range', min_value: 1, max_value: 2 })).fields[0]
        ?.validators[0],
    ).toEqual({ type: 'range', min_value: 1, max_value: 2 });
  });

  it('requires custom_function on a custom validator', () => {
    expectIssue(
      withValidator({ type: 'custom' }),
      'fields.0.validators.0.custom_function',
      'custom',
      "Custom validator requires 'custom_function' parameter",
    );
    expect(
      parseValidationSchema(withValidator({ type: 'custom', custom_function: 'check' })).fields[0]
        ?.validators[0]?.custom_function,
    ).toBe('check');
  });

  it('rejects duplicate field names', () => {
    expectIssue(
      schema({ fields: [field(), field()] }),
      'fields.1.name',
      'unique',
      'Field names must be unique within schema',
    );
  });

  it('rejects duplicate schema names within one file', () => {
    const issues = issuesOf(() => parseSchemaFile({ schemas: [schema(), schema()] }, 'dup.yaml'));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'schemas.1.name', rule: 'unique' }),
    );
  });

  it('rejects strict and allow_extra both true', () => {
    expectIssue(
      schema({ allow_extra: true }),
      'allow_extra',
      'strict_allow_extra',
      "Cannot have both 'strict' and 'allow_extra' set to True",
    );
    expect(parseValidationSchema(schema({ strict: false, allow_extra: true })).allow_extra).toBe(
      true,
    );
  });

  it('requires schema and field names to be alphanumeric apart from _ and -', () => {
    expectIssue(
      schema({ name: 'bad.name' }),
      'name',
      'name',
      'Schema name must be alphanumeric (underscores and hyphens allowed)',
    );
    for (const bad of ['invalid name', 'invalid@name', '../x', '']) {
      expectIssue(
        withField({ name: bad }),
        'fields.0.name',
        'name',
        'Field name must be alphanumeric',
      );
    }
    expect(parseValidationSchema(schema({ name: 'user_profile-v2' })).name).toBe('user_profile-v2');
  });

  it('rejects unknown keys on schemas, fields and validators', () => {
    expectIssue(schema({ title: 'x' }), 'title', 'unknown_key');
    expectIssue(withField({ min: 1 }), 'fields.0.min', 'unknown_key');
    expectIssue(
      withValidator({ type: 'min_length', min_length: 3 }),
      'fields.0.validators.0.min_length',
      'unknown_key',
    );
  });

  it('rejects the documented-but-invalid format key on a date validator with a helpful message', () => {
    const issues = issuesOf(() =>
      parseValidationSchema(withValidator({ type: 'date', format: '%Y-%m-%d' })),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'fields.0.validators.0.format', rule: 'unknown_key' });
    expect(issues[0]?.message).toContain('date is YYYY-MM-DD');
  });

  it('rejects unknown field and validator types', () => {
    expectIssue(withField({ type: 'date' }), 'fields.0.type', 'enum');
    expectIssue(withValidator({ type: 'phone' }), 'fields.0.validators.0.type', 'enum');
    expectIssue(withField({ type: 'list', item_type: 'thing' }), 'fields.0.item_type', 'enum');
  });

  it('requires at least one field', () => {
    expectIssue(schema({ fields: [] }), 'fields', 'min_items');
    expectIssue({ name: 'x' }, 'fields', 'required');
  });

  it('checks the schema version pattern', () => {
    expectIssue(schema({ version: '1.0' }), 'version', 'pattern');
  });

  it('rejects unknown top-level keys and a bad file version', () => {
    const issues = issuesOf(() => parseSchemaFile({ version: '1', schemas: [], extra: 1 }));
    expect(issues.map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'extra:unknown_key',
      'version:pattern',
    ]);
  });

  it('accepts a file with only a version (zero schemas) and fills file defaults', () => {
    expect(parseSchemaFile({ version: '1.0.0' })).toEqual({
      version: '1.0.0',
      metadata: {},
      schemas: [],
    });
  });

  it('rejects a top-level list', () => {
    expect(issuesOf(() => parseSchemaFile([schema()]))[0]?.rule).toBe('type');
  });

  it('names the file and the first problem in the message', () => {
    expect(() =>
      parseSchemaFile({ schemas: [withField({ type: 'list' })] }, 'schemas/a.yaml'),
    ).toThrow(
      "schemas/a.yaml: invalid schema file: schemas.0.fields.0.item_type: List type requires either 'item_type' or 'item_schema' [list_items]",
    );
  });

  it('rejects prototype-reaching keys in defaults', () => {
    const hostile = JSON.parse(
      '{"name":"x","fields":[{"name":"a","type":"dict","default":{"__proto__":{}}}]}',
    );
    expectIssue(hostile, 'fields.0.default.__proto__', 'forbidden_key');
  });

  it('copies defaults so the result shares nothing with the input', () => {
    const input = withField({ type: 'dict', required: false, default: { a: [1] } });
    const parsed = parseValidationSchema(input);
    (input.fields as { default: { a: number[] } }[])[0]!.default.a.push(2);
    expect(parsed.fields[0]?.default).toEqual({ a: [1] });
  });
});

describe('a null metadata mapping', () => {
  it('is reported once for a schema file and once for a schema', () => {
    const fileIssues = issuesOf(() => parseSchemaFile({ metadata: null, schemas: [schema()] }));
    expect(fileIssues.filter((issue) => issue.path === 'metadata')).toHaveLength(1);
    const schemaIssues = issuesOf(() => parseValidationSchema(schema({ metadata: null })));
    expect(schemaIssues.filter((issue) => issue.path === 'metadata')).toHaveLength(1);
  });
});
