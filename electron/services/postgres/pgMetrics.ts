// Metrics on a PostgreSQL library: events written as the user who made them (renders, exports,
// validations, model calls), summarised with SQLite's rules (metrics/summaryShape), and the
// library's retention: read by everyone, changed by admins only (the database refuses others),
// old events pruned by anyone through pwb_prune_metrics (migration 6).
import type pg from 'pg';
import type {
  MetricsQuery,
  MetricsSettings,
  MetricsSummary,
} from '../../../src-shared/contract/dto';
import type { PromptRef } from '../../../src-shared/contract/operations';
import { AppError } from '../../../src-shared/errors';
import type { ModelCallsQuery, ModelCallsSummary } from '../../../src-shared/models/modelCalls';
import type { Handlers } from '../dispatch';
import {
  checkMetricEvent,
  checkRetention,
  DAY_MS,
  EXACT_LIMIT,
  MAX_DETAIL,
  MAX_PENDING,
  PRUNE_EVERY_MS,
  RETENTION_KEY,
  storedRetention,
  type MetricEvent,
} from '../metrics/metricsService';
import { modelCallFilter } from '../metrics/modelCallShape';
import { summaryFilter } from '../metrics/summaryShape';
import type { PostgresLibrary } from './pgLibrary';
import { binnedSummary, exactSummary, modelCallsSummary } from './pgMetricsQueries';

/** The columns an event is written with, in order. */
const EVENT_COLUMNS = [
  'at',
  'kind',
  'prompt_id',
  'version',
  'duration_us',
  'ok',
  'error_code',
  'detail',
  'model',
  'ttft_us',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'cached',
  'preview',
] as const;
/** Most events one statement writes (15 parameters each, well under PostgreSQL's 65,535). */
const MAX_BATCH = 500;

/** An event's column values, stamped `at`. */
function eventRow(event: MetricEvent, at: number): unknown[] {
  return [
    at,
    event.kind,
    event.prompt_id,
    event.version,
    event.duration_us,
    event.ok,
    event.error_code ?? null,
    event.detail ?? null,
    event.model ?? null,
    event.ttft_us ?? null,
    event.input_tokens ?? null,
    event.output_tokens ?? null,
    event.cost_usd ?? null,
    event.cached ?? null,
    event.preview === true,
  ];
}

/**
 * Render, export, validation and model-call events, written as the user who made them. One
 * write at a time: events recorded meanwhile wait and go in the next statement together (the
 * histogram trigger then updates each row once for them all, however many clients write). A
 * refused or lost write drops its events (counted), as SQLite drops a batch it cannot write;
 * a batch refused as a whole is tried event by event, so one bad event drops only itself.
 */
export class PgMetricEvents {
  private queue: unknown[][] = [];
  private writing: Promise<void> | undefined;
  /** Events that could not be written. */
  dropped = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Queues the event, stamped now; more than MAX_PENDING waiting are dropped (as on SQLite). */
  record(event: MetricEvent): void {
    if (this.queue.length >= MAX_PENDING) {
      this.dropped += 1;
      return;
    }
    this.queue.push(eventRow(event, this.clock().getTime()));
    this.writing ??= this.drain();
  }

  /** Events waiting for their write. */
  get pending(): number {
    return this.queue.length;
  }

  /** Waits until every event recorded so far is written (or dropped). */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (await this.write(batch)) continue;
        if (batch.length === 1) this.dropped += 1;
        else for (const row of batch) if (!(await this.write([row]))) this.dropped += 1;
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Writes rows in one statement; false when the database refused them or was not there. */
  private async write(rows: readonly unknown[][]): Promise<boolean> {
    const values = rows.flat();
    const tuples = rows.map(
      (_, row) =>
        `(${EVENT_COLUMNS.map((__, column) => `$${row * EVENT_COLUMNS.length + column + 1}`).join(', ')})`,
    );
    try {
      await this.pool.query(
        `INSERT INTO metric_events (${EVENT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
        values,
      );
      return true;
    } catch {
      return false;
    }
  }
}

/** What the PostgreSQL metrics need. */
export interface PgMetricsDeps {
  clock?: () => Date;
  /** Ranges holding at most this many events are summarised exactly; more, by histograms. */
  exactLimit?: number;
}

/** Records metric events in a PostgreSQL library and summarises them as SQLite does. */
export class PgMetrics {
  private readonly events: PgMetricEvents;
  private readonly clock: () => Date;
  private readonly exactLimit: number;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly library: PostgresLibrary,
    deps: PgMetricsDeps = {},
  ) {
    this.clock = deps.clock ?? (() => new Date());
    this.exactLimit = deps.exactLimit ?? EXACT_LIMIT;
    this.events = new PgMetricEvents(library.pool, this.clock);
    // Events written off the request path are still written when the library closes (pwb).
    library.onClose(() => this.flush());
  }

  /**
   * Writes one event, stamped with the clock, without waiting (a failed write drops it and
   * counts it); prunes past the retention now and then.
   */
  record(event: MetricEvent): void {
    checkMetricEvent(event);
    this.events.record(
      event.detail == null ? event : { ...event, detail: event.detail.slice(0, MAX_DETAIL) },
    );
    if (this.clock().getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.prune().catch(() => undefined);
    }
  }

  /**
   * Runs `read` (what a render, export or validation needs from the library); when it fails,
   * records the failed event as SQLite's render service does, then throws.
   */
  async measureRead<T>(
    kind: 'render' | 'export' | 'validate',
    ref: PromptRef,
    event: { detail?: string; preview?: boolean },
    read: () => Promise<T>,
  ): Promise<T> {
    const start = performance.now();
    try {
      return await read();
    } catch (error) {
      this.record({
        kind,
        prompt_id: ref.id ?? null,
        version: ref.version ?? null,
        duration_us: Math.round((performance.now() - start) * 1000),
        ok: false,
        error_code: error instanceof AppError ? error.code : 'internal',
        detail: event.detail ?? null,
        preview: event.preview === true,
      });
      throw error;
    }
  }

  /** Waits until every event recorded so far is written (or dropped). */
  flush(): Promise<void> {
    return this.events.flush();
  }

  /**
   * Aggregates events with `from <= at < to` (epoch ms), as SQLite's MetricsService.summary:
   * exact nearest-rank percentiles up to the exact limit, log-scale bins past it (flagged).
   */
  async summary(query: MetricsQuery = {}): Promise<MetricsSummary> {
    const { bucket, filter } = summaryFilter(query);
    await this.flush();
    return this.library.read('read metrics', async () => {
      // One snapshot, one connection, few round trips: the histograms' summary first (its count
      // is the events in range, SQLite's test for the exact limit), then the exact one for a
      // small range. The reads are indexed ranges: parallel workers would only add start-up.
      const client = await this.library.pool.connect();
      let broken = false;
      try {
        await client.query(
          'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0',
        );
        const binned = await binnedSummary(client, filter, bucket);
        const summary =
          binned.totals.count <= this.exactLimit
            ? await exactSummary(client, filter, bucket)
            : { ...binned, approximate: true as const };
        await client.query('COMMIT');
        return summary;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  /** Model calls in the range by prompt, version and model (SQLite's modelCalls). */
  async modelCalls(query: ModelCallsQuery = {}): Promise<ModelCallsSummary> {
    await this.flush();
    return this.library.read('read metrics', () =>
      modelCallsSummary(this.library.pool, modelCallFilter(query)),
    );
  }

  /** The retention and the recording counters (every recorded event written first). */
  async settings(): Promise<MetricsSettings> {
    await this.flush();
    return {
      retention_days: await this.retentionDays(),
      pending: this.events.pending,
      dropped: this.events.dropped,
    };
  }

  /** Days of events kept: the library's setting, else 90. */
  async retentionDays(): Promise<number> {
    return this.library.read('read the metrics retention', async () => {
      const result = await this.library.pool.query<{ value: string }>(
        'SELECT value FROM settings WHERE key = $1',
        [RETENTION_KEY],
      );
      return storedRetention(result.rows[0]?.value);
    });
  }

  /** Stores the library's retention (admins only, held by the database) and prunes to it. */
  async setRetentionDays(days: number): Promise<void> {
    checkRetention(days);
    await this.library.transaction('change the metrics retention', async (client) => {
      await client.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [RETENTION_KEY, String(days)],
      );
    });
    await this.prune(days);
  }

  /**
   * Deletes events older than the retention by this process's clock; the database never
   * deletes one younger than the stored retention by its own clock. Returns how many went.
   */
  async prune(days?: number): Promise<number> {
    await this.flush();
    const now = this.clock().getTime();
    this.lastPrune = now;
    const keep = days ?? (await this.retentionDays());
    return this.library.read('prune metric events', async () => {
      const result = await this.library.pool.query<{ removed: string }>(
        'SELECT pwb_prune_metrics($1) AS removed',
        [now - keep * DAY_MS],
      );
      return Number(result.rows[0]?.removed ?? 0);
    });
  }
}

/** The metrics operations of the contract over a PostgreSQL library. */
export function pgMetricsHandlers(
  metrics: PgMetrics,
): Pick<
  Handlers,
  'metricsSummary' | 'modelCallsSummary' | 'metricsSettings' | 'setMetricsRetention'
> {
  return {
    metricsSummary: (query) => metrics.summary(query),
    modelCallsSummary: (query) => metrics.modelCalls(query),
    metricsSettings: () => metrics.settings(),
    setMetricsRetention: async ({ days }) => {
      await metrics.setRetentionDays(days);
      return metrics.settings();
    },
  };
}
