// The impact of a schema change through the contract, on a real library file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editSchemaYaml } from '../../../src-shared/yaml/schemaEdits';
import type { SchemaImpactEntry } from '../../../src-shared/contract/dto';
import { createDispatcher } from '../dispatch';
import { createHandlers } from '../handlers';
import { createServices, type Services } from '../index';
import { textDoc } from '../prompts/fixtures/testLibrary';

const dir = mkdtempSync(join(tmpdir(), 'pwb-schema-impact-'));
let services: Services;
let count = 0;

const PERSON = `schemas:
  - name: person
    fields:
      - name: name
        type: string
      - name: age
        type: integer
        required: false
        default: 0
`;

beforeEach(() => {
  count += 1;
  services = createServices({ dbPath: join(dir, `impact-${count}.db`), actor: 'test' });
  services.schemas.saveYaml(PERSON);
  services.prompts.save({
    document: textDoc('greet', 'Hello {{name}}, {{age}}', { input_schema: 'person' }),
  });
  services.prompts.save({ document: textDoc('judge', 'Rate it', { output_schema: 'person' }) });
  services.prompts.save({ document: textDoc('other', 'Unrelated {{x}}') });
  services.tests.replace('greet', [
    { name: 'ann', vars: { name: 'Ann', age: 30 }, assert: [] },
    { name: 'nameless', vars: { age: 3 }, assert: [] },
  ]);
});
afterEach(() => services.dispose());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The contract's answer for a text, through the dispatcher as every transport calls it. */
async function call(text: unknown) {
  const handlers = createHandlers(services, { dbPath: join(dir, 'x'), transport: 'cli' });
  return createDispatcher(handlers).dispatch('schemaImpact', { text });
}

async function impact(text: string): Promise<{ prompts: SchemaImpactEntry[] }> {
  const outcome = await call(text);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as { prompts: SchemaImpactEntry[] };
}

describe('schemaImpact', () => {
  it('lists the prompts that use the schema, with nothing broken by a harmless change', async () => {
    const text = editSchemaYaml(PERSON, 'person', [
      { kind: 'setField', field: 0, key: 'description', value: 'Who' },
    ]);
    expect(await impact(text)).toEqual({
      prompts: [
        { prompt: 'greet', schema: 'person', roles: ['input'], problems: [] },
        { prompt: 'judge', schema: 'person', roles: ['output'], problems: [] },
      ],
    });
  });

  it('names a removed field the template uses, a newly required field and failing test cases', async () => {
    const text = editSchemaYaml(PERSON, 'person', [
      { kind: 'removeField', field: 1 },
      { kind: 'addField', name: 'email', type: 'string' },
    ]);
    const { prompts } = await impact(text);
    expect(prompts.find((entry) => entry.prompt === 'greet')?.problems).toEqual([
      'The template uses {{age}}, a field the schema no longer has.',
      '"email" is now required, and the template does not use it.',
      expect.stringMatching(/^Test case "ann" no longer passes: .*email/),
    ]);
    expect(prompts.find((entry) => entry.prompt === 'judge')?.problems).toEqual([
      'Answers must now include "email".',
      'Answers with "age" are now refused.',
    ]);
    // Checking writes nothing.
    expect(services.schemas.yaml('person')).toBe(PERSON);
  });

  it('refuses text that is not a schema, and a request without text, naming the problem', async () => {
    expect(await call('schemas:\n  - name: person\n')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/at least one field/) },
    });
    expect(await call(42)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
