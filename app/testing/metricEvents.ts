// Test kit: render events at chosen times, written into a library as a recording process writes
// them, so the page's tests can ask for summaries around exact bucket boundaries.
// Runs only in Node under vitest (see liveLibrary.ts).
import { openDatabase } from '../../electron/services/store/database';
import { MAX_RETENTION_DAYS, MetricsService } from '../../electron/services/metrics/metricsService';
import type { PostgresLibrary } from '../../electron/services/postgres/pgLibrary';

/** One render of the prompt `timed` at 1.0.0: when (epoch ms), how long, whether it worked. */
export interface TimedRender {
  at: number;
  duration_us: number;
  ok: boolean;
}

/**
 * Writes the renders into a SQLite library file through the metrics service (its events and
 * latency histograms), each stamped with its own time; nothing is pruned however old.
 */
export function recordInSqlite(dbPath: string, renders: readonly TimedRender[]): void {
  const db = openDatabase(dbPath);
  let now = 0;
  const writer = new MetricsService(db, {
    clock: () => new Date(now),
    retentionDays: MAX_RETENTION_DAYS,
  });
  for (const render of renders) {
    now = render.at;
    writer.record({
      kind: 'render',
      prompt_id: 'timed',
      version: '1.0.0',
      duration_us: render.duration_us,
      ok: render.ok,
    });
  }
  writer.close();
  db.close();
}

/** Writes the renders into a PostgreSQL library's events, in one statement. */
export async function recordInPostgres(
  library: PostgresLibrary,
  renders: readonly TimedRender[],
): Promise<void> {
  await library.pool.query(
    `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok)
     SELECT at, 'render', 'timed', '1.0.0', duration_us, ok
     FROM unnest($1::bigint[], $2::float8[], $3::boolean[]) AS r(at, duration_us, ok)`,
    [renders.map((r) => r.at), renders.map((r) => r.duration_us), renders.map((r) => r.ok)],
  );
}
