// Metrics on both engines: the same events, recorded through each engine's metrics service,
// give the same summaries (exact and binned, usage and previews, filters and buckets), the same
// model-call view and the same pruning; renders through the contract are recorded alike; and on
// PostgreSQL only an admin may change the retention, the database itself refusing the others.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  MetricsQuery,
  MetricsSettings,
  MetricsSummary,
} from '../../../src-shared/contract/dto';
import type { OperationName } from '../../../src-shared/contract/operations';
import type { ModelCallsQuery, ModelCallsSummary } from '../../../src-shared/models/modelCalls';
import { rejection } from '../../../src-shared/testKit/caught';
import { usePostgres } from '../../testKit/postgres';
import type { Dispatcher } from '../dispatch';
import { MetricsService, type MetricEvent } from '../metrics/metricsService';
import { openDatabase } from '../store/database';
import { openWorkbench } from '../workbench';
import { openPostgresLibrary } from './pgLibrary';
import { PgMetrics } from './pgMetrics';
import { addUser } from './pgUsers';
import { openPostgresWorkbench } from './pgWorkbench';

const postgres = usePostgres();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Wednesday in the past, mid-hour (the server's clock is later: its prune floor never bites). */
const T0 = Date.UTC(2026, 2, 11, 9, 30, 0);

/** One engine's metrics, as the tests drive them. */
interface Engine {
  record(event: MetricEvent): void;
  summary(query?: MetricsQuery): Promise<MetricsSummary>;
  modelCalls(query?: ModelCallsQuery): Promise<ModelCallsSummary>;
  setRetentionDays(days: number): Promise<void>;
  settings(): Promise<MetricsSettings>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Both engines' metrics over empty libraries, stamping events with `clock`. */
async function bothEngines(clock: () => Date, exactLimit?: number): Promise<[Engine, Engine]> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-pgmetrics-'));
  const db = openDatabase(join(dir, 'library.db'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => {
    db.close();
  });
  const sqlite = new MetricsService(db, {
    clock,
    ...(exactLimit !== undefined ? { exactLimit } : {}),
  });
  const library = await openPostgresLibrary({ url: await postgres.freshDatabase() });
  cleanups.push(() => library.close());
  const pg = new PgMetrics(library, { clock, ...(exactLimit !== undefined ? { exactLimit } : {}) });
  return [
    {
      record: (event) => sqlite.record(event),
      summary: async (query) => sqlite.summary(query),
      modelCalls: async (query) => sqlite.modelCalls(query),
      // Backdated events are written before the prune (a live queue holds only new ones).
      setRetentionDays: async (days) => {
        sqlite.flush();
        sqlite.setRetentionDays(days);
      },
      settings: async () => {
        sqlite.flush();
        return sqlite.settings();
      },
    },
    pg,
  ];
}

const event = (
  prompt: string | null,
  version: string | null,
  duration_us: number,
  extra: Partial<MetricEvent> = {},
): MetricEvent => ({ kind: 'render', prompt_id: prompt, version, duration_us, ok: true, ...extra });

/**
 * A spread of events over three days: several prompts and versions (one unnamed), every kind,
 * failures, editor previews, ties and a wide range of latencies. `at(ms)` moves the clock.
 */
function recordSpread(engines: readonly Engine[], at: (ms: number) => void): void {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor(seed / 65_536);
  };
  for (let index = 0; index < 400; index += 1) {
    at(T0 - 2 * DAY + index * 7 * MINUTE + (next() % MINUTE));
    const prompt = ['greet', 'support', 'summary', null][next() % 4] ?? null;
    const version = prompt === null ? null : (['1.0.0', '1.2.0', '1.10.0'][next() % 3] ?? null);
    const kind = (['render', 'render', 'render', 'export', 'validate'] as const)[next() % 5];
    const duration = index % 9 === 0 ? 250 : 10 + (next() % 50_000);
    const extra: Partial<MetricEvent> = {
      kind: kind ?? 'render',
      ok: next() % 11 !== 0,
      preview: next() % 4 === 0,
      ...(kind === 'export' ? { detail: 'openai' } : {}),
    };
    if (extra.ok === false) extra.error_code = 'template_render';
    for (const engine of engines) engine.record(event(prompt, version, duration, extra));
  }
}

describe('metrics on SQLite and PostgreSQL', () => {
  it('give the same exact summaries for the same events, previews left out by default', async () => {
    let now = T0;
    const engines = await bothEngines(() => new Date(now));
    recordSpread(engines, (ms) => (now = ms));
    now = T0 + HOUR;
    const [sqlite, pg] = engines;
    const queries: MetricsQuery[] = [
      {},
      { source: 'all' },
      { source: 'preview' },
      { kind: 'export' },
      { prompt_id: 'greet', bucket: 'day' },
      { from: T0 - DAY, to: T0, bucket: 'minute' },
      { from: T0 - 30 * HOUR - 17 * MINUTE, to: T0 - 29 * HOUR, kind: 'render', source: 'all' },
    ];
    for (const query of queries) {
      const expected = await sqlite!.summary(query);
      expect(expected.approximate).toBeUndefined();
      expect(await pg!.summary(query), JSON.stringify(query)).toEqual(expected);
    }
    const usage = await pg!.summary({});
    const all = await pg!.summary({ source: 'all' });
    const previews = await pg!.summary({ source: 'preview' });
    expect(usage.totals.count).toBeGreaterThan(0);
    expect(previews.totals.count).toBeGreaterThan(0);
    expect(usage.totals.count + previews.totals.count).toBe(all.totals.count);
    // The unnamed prompt is a row of its own; versions in version order.
    expect(usage.by_prompt.map((row) => `${row.prompt_id}@${row.version}`)).toContain('null@null');
    expect(
      usage.by_prompt.filter((row) => row.prompt_id === 'greet').map((row) => row.version),
    ).toEqual(['1.0.0', '1.2.0', '1.10.0']);
  });

  it('give the same binned summaries past the exact limit, flagged approximate', async () => {
    let now = T0;
    const engines = await bothEngines(() => new Date(now), 50);
    recordSpread(engines, (ms) => (now = ms));
    now = T0 + HOUR;
    const [sqlite, pg] = engines;
    for (const query of [
      {},
      { source: 'all' as const, bucket: 'day' as const },
      { prompt_id: 'support' },
      {
        from: T0 - 40 * HOUR - 5 * MINUTE,
        to: T0 - 3 * HOUR + 11 * MINUTE,
        bucket: 'minute' as const,
      },
    ]) {
      const expected = await sqlite!.summary(query);
      expect(expected.approximate).toBe(true);
      expect(await pg!.summary(query), JSON.stringify(query)).toEqual(expected);
    }
    // A range holding few events is exact again on both.
    const few = { from: T0 - 2 * DAY, to: T0 - 2 * DAY + HOUR };
    expect((await pg!.summary(few)).approximate).toBeUndefined();
    expect(await pg!.summary(few)).toEqual(await sqlite!.summary(few));
  });

  it('give the same model-call view: calls, errors, cached answers, tokens, cost, percentiles', async () => {
    let now = T0;
    const engines = await bothEngines(() => new Date(now));
    const call = (
      prompt: string | null,
      version: string | null,
      model: string,
      latencyMs: number,
      extra: Partial<MetricEvent> = {},
    ): MetricEvent => ({
      kind: 'model',
      prompt_id: prompt,
      version,
      duration_us: latencyMs * 1000,
      ok: true,
      model,
      ttft_us: latencyMs * 250,
      input_tokens: 12,
      output_tokens: latencyMs % 17,
      cost_usd: model.startsWith('local') ? null : 0.000_013 * (latencyMs % 7),
      cached: false,
      ...extra,
    });
    for (let index = 0; index < 60; index += 1) {
      now = T0 + index * MINUTE;
      const events = [
        call('greet', '1.0.0', 'openai:gpt-4o-mini', 100 + ((index * 37) % 90)),
        call('greet', '1.1.0', 'local:m', 20 + (index % 5)),
        call('support', null, 'anthropic:claude-3-5-haiku', 300 + index, {
          cached: index % 4 === 0,
          ...(index % 6 === 0 ? { ttft_us: null } : {}),
        }),
      ];
      if (index % 10 === 0) {
        events.push(
          call('greet', '1.0.0', 'openai:gpt-4o-mini', 5, {
            ok: false,
            error_code: 'provider_error',
            output_tokens: null,
            cost_usd: null,
          }),
        );
      }
      for (const engine of engines) for (const entry of events) engine.record(entry);
      // A render is not a model call.
      for (const engine of engines) engine.record(event('greet', '1.0.0', 40));
    }
    const [sqlite, pg] = engines;
    for (const query of [
      {},
      { prompt_id: 'greet' },
      { from: T0 + 10 * MINUTE, to: T0 + 30 * MINUTE },
    ]) {
      const expected = await sqlite!.modelCalls(query);
      expect(await pg!.modelCalls(query), JSON.stringify(query)).toEqual(expected);
    }
    const view = await pg!.modelCalls({});
    expect(view.totals.calls).toBe(186);
    expect(view.totals.errors).toBe(6);
    expect(view.totals.cached).toBe(15);
    expect(view.rows.map((row) => [row.prompt_id, row.version, row.model])).toEqual([
      ['greet', '1.0.0', 'openai:gpt-4o-mini'],
      ['greet', '1.1.0', 'local:m'],
      ['support', null, 'anthropic:claude-3-5-haiku'],
    ]);
    expect(view.rows[1]?.cost_usd).toBeNull();
    expect(await pg!.modelCalls({ from: T0 + 2 * HOUR })).toEqual(
      await sqlite!.modelCalls({ from: T0 + 2 * HOUR }),
    );
  });

  it('keep the same events after a retention change, and report it alike', async () => {
    let now = T0;
    const engines = await bothEngines(() => new Date(now));
    for (let day = 0; day < 20; day += 1) {
      now = T0 - day * DAY;
      for (const engine of engines) engine.record(event('greet', '1.0.0', 100 + day));
    }
    now = T0 + MINUTE;
    const [sqlite, pg] = engines;
    expect(await pg!.settings()).toEqual(await sqlite!.settings());
    expect((await pg!.settings()).retention_days).toBe(90);
    for (const engine of engines) await engine.setRetentionDays(7);
    expect(await pg!.settings()).toEqual({ retention_days: 7, pending: 0, dropped: 0 });
    expect(await sqlite!.settings()).toEqual({ retention_days: 7, pending: 0, dropped: 0 });
    const kept = await pg!.summary({ source: 'all' });
    expect(kept.totals.count).toBe(7);
    expect(kept).toEqual(await sqlite!.summary({ source: 'all' }));
    const refused = await rejection(pg!.setRetentionDays(0));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe('Metrics retention must be a whole number of days from 1 to 3650');
    expect((await pg!.settings()).retention_days).toBe(7);
  });
});

/** A contract over each engine's fresh library, with one saved prompt. */
async function bothDispatchers(): Promise<[Dispatcher, Dispatcher]> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-pgmetrics-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const sqlite = await openWorkbench({ dbPath: join(dir, 'library.db'), transport: 'cli' });
  cleanups.push(() => sqlite.dispose());
  const pg = await openPostgresWorkbench({ url: await postgres.freshDatabase(), transport: 'cli' });
  cleanups.push(() => pg.dispose());
  return [sqlite.dispatcher, pg.dispatcher];
}

async function call(dispatcher: Dispatcher, name: OperationName, request: unknown) {
  const outcome = await dispatcher.dispatch(name, request);
  return outcome.ok ? outcome.value : outcome.error;
}

/** A summary's counts, without latencies (measured, so never equal across two runs). */
function counts(summary: MetricsSummary) {
  return {
    totals: [summary.totals.count, summary.totals.errors],
    by_prompt: summary.by_prompt.map((row) => [row.prompt_id, row.version, row.count, row.errors]),
  };
}

describe('metrics through the contract on both engines', () => {
  it('records renders, previews, exports, validations and failures alike', async () => {
    const dispatchers = await bothDispatchers();
    const document = {
      id: 'greet',
      format: 'text',
      status: 'active',
      template: { content: 'Hi {{name}}' },
      metadata: { tags: [] },
    };
    for (const dispatcher of dispatchers) {
      expect(await call(dispatcher, 'savePrompt', { document })).toMatchObject({
        version: '1.0.0',
      });
      const variables = { name: 'Ada' };
      await call(dispatcher, 'renderPreview', { id: 'greet', variables });
      await call(dispatcher, 'renderPreview', { id: 'greet', variables, preview: true });
      await call(dispatcher, 'renderPreview', { id: 'greet', variables, preview: true });
      await call(dispatcher, 'renderPreview', { id: 'greet', variables: {} });
      await call(dispatcher, 'renderPreview', { id: 'nothing', variables });
      await call(dispatcher, 'renderPreview', { id: 'greet', version: '9.9.9', variables });
      await call(dispatcher, 'exportPrompt', { id: 'greet', provider: 'openai', variables });
      await call(dispatcher, 'exportPrompt', { id: 'nothing', provider: 'openai', variables });
      await call(dispatcher, 'validateOutput', { id: 'greet', data: {} });
      const schema = { name: 'ticket', fields: [{ name: 'title', type: 'string' }] };
      expect(await call(dispatcher, 'saveSchema', { schema })).toEqual({ name: 'ticket' });
      await call(dispatcher, 'testSchema', { name: 'ticket', data: { title: 'Broken' } });
      await call(dispatcher, 'testSchema', { name: 'ticket', data: { title: 3 } });
      await call(dispatcher, 'testSchema', { name: 'nothing', data: {} });
    }
    const [sqlite, pg] = dispatchers;
    for (const query of [
      {},
      { source: 'preview' },
      { source: 'all', kind: 'render' },
      { kind: 'export' },
      { kind: 'validate' },
    ]) {
      const expected = (await call(sqlite!, 'metricsSummary', query)) as MetricsSummary;
      const actual = (await call(pg!, 'metricsSummary', query)) as MetricsSummary;
      expect(counts(actual), JSON.stringify(query)).toEqual(counts(expected));
    }
    const usage = (await call(pg!, 'metricsSummary', { kind: 'render' })) as MetricsSummary;
    expect(counts(usage)).toEqual({
      totals: [4, 3],
      by_prompt: [
        ['greet', null, 1, 1],
        ['greet', '1.0.0', 1, 0],
        ['greet', '9.9.9', 1, 1],
        ['nothing', null, 1, 1],
      ],
    });
    const validations = (await call(pg!, 'metricsSummary', { kind: 'validate' })) as MetricsSummary;
    expect(counts(validations).by_prompt).toContainEqual([null, null, 3, 2]);
    expect(await call(pg!, 'modelCallsSummary', {})).toEqual(
      await call(sqlite!, 'modelCallsSummary', {}),
    );
    expect(await call(pg!, 'metricsSettings', {})).toEqual(
      await call(sqlite!, 'metricsSettings', {}),
    );
    expect(await call(pg!, 'setMetricsRetention', { days: 30 })).toEqual({
      retention_days: 30,
      pending: 0,
      dropped: 0,
    });
    expect(await call(pg!, 'setMetricsRetention', { days: 4000 })).toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('the metrics retention on a team library', () => {
  it('is changed by admins only: the database refuses a viewer, an editor and a publisher', async () => {
    const url = await postgres.freshDatabase();
    const owner = await openPostgresLibrary({ url });
    cleanups.push(() => owner.close());
    const suffix = randomBytes(3).toString('hex');
    const as = async (role: 'viewer' | 'editor' | 'publisher' | 'admin') => {
      const login = new URL(url);
      login.username = `m${role.slice(0, 3)}_${suffix}`;
      login.password = await addUser(owner, login.username, role);
      const library = await openPostgresLibrary({ url: login.toString() });
      cleanups.push(() => library.close());
      return { name: login.username, library, metrics: new PgMetrics(library) };
    };
    let now = Date.now();
    const old = new PgMetrics(owner, { clock: () => new Date(now - 40 * DAY) });
    old.record(event('greet', '1.0.0', 100));
    await old.flush();
    for (const role of ['viewer', 'editor', 'publisher'] as const) {
      const user = await as(role);
      // Everyone records and reads metrics.
      user.metrics.record(event('greet', '1.0.0', 200));
      expect((await user.metrics.summary()).totals.count).toBeGreaterThan(1);
      const refused = await rejection(user.metrics.setRetentionDays(30));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toBe(
        `PostgreSQL refused: user '${user.name}' (${role}) may not change the metrics retention (permission denied for table settings)`,
      );
      expect((await user.metrics.settings()).retention_days).toBe(90);
      // Nor may they delete events themselves, or prune younger ones than the retention.
      const deleted = await rejection(
        user.library.read('delete metric events', () =>
          user.library.pool.query('DELETE FROM metric_events'),
        ),
      );
      expect(deleted.code).toBe('forbidden');
      expect(await user.metrics.prune(1)).toBe(0);
      now = Date.now();
    }
    const before = (await owner.pool.query('SELECT count(*)::int AS n FROM metric_events')).rows;
    expect(before).toEqual([{ n: 4 }]);
    const admin = await as('admin');
    await admin.metrics.setRetentionDays(30);
    expect((await admin.metrics.settings()).retention_days).toBe(30);
    // The 40-day-old event went; the others stay.
    expect((await admin.metrics.summary()).totals.count).toBe(3);
    expect((await new PgMetrics(owner).settings()).retention_days).toBe(30);
  });
});
