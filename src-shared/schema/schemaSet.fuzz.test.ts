import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseValidationSchema } from '../model/validateSchemaFile';
import { FIELD_TYPES, VALIDATOR_TYPES } from '../model/schemaDsl';
import type { ValidationSchema } from '../model/schemaDsl';
import { PATTERN_INPUT_MAX_LENGTH, assertSafePattern, compileUserPattern } from './regexSafety';
import { SchemaSet } from './schemaSet';

/** Calls `work`; anything thrown but an AppError with one of `codes` fails the property. */
function settle<T>(
  codes: readonly string[],
  work: () => T,
): { ok: true; value: T } | { ok: false; error: AppError } {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(codes).toContain(error.code);
    return { ok: false, error };
  }
}

// Regex syntax in pieces: nested and overlapping repetitions are what the vetting must catch.
const regexPiece = fc.constantFrom(
  'a',
  'b',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '[a-z]',
  '[^@]',
  '(',
  ')',
  '(?:',
  '|',
  '*',
  '+',
  '?',
  '{2}',
  '{1,5}',
  '{2,}',
  '^',
  '$',
  '\\',
  '(?=a)',
  '\\1',
  'x',
  '@',
);
const pattern = fc.array(regexPiece, { minLength: 1, maxLength: 14 }).map((p) => p.join(''));

// Inputs that make backtracking engines slow on a bad pattern: long runs with a bad ending.
const EVIL_INPUTS = ['a', '0', ' ', 'ab', 'a@', 'x'].flatMap((unit) => {
  const run = unit.repeat(Math.floor(2_000 / unit.length));
  return [`${run}!`, `${run}\u0000`, `!${run}`];
});

const fieldName = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const anyValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const validator = fc.record(
  {
    type: fc.oneof(
      { arbitrary: fc.constantFrom(...VALIDATOR_TYPES), weight: 12 },
      { arbitrary: fc.constant('exec'), weight: 1 },
    ),
    min_value: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double(), fc.constant('3')),
    max_value: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constant(null)),
    pattern,
    allowed_values: fc.array(anyValue, { maxLength: 3 }),
    value: anyValue,
  },
  { requiredKeys: ['type'] },
);
const field = fc.record(
  {
    name: fc.oneof(
      { arbitrary: fieldName, weight: 12 },
      { arbitrary: fc.constantFrom('__proto__', 'constructor', 'a b', ''), weight: 1 },
    ),
    type: fc.oneof(
      { arbitrary: fc.constantFrom(...FIELD_TYPES), weight: 12 },
      { arbitrary: fc.constantFrom('object', 7), weight: 1 },
    ),
    required: fc.oneof(
      { arbitrary: fc.constant(true), weight: 6 },
      fc.boolean(),
      fc.constant('yes'),
    ),
    nullable: fc.boolean(),
    default: anyValue,
    item_type: fc.constantFrom('string', 'integer', 'dict', 'nope'),
    nested_schema: fc.constantFrom('inner', 'outer', 'ghost'),
    validators: fc.array(validator, { maxLength: 2 }),
  },
  { requiredKeys: ['name', 'type'] },
);
const schemaDocument = fc.record(
  {
    name: fc.constantFrom('outer', 'inner'),
    strict: fc.boolean(),
    fields: fc.array(field, { maxLength: 4 }),
    extends: fc.constantFrom('inner', 'outer', 'ghost'),
  },
  { requiredKeys: ['name', 'fields'], noNullPrototype: true },
);

const INNER: ValidationSchema = parseValidationSchema({
  name: 'inner',
  fields: [
    { name: 'code', type: 'string', validators: [{ type: 'regex', pattern: '^[A-Z]{2}\\d{3}$' }] },
    { name: 'count', type: 'integer', required: false, default: 1 },
  ],
});

describe('SchemaSet under fuzzing', () => {
  it('vets every pattern: refused with invalid_input, or fast on inputs built to backtrack', () => {
    fc.assert(
      fc.property(pattern, (source) => {
        const vetted = settle(['invalid_input'], () =>
          assertSafePattern(source, { schema: 'fuzz', field: 'f' }),
        );
        if (!vetted.ok) return;
        const regex = compileUserPattern(source);
        for (const input of EVIL_INPUTS) {
          const started = performance.now();
          regex.test(input.slice(0, PATTERN_INPUT_MAX_LENGTH));
          // Catastrophic backtracking takes seconds and more; the bound leaves room for a CI
          // machine that stalls the thread for a while.
          expect(performance.now() - started, `${source} on ${input.slice(0, 8)}…`).toBeLessThan(
            1_000,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('compiles any schema document or refuses it with invalid_input or not_found', () => {
    fc.assert(
      fc.property(schemaDocument, fc.jsonValue({ maxDepth: 3 }), (document, data) => {
        const parsed = settle(['invalid_input'], () => parseValidationSchema(document));
        if (!parsed.ok) return;
        const set = new SchemaSet([INNER, parsed.value]);
        const compiled = settle(['invalid_input', 'not_found'], () => set.check(parsed.value.name));
        if (!compiled.ok) return;
        settle(['schema_violation', 'invalid_input', 'too_large'], () =>
          set.validate(parsed.value.name, data),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('gives back data that validates again to itself (defaults and coercion are stable)', () => {
    const set = new SchemaSet([
      INNER,
      parseValidationSchema({
        name: 'order',
        strict: false,
        fields: [
          { name: 'id', type: 'integer' },
          { name: 'tags', type: 'list', item_type: 'string', required: false, default: [] },
          { name: 'inner', type: 'dict', nested_schema: 'inner', required: false, nullable: true },
          { name: 'paid', type: 'boolean', required: false, default: false },
          { name: 'note', type: 'string', required: false, nullable: true },
        ],
      }),
    ]);
    const order = fc.record(
      {
        id: fc.oneof(fc.integer(), fc.integer().map(String), fc.constant('x')),
        tags: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
        inner: fc.record({
          code: fc.oneof(fc.stringMatching(/^[A-Z]{2}\d{3}$/), fc.string({ maxLength: 6 })),
          count: fc.oneof(fc.integer(), fc.constant('2')),
        }),
        paid: fc.oneof(fc.boolean(), fc.constantFrom('yes', 'no', 1, 0, 'maybe')),
        note: fc.oneof(fc.string({ maxLength: 5 }), fc.constant(null)),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(order, (data) => {
        const first = settle(['schema_violation'], () => set.validate('order', data));
        if (!first.ok) {
          const issues = first.error.details?.issues as { path: string; rule: string }[];
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) expect(issue.rule).toMatch(/^[a-z_]+$/);
          return;
        }
        expect(set.validate('order', first.value.value).value).toEqual(first.value.value);
      }),
      { numRuns: 200 },
    );
  });
});
