import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, operations } from '../../src-shared/contract/operations';
import { ERROR_CODES } from '../../src-shared/errors';
import type { Outcome } from '../../src-shared/errors';
import { GREETING, openHostileLibraryForFile, prototypeKeys } from '../hardening/hostileLibrary';

const { lib } = await openHostileLibraryForFile();

// File operations read and write wherever a path points; the hostile-input suite covers them
// with paths inside temp folders instead of random ones.
const FUZZED = OPERATION_NAMES.filter((name) => name !== 'importFolder' && name !== 'exportFolder');

const fieldsOf = (name: string): string[] =>
  Object.keys(
    ((operations as Record<string, { request: { properties?: object } }>)[name]?.request
      .properties ?? {}) as object,
  );

// Values that are valid somewhere, hostile elsewhere, or wrong everywhere.
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'greeting',
    'support-chat',
    'person',
    'signature',
    '1.0.0',
    '1.1.0',
    '9.9.9',
    'patch',
    'openai',
    'anthropic',
    'render',
    'day',
    '../greeting',
    '__proto__',
    'constructor',
    '',
    'Hi {{name}} {{> signature}}',
    '{{#each x}}',
    null,
    true,
    0,
    -1,
    1e308,
    [],
    {},
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(prototypeKeys()),
  fc.constant(GREETING),
  fc.string({ maxLength: 20 }).map((content) => ({ ...GREETING, template: { content } })),
  fc.dictionary(
    fc.constantFrom('name', 'team', 'product', 'question', 'x'),
    fc.string({ maxLength: 8 }),
  ),
);

// Plausible values per request field, so most calls pass the contract and reach a service.
const template = fc
  .array(
    fc.constantFrom('Hi ', '{{name}}', '{{> signature}}', '{{#if x}}', '{{/if}}', '{{team}}', '\n'),
    {
      maxLength: 6,
    },
  )
  .map((pieces) => `T ${pieces.join('')}`);
const document = fc.oneof(
  template.map((content) => ({ ...GREETING, template: { content } })),
  template.map((content) => ({ id: 'fresh', format: 'text', template: { content } })),
  fc.constant({
    id: 'support-chat',
    format: 'chat',
    chat_template: { messages: [{ role: 'user', content: '{{question}}' }] },
  }),
  fc.record({
    name: fc.constantFrom('person', 'extra'),
    fields: fc.constant([{ name: 'f', type: 'string' }]),
  }),
);
const FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.constantFrom('greeting', 'support-chat', 'fresh', 'ghost'),
  prompt_id: fc.constantFrom('greeting', 'ghost'),
  entity_id: fc.constantFrom('greeting', 'person', ''),
  version: fc.constantFrom('1.0.0', '1.1.0', '1.2.0', '9.9.9'),
  from: fc.oneof(fc.constantFrom('1.0.0', '1.1.0'), fc.nat()),
  to: fc.oneof(fc.constantFrom('1.0.0', '1.1.0'), fc.nat()),
  base: fc.constantFrom('1.0.0', '1.1.0', null),
  bump: fc.constantFrom('patch', 'minor', 'major'),
  changelog: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null)),
  document,
  schema: document,
  name: fc.constantFrom('person', 'signature', 'ghost', 'new_one'),
  content: template,
  text: fc.constantFrom(
    'schemas:\n  - name: extra\n    fields:\n      - name: f\n        type: string\n',
    'name: person\nfields: []\n',
    'schemas: [',
  ),
  variables: fc.dictionary(
    fc.constantFrom('name', 'team', 'product', 'question', 'x'),
    fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null), fc.integer()),
  ),
  data: fc.oneof(
    fc.record({ name: fc.string({ maxLength: 6 }), team: fc.string({ maxLength: 4 }) }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  provider: fc.constantFrom('openai', 'anthropic', 'langchain', 'litellm'),
  mergeConsecutive: fc.boolean(),
  allowSecrets: fc.boolean(),
  tags: fc.array(fc.constantFrom('demo', 'support', 'x'), { maxLength: 2 }),
  status: fc.constantFrom('draft', 'active', 'deprecated', 'archived'),
  category: fc.constantFrom('help', ''),
  format: fc.constantFrom('text', 'chat'),
  search: fc.string({ maxLength: 8 }),
  limit: fc.integer({ min: 1, max: 50 }),
  offset: fc.nat({ max: 5 }),
  kind: fc.constantFrom('render', 'validate', 'export'),
  bucket: fc.constantFrom('hour', 'day'),
};

const requiredOf = (name: string): string[] =>
  ((operations as Record<string, { request: { required?: string[] } }>)[name]?.request.required ??
    []) as string[];

/** A request for `name`: its fields with plausible or hostile values, sometimes an extra one. */
const requestFor = (name: string) => {
  const fields = fieldsOf(name);
  const shape = Object.fromEntries(
    fields.map((field) => [
      field,
      fc.oneof(
        { arbitrary: FIELD_VALUES[field] ?? value, weight: 6 },
        { arbitrary: value, weight: 1 },
      ),
    ]),
  );
  const own = fc.record(shape, { requiredKeys: requiredOf(name) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
  return fc.oneof(
    { arbitrary: own, weight: 12 },
    { arbitrary: own.map((request) => ({ ...request, extra_field: 1 })), weight: 1 },
    { arbitrary: value, weight: 1 },
  );
};

const call = fc
  .constantFrom(...FUZZED)
  .chain((name) => fc.tuple(fc.constant(name), requestFor(name)));

function expectWellFormed(outcome: Outcome<unknown>): void {
  expect(typeof outcome.ok).toBe('boolean');
  if (outcome.ok) return;
  expect(ERROR_CODES).toContain(outcome.error.code);
  expect(outcome.error.code, outcome.error.message).not.toBe('internal');
  expect(outcome.error.message.length).toBeGreaterThan(0);
  expect(outcome.error.message).not.toMatch(/\n\s+at /);
}

describe('the dispatcher under fuzzing', () => {
  it('answers every operation with a well-formed outcome and never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(call, async ([name, request]) => {
        const outcome = await lib.dispatcher.dispatch(name, request);
        expectWellFormed(outcome);
        if (
          request !== null &&
          typeof request === 'object' &&
          Object.hasOwn(request, 'extra_field')
        ) {
          expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        }
      }),
      { numRuns: 300 },
    );
    expect(lib.logged).toEqual([]);
    expect(lib.services.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(lib.services.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses any unknown operation name as not_found, prototype names included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
        ),
        async (name) => {
          fc.pre(!(OPERATION_NAMES as string[]).includes(name));
          const outcome = await lib.dispatcher.dispatch(name, {});
          expect(outcome).toEqual({
            ok: false,
            error: {
              code: 'not_found',
              message: `Unknown operation '${name}'`,
              details: { stage: 'request' },
            },
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
