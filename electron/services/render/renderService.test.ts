import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import { parseValidationSchema } from '../../../src-shared/model/validateSchemaFile';
import { createServices } from '../index';
import type { Services } from '../index';
import { RenderService } from './renderService';

const greeting = (content: string, extra: Partial<Prompt> = {}): Prompt =>
  parsePrompt({ id: 'greet', format: 'text', template: { content }, ...extra });

const personSchema = (pattern = '^[A-Z]') =>
  parseValidationSchema({
    name: 'person',
    fields: [
      {
        name: 'name',
        type: 'string',
        validators: [{ type: 'regex', pattern, error_message: 'Start with a capital' }],
      },
      { name: 'tier', type: 'string', required: false, default: 'free' },
    ],
  });

let services: Services;
let render: RenderService;

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-render-'));
  services = createServices({ dbPath: join(dir, 'library.db'), actor: 'tester' });
  render = new RenderService(services);
});

afterEach(() => services.dispose());

describe('RenderService', () => {
  it('renders a saved prompt and records the render as a metrics event', () => {
    services.prompts.save({ document: greeting('Hello {{name}}') });
    const result = render.render({ id: 'greet' }, { name: 'Ada' });
    expect(result.text).toBe('Hello Ada');
    expect(result.durationUs).toBeGreaterThanOrEqual(0);
    const summary = services.metrics.summary({ kind: 'render' });
    expect(summary.totals).toMatchObject({ count: 1, errors: 0 });
    expect(summary.by_prompt[0]).toMatchObject({ prompt_id: 'greet', version: '1.0.0' });
  });

  it('records a failed render with its error kind', () => {
    services.prompts.save({ document: greeting('Hello {{name}}') });
    expect(() => render.render({ id: 'greet' }, {})).toThrow("Could not find variable 'name'");
    const summary = services.metrics.summary({ kind: 'render' });
    expect(summary.totals).toMatchObject({ count: 1, errors: 1, error_rate: 1 });
  });

  it('renders an unsaved document from the editor with the library schemas', () => {
    services.schemas.save(personSchema());
    const document = greeting('Hi {{name}} ({{tier}})', { input_schema: 'person' });
    expect(render.render({ document }, { name: 'Ada' }).text).toBe('Hi Ada (free)');
    try {
      render.render({ document }, { name: 'ada' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details?.issues).toEqual([
        expect.objectContaining({ path: 'name', message: 'Start with a capital' }),
      ]);
    }
  });

  it('compiles the schema library once and rebuilds it only after a schema changes', () => {
    services.schemas.save(personSchema());
    const first = render.context().schemas;
    expect(render.context().schemas).toBe(first);
    services.schemas.save(personSchema('^[A-Z][a-z]'));
    const second = render.context().schemas;
    expect(second).not.toBe(first);
    expect(() => second.validate('person', { name: 'AB' })).toThrow(/Start with a capital/);
  });

  it('refuses a schema with a catastrophic regex when it is saved, and keeps the old one', () => {
    services.schemas.save(personSchema());
    expect(() => services.schemas.save(personSchema('^(a+)+$'))).toThrow(AppError);
    expect(services.schemas.get('person').fields[0]?.validators[0]?.pattern).toBe('^[A-Z]');
  });

  it('tests data against a schema and returns field issues as a value', () => {
    services.schemas.save(personSchema());
    expect(render.testSchema('person', { name: 'Ada' })).toEqual({
      ok: true,
      value: { name: 'Ada', tier: 'free' },
    });
    const bad = render.testSchema('person', { name: 'ada', extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((issue) => issue.path).sort()).toEqual(['extra', 'name']);
  });

  it('lists the prompts whose output a partial change would alter', () => {
    services.partials.save('sig', 'Regards');
    services.prompts.save({ document: greeting('Hello {{name}}\n{{> sig}}') });
    services.prompts.save({
      document: parsePrompt({ id: 'other', format: 'text', template: { content: 'No partial' } }),
    });
    expect(render.partialImpact('sig', 'Regards')).toEqual({ changed: [], failed: [] });
    expect(render.partialImpact('sig', 'Cheers')).toEqual({ changed: ['greet'], failed: [] });
    expect(render.partialImpact('sig', '{{#if}}')).toEqual({ changed: [], failed: ['greet'] });
  });

  it('exports exactly what it renders, for every provider', () => {
    services.partials.save('sig', 'Regards');
    services.prompts.save({ document: greeting('Hello {{name}}. {{> sig}}') });
    const text = render.render({ id: 'greet' }, { name: 'Ada' }).text;
    for (const provider of ['openai', 'anthropic', 'litellm'] as const) {
      const payload = render.export({ id: 'greet' }, provider, { name: 'Ada' }).payload as {
        messages: { content: string }[];
      };
      expect(payload.messages[0]?.content).toBe(text);
    }
    expect(services.metrics.summary({ kind: 'export' }).totals.count).toBe(3);
  });
});
