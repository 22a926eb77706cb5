// Usage metrics: every render, validation and export as an event, recorded off the request path,
// and summaries computed in SQL (exact for small ranges, from pre-aggregated histograms for
// long ones).
import {
  METRIC_KINDS,
  type MetricKind,
  type MetricsQuery,
  type MetricsSettings,
  type MetricsSummary,
} from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import type { Database } from '../store/database';
import type { Statement } from 'better-sqlite3';
import { storageFault } from '../store/faults';
import type { ModelCallsQuery, ModelCallsSummary } from '../../../src-shared/models/modelCalls';
import { modelCallsSummary } from './modelCallQueries';
import { addToRollups, pruneEvents } from './rollups';
import { binnedSummary, countEvents, exactSummary } from './summaryQueries';
import { summaryFilter } from './summaryShape';

/** One event to record. */
export interface MetricEvent {
  kind: MetricKind;
  prompt_id: string | null;
  version: string | null;
  duration_us: number;
  ok: boolean;
  error_code?: string | null;
  detail?: string | null;
  /** Model calls only (kind `model`): `provider:model`, time to first token, tokens, cost. */
  model?: string | null;
  ttft_us?: number | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  cost_usd?: number | null;
  cached?: boolean | null;
  /** A live preview of the editor, not usage (the dashboard leaves these out by default). */
  preview?: boolean;
}

/** Dependencies of the metrics service. */
export interface MetricsServiceDeps {
  clock: () => Date;
  /** Days of events kept, for this process (overrides the library's setting). */
  retentionDays?: number;
  /** Pause between recording an event and writing it, batched with those that follow (ms). */
  flushDelayMs?: number;
  /** Ranges holding at most this many events are summarised exactly; more, by histograms. */
  exactLimit?: number;
}

/** Days of events kept unless the library's setting says otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;
/** The longest retention accepted: ten years. */
export const MAX_RETENTION_DAYS = 3650;
/** The longest `detail` kept with an event. */
export const MAX_DETAIL = 1000;
/**
 * Ranges holding at most this many events are ranked exactly (window functions over every
 * event); longer ones come from the histograms, in a few milliseconds whatever their size.
 */
export const EXACT_LIMIT = 2000;
/** Most events waiting to be written; more are dropped (and counted) rather than held. */
export const MAX_PENDING = 10_000;
export const DAY_MS = 86_400_000;
/** How often a writing process prunes events past the retention. */
export const PRUNE_EVERY_MS = 10 * 60_000;
/** Rows deleted per prune, so one prune never holds the write lock for long. */
const PRUNE_CHUNK = 5000;
/** The library setting holding the retention (days, as text). */
export const RETENTION_KEY = 'metrics_retention_days';

/** Counters of the recording queue, for the dashboard and tests. */
export interface MetricsQueueState {
  /** Events waiting to be written. */
  pending: number;
  /** Events given up on: the library was busy too long, read-only or full. */
  dropped: number;
}

interface Pending extends MetricEvent {
  at: number;
}

/** Records metric events and summarises them by prompt, version and time bucket. */
export class MetricsService {
  private pending: Pending[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busyTries = 0;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly flushDelayMs: number;
  private readonly exactLimit: number;
  /** The event insert, prepared at the first write (a read-only library never writes). */
  private insert: Statement | undefined;

  constructor(
    private readonly db: Database,
    private readonly deps: MetricsServiceDeps,
  ) {
    if (deps.retentionDays !== undefined) checkRetention(deps.retentionDays);
    this.flushDelayMs = deps.flushDelayMs ?? 50;
    this.exactLimit = deps.exactLimit ?? EXACT_LIMIT;
  }

  /**
   * Queues one event, stamped with the clock; it is written with the events around it once
   * the library's write lock is free. Recording never waits and never fails a render: an event
   * that cannot be written (busy for long, read-only, disk full) is dropped and counted.
   */
  record(event: MetricEvent): void {
    checkMetricEvent(event);
    if (this.db.readonly || this.pending.length >= MAX_PENDING) {
      this.dropped += 1;
      return;
    }
    this.pending.push({ ...event, at: this.deps.clock().getTime() });
    this.schedule(this.flushDelayMs);
  }

  /** How many events wait and how many were dropped. */
  queueState(): MetricsQueueState {
    return { pending: this.pending.length, dropped: this.dropped };
  }

  /**
   * Writes the queued events now in one short transaction if the write lock is free (it never
   * waits for it). Returns true when nothing is left queued. A busy library is tried again
   * on a timer; any other fault drops the batch.
   */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    if (!this.db.open) {
      this.dropBatch();
      return false;
    }
    const batch = this.pending;
    try {
      withoutDiskWait(this.db, () => this.db.transaction(() => this.write(batch)).immediate());
      this.pending = [];
      this.busyTries = 0;
      return true;
    } catch (error) {
      if (storageFault(error)?.code === 'busy') {
        this.busyTries += 1;
        this.schedule(Math.min(1000, this.flushDelayMs * 2 ** this.busyTries));
      } else {
        this.dropBatch();
      }
      return false;
    }
  }

  /** Stops the timer and writes what is queued if the lock is free; the rest is dropped. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.flush()) this.dropBatch();
  }

  /** The retention and the recording queue's counters, for the dashboard and `pwb`. */
  settings(): MetricsSettings {
    return { retention_days: this.retentionDays(), ...this.queueState() };
  }

  /** Days of events kept: this process's override, else the library's setting, else 90. */
  retentionDays(): number {
    if (this.deps.retentionDays !== undefined) return this.deps.retentionDays;
    return storedRetention(
      this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(RETENTION_KEY),
    );
  }

  /** Stores the library's retention (days) and prunes to it at once. */
  setRetentionDays(days: number): void {
    checkRetention(days);
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(RETENTION_KEY, String(days));
    this.prune(days);
  }

  /**
   * Deletes events older than the retention, a chunk at a time, and takes them out of the
   * pre-aggregated histograms. Returns how many events went.
   */
  prune(days = this.retentionDays()): number {
    this.lastPrune = this.deps.clock().getTime();
    return pruneEvents(this.db, this.lastPrune - days * DAY_MS, PRUNE_CHUNK);
  }

  /**
   * Aggregates events with `from <= at < to` (epoch ms): totals, one row per prompt and
   * version, and one row per non-empty time bucket (default hour, aligned to UTC epoch).
   * Exact nearest-rank percentiles when the range holds few events; past `exactLimit` events,
   * from pre-aggregated histograms whose latency bins keep each percentile within 1 % of the
   * exact one (counts, errors and averages stay exact).
   */
  summary(query: MetricsQuery = {}): MetricsSummary {
    const { bucket, filter } = summaryFilter(query);
    // Best effort: the caller's own recent events are in the summary when the lock is free.
    if (!this.db.readonly) this.flush();
    return countEvents(this.db, filter) <= this.exactLimit
      ? exactSummary(this.db, filter, bucket)
      : { ...binnedSummary(this.db, filter, bucket), approximate: true };
  }

  /**
   * Model calls with `from <= at < to` (epoch ms), one row per prompt, version and model:
   * calls, errors, cached answers, latency and time-to-first-token percentiles (exact), tokens
   * and cost.
   */
  modelCalls(query: ModelCallsQuery = {}): ModelCallsSummary {
    if (!this.db.readonly) this.flush();
    return modelCallsSummary(this.db, query);
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
    // A queued metric never keeps a process alive: `close` writes what is left.
    this.timer.unref();
  }

  private dropBatch(): void {
    this.dropped += this.pending.length;
    this.pending = [];
  }

  /** Inserts a batch and adds it to the histograms; prunes now and then. */
  private write(batch: readonly Pending[]): void {
    const insert = (this.insert ??= this.db.prepare(
      `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok, error_code, detail,
         model, ttft_us, input_tokens, output_tokens, cost_usd, cached, preview)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ));
    for (const event of batch) {
      insert.run(
        event.at,
        event.kind,
        event.prompt_id,
        event.version,
        event.duration_us,
        event.ok ? 1 : 0,
        event.error_code ?? null,
        event.detail == null ? null : event.detail.slice(0, MAX_DETAIL),
        event.model ?? null,
        event.ttft_us ?? null,
        event.input_tokens ?? null,
        event.output_tokens ?? null,
        event.cost_usd ?? null,
        event.cached == null ? null : event.cached ? 1 : 0,
        event.preview === true ? 1 : 0,
      );
    }
    addToRollups(
      this.db,
      batch.map((event) => ({ ...event, preview: event.preview === true })),
    );
    if (this.deps.clock().getTime() - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
  }
}

/** Refuses an event of an unknown kind or with a duration that is not 0 or more. */
export function checkMetricEvent(event: MetricEvent): void {
  if (!METRIC_KINDS.includes(event.kind)) {
    throw new AppError('invalid_input', `Unknown metric kind '${String(event.kind)}'`);
  }
  if (!Number.isFinite(event.duration_us) || event.duration_us < 0) {
    throw new AppError('invalid_input', 'duration_us must be a finite number, 0 or more');
  }
}

/** The retention a stored setting says: a whole number of days from 1, else the default. */
export function storedRetention(value: unknown): number {
  const stored = Number(value);
  return Number.isSafeInteger(stored) && stored >= 1 ? stored : DEFAULT_RETENTION_DAYS;
}

/** Refuses a retention that is not a whole number of days from 1 to MAX_RETENTION_DAYS. */
export function checkRetention(days: number): void {
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new AppError(
      'invalid_input',
      `Metrics retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}`,
      { days },
    );
  }
}

/** SQLite's `synchronous` levels: OFF 0, NORMAL 1, FULL 2, EXTRA 3. */
const SYNC_NORMAL = 1;

/**
 * Runs one write as its own commit at `synchronous=NORMAL`, then puts the connection's level
 * back. A FULL commit waits for an fsync (5–10 ms on the disks we measured); metric batches
 * need not. In WAL mode a NORMAL commit is written to the log but not flushed: a crash of the
 * process loses nothing written, a power cut or OS crash can lose the events written since
 * the log was last flushed (by the next durable save, or a checkpoint), and the database stays
 * consistent. Prompts, schemas and partials keep FULL: the level is restored before anything
 * else runs on the connection.
 */
function withoutDiskWait(db: Database, write: () => void): void {
  const level = db.pragma('synchronous', { simple: true }) as number;
  if (level <= SYNC_NORMAL) {
    write();
    return;
  }
  // PRAGMA takes effect when compiled, so these cannot be kept as prepared statements.
  db.exec(`PRAGMA synchronous = ${SYNC_NORMAL}`);
  try {
    write();
  } finally {
    // `level` is an integer SQLite itself reported, never outside input.
    db.exec(`PRAGMA synchronous = ${level}`);
  }
}
