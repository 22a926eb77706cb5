// Runs through the real SDKs, the real SQLite library and the local protocol server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { RunEvent } from '../../../src-shared/models/runs';
import { chatPrompt, textPrompt } from '../../../src-shared/testKit/testPrompts';
import { startModelServer } from '../../testKit/modelServer';
import type { ModelServer } from '../../testKit/modelServer';
import { createServices } from '../index';
import type { Services } from '../index';
import type { RunRequest } from './modelService';

const KEY = 'sk-proj-local-test-key-0123456789abcd';

let server: ModelServer;
let services: Services;
let env: Record<string, string | undefined>;
let waits: number[];

function open(dbPath: string): Services {
  const opened = createServices({ dbPath, keys: (name) => env[name] });
  // Retries wait on a fake clock: the test checks the wait asked for, not the time taken.
  Object.assign(opened.models as unknown as { wait: (ms: number) => Promise<void> }, {
    wait: async (ms: number) => void waits.push(ms),
  });
  return opened;
}

beforeEach(async () => {
  server = await startModelServer({ apiKey: KEY });
  env = { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY };
  waits = [];
  services = open(join(mkdtempSync(join(tmpdir(), 'pwb-models-')), 'library.db'));
});
afterEach(async () => {
  services.dispose();
  await server.close();
});

const greeting = (overrides: Partial<Prompt> = {}): Prompt =>
  textPrompt('Say hello to {{name}}', overrides);

function run(
  request: Partial<RunRequest> = {},
  signal?: AbortSignal,
): Promise<{ result: Awaited<ReturnType<Services['models']['run']>>; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  return services.models
    .run(
      {
        document: greeting(),
        variables: { name: 'Ada' },
        model: 'openai:gpt-4o-mini',
        base_url: server.openaiUrl,
        ...request,
      },
      { onEvent: (event) => events.push(event), ...(signal ? { signal } : {}) },
    )
    .then((result) => ({ result, events }));
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => expect.unreachable('the run should fail'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('a run against an OpenAI-protocol provider', () => {
  it('streams the answer, reports usage, cost and timing, and records a metric', async () => {
    const { result, events } = await run();
    expect(result).toMatchObject({
      output: 'echo: Say hello to Ada',
      model: 'openai:gpt-4o-mini',
      provider: 'openai',
      input_tokens: 4,
      output_tokens: 5,
      finish_reason: 'stop',
      cached: false,
      schema_errors: [],
    });
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(result.cost_usd).toBeCloseTo((4 * 0.15 + 5 * 0.6) / 1e6, 12);
    expect(result.ttft_ms).not.toBeNull();
    expect(result.latency_ms).toBeGreaterThanOrEqual(result.ttft_ms ?? 0);
    const deltas = events.filter((event) => event.type === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((event) => event.text).join('')).toBe(result.output);
    expect(events.at(-1)).toEqual({ type: 'done', result });
    expect(server.requests[0]?.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello to Ada' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    services.metrics.flush();
    const row = services.db
      .prepare(
        'SELECT kind, prompt_id, version, ok, model, input_tokens, cached FROM metric_events',
      )
      .get();
    expect(row).toEqual({
      kind: 'model',
      prompt_id: 'greeting',
      version: null,
      ok: 1,
      model: 'openai:gpt-4o-mini',
      input_tokens: 4,
      cached: 0,
    });
  });

  it('sends the run settings over the prompt’s own', async () => {
    await run({
      document: greeting({ metadata: { ...greeting().metadata, temperature: 0.9 } }),
      temperature: 0.1,
      max_tokens: 50,
    });
    expect(server.requests[0]?.body).toMatchObject({ temperature: 0.1, max_tokens: 50 });
  });

  it('answers a repeated call from the cache, with the original figures and no request', async () => {
    const first = await run();
    const second = await run();
    expect(server.requests).toHaveLength(1);
    expect(second.result).toEqual({ ...first.result, cached: true });
    expect(second.events.map((event) => event.type)).toEqual(['delta', 'usage', 'done']);
    await run({ no_cache: true });
    expect(server.requests).toHaveLength(2);
    await run({ variables: { name: 'Bo' } });
    expect(server.requests).toHaveLength(3);
    expect(services.models.cache.clear()).toBe(2);
    await run();
    expect(server.requests).toHaveLength(4);
  });

  it('retries a 429 after the retry-after the provider asked for', async () => {
    server.script({ kind: 'error', status: 429, retryAfter: 2, message: 'Slow down' });
    const { result, events } = await run();
    expect(result.output).toBe('echo: Say hello to Ada');
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([2000]);
    expect(events[0]).toMatchObject({ type: 'retry', attempt: 1, delay_ms: 2000 });
  });

  it('retries a 500 and a connection reset before any text, then succeeds', async () => {
    server.script({ kind: 'error', status: 500 }, { kind: 'cut', afterChunks: 0 });
    const { result } = await run();
    expect(result.output).toBe('echo: Say hello to Ada');
    expect(server.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('gives up after --retries attempts with the provider’s status', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 503 })));
    const error = await failure(run({ retries: 2 }));
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/Provider 'openai' failed 503: .*after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });

  it('refuses a wrong key with 401 without retrying, and the message holds no key', async () => {
    env['OPENAI_API_KEY'] = 'sk-wrong-secret-value-wxyz';
    const error = await failure(run());
    expect(error.code).toBe('provider_error');
    expect(error.details?.status).toBe(401);
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain('wxyz');
    expect(error.message).not.toContain('sk-');
    expect(server.requests).toHaveLength(1);
  });

  it('fails a stream cut after text arrived, keeping what streamed', async () => {
    server.script({ kind: 'cut', afterChunks: 2 });
    const events: RunEvent[] = [];
    const error = await failure(
      services.models.run(
        {
          document: greeting(),
          variables: { name: 'Ada' },
          model: 'openai:gpt-4o-mini',
          base_url: server.openaiUrl,
        },
        { onEvent: (event) => events.push(event) },
      ),
    );
    expect(error.message).toMatch(/failed after \d+ characters: connection lost/);
    expect(events.filter((event) => event.type === 'delta').map((e) => e.text)).toEqual([
      'echo: ',
      'Say ',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'provider_error' } });
    expect(server.requests).toHaveLength(1);
  });

  it('times out after the longest allowed silence between events', async () => {
    server.script({ kind: 'stall', afterChunks: 1 });
    const error = await failure(run({ timeout_s: 0.3 }));
    expect(error.code).toBe('provider_error');
    expect(error.message).toContain('no answer for 0.3 s (timeout)');
  });

  it('cancels a call in flight', async () => {
    server.script({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const pending = services.models.run(
      {
        document: greeting(),
        variables: { name: 'Ada' },
        model: 'openai:gpt-4o-mini',
        base_url: server.openaiUrl,
      },
      {
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'delta') controller.abort();
        },
      },
    );
    const error = await failure(pending);
    expect(error.code).toBe('cancelled');
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
  });

  it('keeps at most the concurrency limit of calls in flight per provider', async () => {
    server.script(
      ...Array.from({ length: 9 }, () => ({ kind: 'answer' as const, firstTokenDelayMs: 60 })),
    );
    const calls = Array.from({ length: 9 }, (_, n) =>
      run({ variables: { name: `N${n}` }, concurrency: 3 }),
    );
    const results = await Promise.all(calls);
    expect(results.map(({ result }) => result.output)).toEqual(
      Array.from({ length: 9 }, (_, n) => `echo: Say hello to N${n}`),
    );
    expect(server.maxInFlight()).toBeLessThanOrEqual(3);
    expect(server.maxInFlight()).toBeGreaterThan(1);
  });
});

describe('a batch of runs', () => {
  it('reads each prompt version once, so its calls keep the version current when it began', async () => {
    services.prompts.save({ document: textPrompt('Say hello to {{name}}', { id: 'hello' }) });
    const batch = services.models.batch();
    const call = (calls: { run: typeof services.models.run }) =>
      calls.run({
        id: 'hello',
        variables: { name: 'Ada' },
        model: 'openai:gpt-4o-mini',
        base_url: server.openaiUrl,
        no_cache: true,
      });
    expect((await call(batch)).output).toBe('echo: Say hello to Ada');
    services.prompts.save({
      document: textPrompt('Good day {{name}}', { id: 'hello' }),
      base: '1.0.0',
    });
    expect((await call(batch)).output).toBe('echo: Say hello to Ada');
    expect((await call(services.models)).output).toBe('echo: Good day Ada');
    expect((await call(services.models.batch())).output).toBe('echo: Good day Ada');
  });
});

describe('providers and models', () => {
  it('speaks Anthropic messages: system lifted out, max_tokens set, usage from both events', async () => {
    const prompt = chatPrompt([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi {{name}}' },
    ]);
    const { result } = await run({
      document: prompt,
      model: 'anthropic:claude-sonnet-4-5',
      base_url: server.url,
    });
    expect(server.requests[0]).toMatchObject({
      protocol: 'anthropic',
      body: {
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'Hi Ada' }],
        max_tokens: 1024,
      },
    });
    expect(result).toMatchObject({
      output: 'echo: Hi Ada',
      input_tokens: 4,
      output_tokens: 3,
      finish_reason: 'end_turn',
      cost_usd: (4 * 3 + 3 * 15) / 1e6,
    });
  });

  it('adds, lists and removes a user provider; its calls carry no key unless it names one', async () => {
    services.models.providers.add({
      name: 'local',
      kind: 'openai-compatible',
      base_url: `${server.openaiUrl}/`,
    });
    expect(services.models.providers.list().map((p) => [p.name, p.kind, p.api_key_env])).toEqual([
      ['openai', 'openai', 'OPENAI_API_KEY'],
      ['anthropic', 'anthropic', 'ANTHROPIC_API_KEY'],
      ['ollama', 'openai-compatible', null],
      ['local', 'openai-compatible', null],
    ]);
    await failure(run({ model: 'local:llama3.2:1b', base_url: undefined }));
    expect(server.requests[0]).toMatchObject({ key: 'no-key', body: { model: 'llama3.2:1b' } });
    // A model with no known price costs null.
    const open = await startModelServer();
    try {
      const { result } = await run({ model: 'local:llama3.2:1b', base_url: open.openaiUrl });
      expect(result.cost_usd).toBeNull();
    } finally {
      await open.close();
    }
    services.models.providers.remove('local');
    expect((await failure(run({ model: 'local:x' }))).code).toBe('not_found');
  });

  it('refuses bad providers and keeps built-ins', () => {
    const add = (overrides: Record<string, unknown>) => () =>
      services.models.providers.add({
        name: 'x',
        kind: 'openai-compatible',
        base_url: 'http://h',
        ...overrides,
      } as never);
    expect(add({ name: 'Bad Name' })).toThrow(/lower-case/);
    expect(add({ kind: 'openai' })).toThrow(/kind must be one of/);
    expect(add({ base_url: 'ftp://h' })).toThrow(/http/);
    expect(add({ base_url: 'http://user:pw@h' })).toThrow(/credentials/);
    expect(add({ api_key_env: 'A-B' })).toThrow(/environment variable/);
    expect(add({ name: 'openai' })).toThrow(/built in/);
    expect(() => services.models.providers.remove('ollama')).toThrow(/built in/);
    expect(services.models.providers.list()).toHaveLength(3);
  });

  it('maps bare model recommendations by prefix, and asks for a model when none maps', async () => {
    const recommending = (...names: string[]) =>
      greeting({ metadata: { ...greeting().metadata, model_recommendations: names } });
    await run({ document: recommending('llama3', 'gpt-4o'), model: undefined });
    expect(server.requests[0]?.body['model']).toBe('gpt-4o');
    const error = await failure(run({ document: recommending('llama3'), model: undefined }));
    expect(error.details?.reason).toBe('model_required');
    expect((await failure(run({ model: 'mistral-large' }))).details?.reason).toBe('model_required');
  });

  it('names the variable when a key is missing, and sends nothing', async () => {
    delete env['OPENAI_API_KEY'];
    const error = await failure(run());
    expect(error.message).toBe(
      "Provider 'openai' needs a key: set OPENAI_API_KEY in the environment",
    );
    expect(server.requests).toHaveLength(0);
  });

  it('checks the answer against the output schema', async () => {
    services.schemas.saveYaml(
      [
        'schemas:',
        '  - name: verdict',
        '    version: "1.0.0"',
        '    fields:',
        '      - name: score',
        '        type: integer',
        '        required: true',
      ].join('\n'),
    );
    const prompt = greeting({ output_schema: 'verdict' });
    server.script(
      { kind: 'answer', text: '{"score": "high"}' },
      { kind: 'answer', text: 'not json' },
    );
    const bad = await run({ document: prompt, no_cache: true });
    expect(bad.result.schema_errors).toEqual([expect.objectContaining({ path: 'score' })]);
    const prose = await run({ document: prompt, no_cache: true });
    expect(prose.result.schema_errors).toEqual([
      { path: '', rule: 'json', message: 'The answer is not valid JSON' },
    ]);
    server.script({ kind: 'answer', text: '```json\n{"score": 3}\n```' });
    expect((await run({ document: prompt, no_cache: true })).result.schema_errors).toEqual([]);
  });

  it('prices from the library override shipped ones', async () => {
    services.models.prices.set({ model: 'gpt-4o-mini', input_per_mtok: 1, output_per_mtok: 2 });
    const { result } = await run();
    expect(result.cost_usd).toBeCloseTo((4 * 1 + 5 * 2) / 1e6, 12);
    expect(services.models.prices.list()[0]).toEqual({
      model: 'gpt-4o-mini',
      input_per_mtok: 1,
      output_per_mtok: 2,
      source: 'library',
    });
    services.models.prices.set({
      model: 'gpt-4o-mini',
      input_per_mtok: null,
      output_per_mtok: null,
    });
    expect(services.models.prices.find('openai', 'gpt-4o-mini-2024-07-18')?.input_per_mtok).toBe(
      0.15,
    );
  });
});
