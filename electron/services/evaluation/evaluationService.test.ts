// The evaluation matrix through the real model service, SDKs and SQLite, against the local
// protocol server (its unscripted answer is `echo: ` and the last user message).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../src-shared/errors';
import type { EvalEvent } from '../../../src-shared/evaluation/runs';
import type { Prompt } from '../../../src-shared/model/prompt';
import { startModelServer, type ModelServer } from '../../testKit/modelServer';
import { createServices, type Services } from '../index';
import { RenderService } from '../render/renderService';
import { SqliteEvalRuns } from './evalRunStore';
import { EvaluationService, readVerdict } from './evaluationService';
import { TestCaseService } from './testCaseService';

let dir: string;
let server: ModelServer;
let services: Services;
let tests: TestCaseService;
let evaluation: EvaluationService;

function document(content: string): Prompt {
  return {
    id: 'greeting',
    format: 'text',
    status: 'active',
    template: { content },
    metadata: { tags: [] },
  } as unknown as Prompt;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-eval-'));
  server = await startModelServer();
  services = createServices({ dbPath: join(dir, 'library.db'), keys: () => undefined });
  services.models.providers.add({
    name: 'local',
    kind: 'openai-compatible',
    base_url: server.openaiUrl,
  });
  services.prompts.save({ document: document('Say hello to {{name}}') });
  tests = new TestCaseService(services.db, { clock: () => new Date(), audit: services.audit });
  const render = new RenderService(services);
  evaluation = new EvaluationService({
    runs: new SqliteEvalRuns(services.db),
    clock: () => new Date(),
    tests,
    prompts: services.prompts,
    models: services.models,
    context: () => render.context(),
  });
  tests.replace('greeting', [
    { name: 'greets Ada', vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Ada' }] },
    {
      name: 'formal',
      vars: { name: 'Bo' },
      assert: [{ type: 'starts-with', value: 'echo: Good day' }],
    },
  ]);
});

afterEach(async () => {
  services.dispose();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('EvaluationService', () => {
  it('runs every case on each version × model, streams cells and keeps the run', async () => {
    services.prompts.save({
      document: { ...document('Good day, {{name}}'), id: 'greeting' },
      base: '1.0.0',
      bump: 'minor',
    });
    const events: EvalEvent[] = [];
    const run = await evaluation.run(
      { versions: ['1.0.0', '1.1.0'], models: ['local:small', 'local:large'], no_cache: true },
      { onEvent: (event) => events.push(event) },
    );
    expect(run.cells).toHaveLength(8);
    expect(events[0]).toEqual({ type: 'planned', total: 8 });
    expect(events.filter((event) => event.type === 'cell')).toHaveLength(8);
    expect(events.at(-1)).toEqual({ type: 'done', run });
    const verdicts = run.cells.map(
      (cell) => `${cell.version} ${cell.model} ${cell.case} ${cell.pass}`,
    );
    expect(verdicts).toEqual([
      '1.0.0 local:small greets Ada true',
      '1.0.0 local:small formal false',
      '1.0.0 local:large greets Ada true',
      '1.0.0 local:large formal false',
      '1.1.0 local:small greets Ada true',
      '1.1.0 local:small formal true',
      '1.1.0 local:large greets Ada true',
      '1.1.0 local:large formal true',
    ]);
    const failed = run.cells[1];
    expect(failed?.assertions).toEqual([
      {
        type: 'starts-with',
        pass: false,
        reason: 'expected the answer to start with "echo: Good day", got "echo: Say hello to Bo"',
      },
    ]);
    expect(run.summary).toEqual({ passed: 6, failed: 2 });
    expect(server.requests).toHaveLength(8);
    expect(await evaluation.get(run.id)).toEqual(run);
    expect((await evaluation.list('greeting')).map((summary) => summary.id)).toEqual([run.id]);
  });

  it('keeps each provider to the concurrency asked', async () => {
    tests.replace(
      'greeting',
      Array.from({ length: 12 }, (_, n) => ({
        name: `case ${n}`,
        vars: { name: `N${n}` },
        assert: [{ type: 'contains' as const, value: `N${n}` }],
      })),
    );
    server.script(
      ...Array.from({ length: 12 }, () => ({ kind: 'answer' as const, firstTokenDelayMs: 60 })),
    );
    const run = await evaluation.run({ models: ['local:m'], concurrency: 3, no_cache: true });
    expect(run.cells.map((cell) => [cell.case, cell.pass])).toEqual(
      Array.from({ length: 12 }, (_, n) => [`case ${n}`, true]),
    );
    expect(server.maxInFlight()).toBeLessThanOrEqual(3);
    expect(server.maxInFlight()).toBeGreaterThan(1);
  });

  it('lists regressions and fixes against the baseline, by prompt, case and model', async () => {
    const first = await evaluation.run({ models: ['local:m'], baseline: true });
    expect(first.baseline).toBeNull();
    expect((await evaluation.list())[0]?.baseline_of).toEqual(['greeting']);
    // The prompt changes: the formal case starts passing, the Ada case starts failing.
    services.prompts.save({ document: document('Good day, friend'), base: '1.0.0' });
    const second = await evaluation.run({ models: ['local:m'] });
    expect(second.baseline).toBe(first.id);
    expect(second.regressions).toEqual([
      { prompt: 'greeting', case: 'greets Ada', model: 'local:m', version: '1.0.1' },
    ]);
    expect(second.fixes).toEqual([
      { prompt: 'greeting', case: 'formal', model: 'local:m', version: '1.0.1' },
    ]);
  });

  it('runs unsaved changes as a column of their own, with no version', async () => {
    const run = await evaluation.run({
      models: ['local:m'],
      versions: ['1.0.0'],
      unsaved: [
        {
          ...services.prompts.get('greeting'),
          template: { content: 'Good day {{name}}', variables: [], partials: {}, helpers: {} },
        },
      ],
    });
    const unsaved = run.cells.filter((cell) => cell.unsaved);
    expect(unsaved.map((cell) => [cell.version, cell.case, cell.pass])).toEqual([
      [null, 'greets Ada', true],
      [null, 'formal', true],
    ]);
  });

  it('runs unsaved changes alone when no version is named', async () => {
    const run = await evaluation.run({
      models: ['local:m'],
      unsaved: [
        {
          ...services.prompts.get('greeting'),
          template: { content: 'Good day {{name}}', variables: [], partials: {}, helpers: {} },
        },
      ],
    });
    expect(run.cells.map((cell) => [cell.version, cell.output])).toEqual([
      [null, 'echo: Good day Ada'],
      [null, 'echo: Good day Bo'],
    ]);
  });

  it('replays answers from the cache, and fails a miss without calling the model', async () => {
    await evaluation.run({ models: ['local:m'] });
    const calls = server.requests.length;
    const replayed = await evaluation.run({ models: ['local:m'], replay: true });
    expect(replayed.cells.every((cell) => cell.cached)).toBe(true);
    expect(replayed.summary).toEqual({ passed: 1, failed: 1 });
    const missed = await evaluation.run({ models: ['local:other'], replay: true });
    expect(missed.cells.every((cell) => !cell.pass)).toBe(true);
    expect(missed.cells[0]?.error).toMatch(/^No cached answer for this call to local:other/);
    expect(server.requests).toHaveLength(calls);
  });

  it('asks the judge model for llm-rubric assertions', async () => {
    tests.replace('greeting', [
      {
        name: 'kind',
        vars: { name: 'Ada' },
        assert: [{ type: 'llm-rubric', value: 'Is it kind?' }],
      },
    ]);
    // First the answer to grade, then the judge's verdict.
    server.script(
      { kind: 'answer', text: 'Hello Ada!' },
      { kind: 'answer', text: '{"pass": true, "reason": "it greets warmly"}' },
    );
    const run = await evaluation.run({ models: ['local:m'], judge: 'local:judge', no_cache: true });
    expect(run.cells[0]?.assertions).toEqual([
      { type: 'llm-rubric', pass: true, reason: 'judge: it greets warmly' },
    ]);
    const judgeCall = JSON.stringify(server.requests[1]?.body);
    expect(judgeCall).toContain('Is it kind?');
    expect(judgeCall).toContain('Hello Ada!');
  });

  it('refuses a prompt without cases, and names a missing one', async () => {
    services.prompts.save({ document: { ...document('x'), id: 'other' } });
    const refusal = async (promise: Promise<unknown>) =>
      (await promise.then(
        () => expect.unreachable('the run should be refused'),
        (error: unknown) => error,
      )) as AppError;
    expect((await refusal(evaluation.run({ prompts: ['other'] }))).message).toBe(
      "Prompt 'other' has no test cases",
    );
    expect((await refusal(evaluation.run({ prompts: ['nope'] }))).code).toBe('not_found');
    expect(await evaluation.list()).toEqual([]);
  });

  it('stops when asked, keeping nothing', async () => {
    const stop = new AbortController();
    server.script({ kind: 'answer', firstTokenDelayMs: 5_000 });
    const pending = evaluation.run(
      { models: ['local:m'], no_cache: true },
      { signal: stop.signal },
    );
    setTimeout(() => stop.abort(), 50);
    const error = await pending.then(
      () => expect.unreachable('a stopped run should not finish'),
      (caught: unknown) => caught,
    );
    expect((error as AppError).code).toBe('cancelled');
    expect(await evaluation.list()).toEqual([]);
  });
});

describe('readVerdict', () => {
  it('reads JSON, fenced JSON and a plain PASS/FAIL', () => {
    expect(readVerdict('{"pass": false, "reason": "rude"}')).toEqual({
      pass: false,
      reason: 'rude',
    });
    expect(readVerdict('```json\n{"pass": true}\n```')).toEqual({
      pass: true,
      reason: 'no reason given',
    });
    expect(readVerdict('PASS: polite')).toEqual({ pass: true, reason: 'polite' });
    expect(() => readVerdict('maybe')).toThrow(/without a verdict/);
  });
});
