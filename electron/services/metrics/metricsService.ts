// Usage metrics: every render, validation and export as a persisted event, and their aggregates.
import {
  METRIC_BUCKETS,
  METRIC_KINDS,
  type MetricBucket,
  type MetricKind,
  type MetricsQuery,
  type MetricsSummary,
} from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import { compareVersions, isVersion } from '../../../src-shared/version';
import type { Database } from '../store/database';
import { aggregate } from './aggregate';

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
}

/** Dependencies of the metrics service. */
export interface MetricsServiceDeps {
  clock: () => Date;
  /** Most events kept; older ones are pruned. Default 200,000. */
  retention?: number;
}

/** Events kept by default. */
export const DEFAULT_RETENTION = 200_000;
const MAX_DETAIL = 1000;
const BUCKET_MS: Record<MetricBucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

interface EventRow {
  at: number;
  prompt_id: string | null;
  version: string | null;
  duration_us: number;
  ok: 0 | 1;
}

/** Records metric events and summarises them by prompt, version and time bucket. */
export class MetricsService {
  private readonly retention: number;
  /** Prune once per this many inserts: amortised, so recording stays one INSERT. */
  private readonly pruneEvery: number;
  private sincePrune = 0;
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly deps: MetricsServiceDeps,
  ) {
    this.retention = deps.retention ?? DEFAULT_RETENTION;
    if (!Number.isSafeInteger(this.retention) || this.retention < 1) {
      throw new AppError('invalid_input', 'Metrics retention must be a whole number, 1 or more');
    }
    this.pruneEvery = Math.max(1, Math.min(1000, Math.floor(this.retention / 10)));
    this.insert = db.prepare(
      `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok, error_code, detail,
         model, ttft_us, input_tokens, output_tokens, cost_usd, cached)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /**
   * Persists one event, stamped with the clock. The event is committed at once (other
   * connections and a process that crashes right after see it) but without waiting for the
   * disk: see `withoutDiskWait`.
   */
  record(event: MetricEvent): void {
    if (!METRIC_KINDS.includes(event.kind)) {
      throw new AppError('invalid_input', `Unknown metric kind '${String(event.kind)}'`);
    }
    if (!Number.isFinite(event.duration_us) || event.duration_us < 0) {
      throw new AppError('invalid_input', 'duration_us must be a finite number, 0 or more');
    }
    withoutDiskWait(this.db, () => {
      this.insert.run(
        this.deps.clock().getTime(),
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
      );
      this.sincePrune += 1;
      if (this.sincePrune >= this.pruneEvery) this.prune();
    });
  }

  /** Deletes the oldest events beyond the retention limit; returns how many went. */
  prune(): number {
    this.sincePrune = 0;
    return this.db
      .prepare(
        `DELETE FROM metric_events WHERE id <= (
           SELECT id FROM metric_events ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(this.retention).changes;
  }

  /**
   * Aggregates events with `from <= at < to` (epoch ms): totals, one row per prompt and
   * version, and one row per non-empty time bucket (default hour, aligned to UTC epoch).
   */
  summary(query: MetricsQuery = {}): MetricsSummary {
    const bucket = query.bucket ?? 'hour';
    if (!METRIC_BUCKETS.includes(bucket)) {
      throw new AppError('invalid_input', `Unknown bucket '${String(bucket)}'`);
    }
    if (query.kind !== undefined && !METRIC_KINDS.includes(query.kind)) {
      throw new AppError('invalid_input', `Unknown metric kind '${String(query.kind)}'`);
    }
    const rows = this.db
      .prepare(
        `SELECT at, prompt_id, version, duration_us, ok FROM metric_events
         WHERE (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
           AND (@prompt_id IS NULL OR prompt_id = @prompt_id)
           AND (@kind IS NULL OR kind = @kind)
         ORDER BY at`,
      )
      .all({
        from: query.from ?? null,
        to: query.to ?? null,
        prompt_id: query.prompt_id ?? null,
        kind: query.kind ?? null,
      }) as EventRow[];
    const samples = rows.map((row) => ({ ...row, ok: row.ok === 1 }));

    const byPrompt = groupBy(samples, (row) => JSON.stringify([row.prompt_id, row.version]));
    const size = BUCKET_MS[bucket];
    const byBucket = groupBy(samples, (row) => String(Math.floor(row.at / size) * size));

    return {
      totals: aggregate(samples),
      by_prompt: [...byPrompt.values()]
        .map((group) => ({
          prompt_id: group[0]?.prompt_id ?? null,
          version: group[0]?.version ?? null,
          ...aggregate(group),
        }))
        .sort(byPromptThenVersion),
      buckets: [...byBucket.entries()]
        .map(([start, group]) => ({ start: Number(start), ...aggregate(group) }))
        .sort((a, b) => a.start - b.start),
    };
  }
}

/** SQLite's `synchronous` levels: OFF 0, NORMAL 1, FULL 2, EXTRA 3. */
const SYNC_NORMAL = 1;

/**
 * Runs one write as its own commit at `synchronous=NORMAL`, then puts the connection's level
 * back. Every render, validation and export records an event, and a FULL commit waits for an
 * fsync (5–10 ms on the disks we measured), which the preview paid on every keystroke. In WAL
 * mode a NORMAL commit is written to the log but not flushed: a crash of the process loses
 * nothing, a power cut or OS crash can lose the events recorded since the log was last
 * flushed (by the next durable save, or a checkpoint), and the database stays consistent.
 * Prompts, schemas and partials keep FULL: the level is restored before anything else runs
 * on the connection. Inside a caller's transaction the caller's commit decides.
 */
function withoutDiskWait(db: Database, write: () => void): void {
  const level = db.inTransaction
    ? SYNC_NORMAL
    : (db.pragma('synchronous', { simple: true }) as number);
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

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

function byPromptThenVersion(
  a: { prompt_id: string | null; version: string | null },
  b: { prompt_id: string | null; version: string | null },
): number {
  const left = a.prompt_id ?? '';
  const right = b.prompt_id ?? '';
  if (left !== right) return left < right ? -1 : 1;
  if (isVersion(a.version) && isVersion(b.version)) return compareVersions(a.version, b.version);
  return (a.version ?? '') < (b.version ?? '') ? -1 : a.version === b.version ? 0 : 1;
}
