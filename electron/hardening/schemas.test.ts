import { describe, expect, it } from 'vitest';
import { aliasBomb } from './hostileFiles';
import {
  RUN_TABLES,
  expectRefused,
  nestedObject,
  openHostileLibraryForFile,
  prototypeKeys,
} from './hostileLibrary';

// Validations record metrics events by design; everything else must stay exactly as seeded.
const { lib, before } = await openHostileLibraryForFile(RUN_TABLES);

const withPattern = (pattern: string) => ({
  name: 'redos',
  fields: [{ name: 'code', type: 'string', validators: [{ type: 'regex', pattern }] }],
});

const yamlWithPattern = (pattern: string) =>
  `schemas:\n  - name: redos\n    fields:\n      - name: code\n        type: string\n        validators:\n          - type: regex\n            pattern: ${JSON.stringify(pattern)}\n`;

describe('schemas with catastrophic regexes', () => {
  for (const pattern of ['^(a+)+$', '(a|a)*$', '^(\\w+\\s?)*$', '(.*a){20}', '^(a|aa)+$']) {
    it(`refuses ${pattern} on save, in both forms`, async () => {
      const message = /^Schema 'redos', field 'code': the regex .* so matching could hang$/;
      const error = expectRefused(
        await lib.call('saveSchema', { schema: withPattern(pattern) }),
        'invalid_input',
        message,
      );
      expect(error.details).toMatchObject({ schema: 'redos', field: 'code', rule: 'regex' });
      expectRefused(
        await lib.call('saveSchemaYaml', { text: yamlWithPattern(pattern) }),
        'invalid_input',
        message,
      );
      expect(lib.dump(RUN_TABLES)).toBe(before);
    });
  }

  it('refuses a pattern that is not a regular expression', async () => {
    expectRefused(
      await lib.call('saveSchema', { schema: withPattern('([unclosed') }),
      'invalid_input',
      /^Schema 'redos', field 'code': .*regex/,
    );
  });

  it('matches long input against the stored safe pattern quickly', async () => {
    const started = performance.now();
    const { outcome } = await lib.call('testSchema', {
      name: 'person',
      data: { name: `${'a'.repeat(5000)}!` },
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ ok: true, value: { ok: false } });
  });
});

describe('schemas of the wrong shape', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'wrong types in every field',
      { name: 7, version: [], strict: 'yes', fields: 'all' },
      /^saveSchema: schema\.\w+ must be (string|boolean|array)$/,
    ],
    [
      'a field of an unknown type',
      { name: 's', fields: [{ name: 'f', type: 'function' }] },
      /^saveSchema: schema\.fields\.0\.type must be one of 'string', 'integer', .*'any'$/,
    ],
    [
      'an unknown key',
      { name: 's', fields: [{ name: 'f', type: 'string' }], eval: 'x' },
      /^saveSchema: unknown field 'eval' in schema$/,
    ],
    [
      'a __proto__ key',
      prototypeKeys(),
      /^saveSchema: (missing field 'name'|unknown field '(__proto__|constructor)') in schema$/,
    ],
    [
      'a __proto__ field name',
      { name: 's', fields: [{ name: '__proto__', type: 'string' }] },
      /__proto__/,
    ],
    [
      'a constructor schema name',
      { name: 'constructor', fields: [{ name: 'f', type: 'string' }] },
      /^Schema name 'constructor' must be alphanumeric \(underscores and hyphens allowed\)$/,
    ],
    [
      'a path-traversal schema name',
      { name: '../../evil', fields: [{ name: 'f', type: 'string' }] },
      /alphanumeric/,
    ],
    [
      'a nested schema that does not exist',
      { name: 's', fields: [{ name: 'f', type: 'dict', nested_schema: 'ghost' }] },
      /ghost/,
    ],
    [
      'a schema nested 20,000 deep',
      { name: 's', fields: [{ name: 'f', type: 'string', default: nestedObject(20_000) }] },
      /nested deeper than 64 levels \[depth\]/,
    ],
  ];
  for (const [title, schema, message] of cases) {
    it(`refuses ${title}`, async () => {
      expectRefused(await lib.call('saveSchema', { schema }), 'invalid_input', message);
      expect(lib.dump(RUN_TABLES)).toBe(before);
    });
  }

  it('refuses hostile schema YAML', async () => {
    const cases: [string, RegExp][] = [
      [aliasBomb(), /^schema YAML: document uses too many aliases \(the limit is 100\)$/],
      [`${'['.repeat(20_000)}${']'.repeat(20_000)}`, /^schema YAML: document is nested too deeply/],
      ['schemas: [unclosed', /^schema YAML: invalid YAML: /],
      ['schemas:\n  - !!js/function "x"', /^schema YAML: custom YAML tags are not allowed/],
      ['__proto__:\n  name: x\n', /^schema YAML: the key '__proto__' is not allowed/],
    ];
    for (const [text, message] of cases) {
      expectRefused(await lib.call('saveSchemaYaml', { text }), 'invalid_input', message);
    }
    expectRefused(
      await lib.call('saveSchemaYaml', { text: 'x'.repeat(2 * 1024 * 1024 + 1) }),
      'invalid_input',
      /^saveSchemaYaml: text must NOT have more than 2097152 characters$/,
    );
    expect(lib.dump(RUN_TABLES)).toBe(before);
  });

  it('saves all schemas of a file or none', async () => {
    const text = `schemas:\n  - name: fine\n    fields:\n      - name: x\n        type: string\n${yamlWithPattern('^(a+)+$').replace('schemas:\n', '')}`;
    expectRefused(await lib.call('saveSchemaYaml', { text }), 'invalid_input', /nests repetitions/);
    expect(lib.dump(RUN_TABLES)).toBe(before);
  });
});

describe('hostile data against schemas', () => {
  it('refuses data nested 20,000 deep without crashing', async () => {
    expectRefused(
      await lib.call('testSchema', {
        name: 'person',
        data: { name: 'Ann', team: nestedObject(20_000) },
      }),
      'invalid_input',
      'Data is nested more than 64 levels deep',
    );
    expectRefused(
      await lib.call('validateOutput', {
        document: {
          id: 'out',
          format: 'text',
          template: { content: 'x' },
          output_schema: 'person',
        },
        data: nestedObject(20_000),
      }),
      'invalid_input',
      'Data is nested more than 64 levels deep',
    );
  });

  it('keeps __proto__ and constructor keys in data as data', async () => {
    const { outcome } = await lib.call('testSchema', {
      name: 'person',
      data: { name: 'Ann', ...prototypeKeys() },
    });
    expect(outcome).toMatchObject({ ok: true, value: { ok: false } });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reports wrong types per field and never echoes the value', async () => {
    const { outcome } = await lib.call('testSchema', {
      name: 'person',
      data: { name: ['sk-live-do-not-echo'], team: 5 },
    });
    expect(outcome).toMatchObject({
      ok: true,
      value: { ok: false, issues: [{ path: 'name' }, { path: 'team' }] },
    });
    expect(JSON.stringify(outcome)).not.toContain('sk-live-do-not-echo');
  });

  it('refuses an unknown schema and a hostile schema name', async () => {
    expectRefused(
      await lib.call('testSchema', { name: 'ghost', data: {} }),
      'not_found',
      "Schema 'ghost' not found",
    );
    expectRefused(
      await lib.call('testSchema', { name: '../person', data: {} }),
      'invalid_input',
      /^testSchema: name must match pattern/,
    );
    expectRefused(
      await lib.call('testSchema', { name: '__proto__', data: {} }),
      'not_found',
      "Schema '__proto__' not found",
    );
  });

  it('leaves the library as it was (validations only add metrics events)', () => {
    expect(lib.dump(RUN_TABLES)).toBe(before);
    expect(lib.logged).toEqual([]);
  });
});
