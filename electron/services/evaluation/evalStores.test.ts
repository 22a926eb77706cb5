// One conformance suite for the stores evaluations and model runs write through, on both engines:
// test cases, runs and baselines, providers, prices and the answer cache (a SQLite file in a temp
// folder; a fresh database on the test kit's PostgreSQL server).
import { describe, expect, it } from 'vitest';
import type { EvalCell, EvalRun } from '../../../src-shared/evaluation/runs';
import type { TestCase } from '../../../src-shared/evaluation/testCases';
import type { ListedPrice, ModelPrice } from '../../../src-shared/models/prices';
import type { ProviderInfo } from '../../../src-shared/models/providers';
import { rejection } from '../../../src-shared/testKit/caught';
import { eachEngine, usePostgres } from '../../testKit/postgres';
import type { LibraryStore } from '../library/libraryStore';
import { AnswerCache } from '../models/answerCache';
import type { CachedAnswer } from '../models/answerCache';
import type { NewProvider } from '../models/providerStore';
import { PgEvalRuns, PgTestCases } from '../postgres/pgEvaluation';
import { PgAnswerCache, PgPrices, PgProviders } from '../postgres/pgModels';
import { textDoc } from '../prompts/fixtures/testLibrary';
import type { EvalRunStore, Maybe, TestCaseStore } from './evalRunStore';
import { SqliteEvalRuns } from './evalRunStore';

const postgres = usePostgres();

/** What one engine offers: the prompts, and the stores under test. */
interface Opened {
  library: LibraryStore;
  tests: TestCaseStore;
  runs: EvalRunStore;
  providers: {
    list(): Maybe<ProviderInfo[]>;
    add(provider: NewProvider): Maybe<ProviderInfo>;
    remove(name: string): Maybe<void>;
  };
  prices: {
    list(): Maybe<ListedPrice[]>;
    find(provider: string, model: string): Maybe<ModelPrice | null>;
    set(
      price: ModelPrice | { model: string; input_per_mtok: null; output_per_mtok: null },
    ): Maybe<void>;
  };
  /** A cache holding at most `bytes`. */
  cache(bytes: number): {
    get(key: string): Maybe<CachedAnswer | null>;
    put(key: string, provider: string, model: string, answer: CachedAnswer): Maybe<void>;
    clear(): Maybe<number>;
  };
}

const engines = eachEngine<Opened>(postgres, {
  sqlite: (services, library) => ({
    library,
    tests: services.tests,
    runs: new SqliteEvalRuns(services.db),
    providers: services.models.providers,
    prices: services.models.prices,
    cache: (bytes) => new AnswerCache(services.db, () => new Date(), bytes),
  }),
  postgres: (library) => ({
    library,
    tests: new PgTestCases(library),
    runs: new PgEvalRuns(library),
    providers: new PgProviders(library),
    prices: new PgPrices(library),
    cache: (bytes) => new PgAnswerCache(library, () => new Date(), bytes),
  }),
});

const testCase = (name: string, expected: string): TestCase => ({
  name,
  vars: { name },
  assert: [{ type: 'equals', value: expected }],
});

function cell(prompt: string, name: string, pass: boolean): EvalCell {
  return {
    prompt,
    version: '1.0.0',
    model: 'local:m',
    case: name,
    pass,
    score: pass ? 1 : 0,
    output: 'out',
    assertions: [],
    latency_ms: 1,
    cost_usd: null,
    cached: false,
  };
}

function run(id: string, started: string, cells: EvalCell[]): EvalRun {
  const passed = cells.filter((entry) => entry.pass).length;
  return {
    id,
    started_at: started,
    finished_at: started,
    cells,
    summary: { passed, failed: cells.length - passed },
    baseline: null,
    regressions: [],
    fixes: [],
  };
}

describe.each(engines)('evaluation and model stores on $name', (engine) => {
  it('keeps test cases per prompt in order, merges added rows and audits changes', async () => {
    const { library, tests } = await engine.open();
    await library.save({ document: textDoc('greet', 'Hi {{name}}') });
    await library.save({ document: textDoc('other', 'Yo') });
    expect(await tests.list('greet')).toEqual([]);
    await tests.replace('greet', [testCase('Ada', 'Hi Ada'), testCase('Bo', 'Hi Bo')]);
    expect((await tests.list('greet')).map((entry) => entry.name)).toEqual(['Ada', 'Bo']);
    const refused = await rejection(
      Promise.resolve().then(() => tests.add('greet', [testCase('Bo', 'x')])),
    );
    expect(refused.message).toBe("Prompt 'greet' already has a test case named 'Bo'");
    const merged = await tests.add(
      'greet',
      [testCase('Bo', 'Hello Bo'), testCase('Cy', 'Hi Cy')],
      'replace',
    );
    expect(merged.map((entry) => [entry.name, entry.assert[0]?.value])).toEqual([
      ['Ada', 'Hi Ada'],
      ['Bo', 'Hello Bo'],
      ['Cy', 'Hi Cy'],
    ]);
    expect(await tests.promptsWithCases()).toEqual(['greet']);
    const bad = await rejection(
      Promise.resolve().then(() =>
        tests.replace('greet', [{ name: 'x', vars: {}, assert: [{ type: 'nope' }] }]),
      ),
    );
    expect(bad.code).toBe('invalid_input');
    expect(await tests.list('greet')).toHaveLength(3);
    const missing = await rejection(Promise.resolve().then(() => tests.list('nope')));
    expect(missing.message).toBe("prompt 'nope' not found");
    const log = (await library.audit({ entity_id: 'greet' })).filter(
      (entry) => entry.action === 'tests_save',
    );
    expect(log.map((entry) => entry.summary)).toEqual(['added 2 test case(s)', '2 test case(s)']);
  });

  it('keeps runs newest first, finds them, and tracks each prompt’s baseline', async () => {
    const { runs } = await engine.open();
    const first = run('r-1', '2026-12-05T10:00:00.000Z', [cell('greet', 'Ada', true)]);
    const second = run('r-2', '2026-12-05T11:00:00.000Z', [
      cell('greet', 'Ada', false),
      cell('other', 'Bo', true),
    ]);
    await runs.insert(first, ['greet'], true);
    await runs.insert(second, ['greet', 'other'], false);
    expect(await runs.find('r-2')).toEqual(second);
    expect(await runs.find('r-9')).toBeNull();
    expect(
      (await runs.list()).map((entry) => [entry.id, entry.prompts, entry.baseline_of]),
    ).toEqual([
      ['r-2', ['greet', 'other'], []],
      ['r-1', ['greet'], ['greet']],
    ]);
    expect((await runs.list('other')).map((entry) => entry.id)).toEqual(['r-2']);
    expect(await runs.baselines(['greet', 'other'])).toEqual({
      runs: ['r-1'],
      cells: [cell('greet', 'Ada', true)],
    });
    await runs.mark('r-2', ['greet', 'other'], '2026-12-05T12:00:00.000Z');
    expect((await runs.list()).map((entry) => entry.baseline_of)).toEqual([['greet', 'other'], []]);
  });

  it('adds and removes providers, sets prices and keeps the cache within its size', async () => {
    const opened = await engine.open();
    const added = await opened.providers.add({
      name: 'local',
      kind: 'openai-compatible',
      base_url: 'http://127.0.0.1:1234/v1/',
    });
    expect(added).toEqual({
      name: 'local',
      kind: 'openai-compatible',
      base_url: 'http://127.0.0.1:1234/v1',
      api_key_env: null,
      builtin: false,
    });
    expect((await opened.providers.list()).map((entry) => entry.name)).toEqual([
      'openai',
      'anthropic',
      'ollama',
      'local',
    ]);
    const again = await rejection(
      Promise.resolve().then(() =>
        opened.providers.add({ name: 'local', kind: 'anthropic', base_url: 'http://x' }),
      ),
    );
    expect(again.message).toBe("Provider 'local' already exists");
    await opened.providers.remove('local');
    expect(await opened.providers.list()).toHaveLength(3);
    await opened.prices.set({ model: 'local:m', input_per_mtok: 1, output_per_mtok: 2 });
    expect(await opened.prices.find('local', 'm')).toEqual({
      model: 'local:m',
      input_per_mtok: 1,
      output_per_mtok: 2,
    });
    expect((await opened.prices.list())[0]).toEqual({
      model: 'local:m',
      input_per_mtok: 1,
      output_per_mtok: 2,
      source: 'library',
    });
    await opened.prices.set({ model: 'local:m', input_per_mtok: null, output_per_mtok: null });
    expect(await opened.prices.find('local', 'm')).toBeNull();
    const answer = (output: string): CachedAnswer => ({
      output,
      finish_reason: 'stop',
      input_tokens: 1,
      output_tokens: 1,
      latency_ms: 5,
      ttft_ms: 1,
      cost_usd: null,
    });
    const cache = opened.cache(800);
    await cache.put('k1', 'local', 'm', answer('a'.repeat(200)));
    await cache.put('k2', 'local', 'm', answer('b'.repeat(200)));
    expect((await cache.get('k1'))?.output).toBe('a'.repeat(200));
    // A third answer puts the cache over its size: the oldest goes.
    await cache.put('k3', 'local', 'm', answer('c'.repeat(200)));
    expect(await cache.get('k1')).toBeNull();
    expect((await cache.get('k3'))?.output).toBe('c'.repeat(200));
    expect(await cache.clear()).toBe(2);
    expect(await cache.get('k2')).toBeNull();
  });
});
