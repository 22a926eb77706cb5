// Metric summaries on PostgreSQL over a million events (the faults group's SQLite workload, on
// the team library server the postgres group starts): the month view, one prompt's month and
// the last hour, read from the stored histograms (migration 8); the same month binned straight
// from every event (the scan they replaced) for the ratio; and SQLite's figures in the same run.
import { openPostgresLibrary } from '../electron/services/postgres/pgLibrary';
import { acquirePostgres, releasePostgres } from '../electron/testKit/postgresServer';
import { PgMetrics } from '../electron/services/postgres/pgMetrics';
import { scannedBinnedSummary } from '../electron/services/postgres/pgMetricsQueries';
import { summaryFilter } from '../electron/services/metrics/summaryShape';
import type { MetricsQuery } from '../src-shared/contract/dto';
import { runMetricsSummaryBench } from './faults.bench';
import { nowMs, summarize } from './stats';

const DAY_MS = 86_400_000;
/** Events a fill statement writes. */
const FILL_CHUNK = 100_000;

/**
 * Fills a fresh PostgreSQL library (on the bench's server) with `events` render events over 30
 * days and 200 prompts (SQLite's bench data, event for event) and their histograms; then times
 * the three summaries `rounds` times each, the scan they replaced, and SQLite's summaries.
 */
export async function runPgMetricsBench(
  events: number,
  rounds: number,
): Promise<Record<string, number>> {
  const server = await acquirePostgres();
  const now = Date.now();
  const url = await server.createDatabase();
  const library = await openPostgresLibrary({ url });
  try {
    const filled = nowMs();
    // As SQLite's bench fills its table: the events in bulk, then the histograms built once
    // (pwb_rebuild_metric_hists, as migration 8 fills them). The trigger's cost on live writes
    // is measured on its own below.
    const client = await library.pool.connect();
    try {
      await client.query("BEGIN; SET LOCAL session_replication_role = 'replica'");
      for (let first = 0; first < events; first += FILL_CHUNK) {
        const last = Math.min(events, first + FILL_CHUNK) - 1;
        // The same at, prompt, latency and failures as faults.bench.ts's fillEvents.
        await client.query(
          `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok)
           SELECT $1::bigint - floor(((i * 7919) % $2) * ($3::float8 / $2))::bigint, 'render',
                  'p' || (i % 200), '1.0.0', 50 + (i * 104729) % 5000, i % 97 <> 0
           FROM generate_series($4::bigint, $5::bigint) AS i`,
          [now, events, 30 * DAY_MS, first, last],
        );
      }
      await client.query('SELECT pwb_rebuild_metric_hists()');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const fillS = (nowMs() - filled) / 1000;
    await library.pool.query('VACUUM ANALYZE metric_events');
    await library.pool.query('VACUUM ANALYZE metric_hists');
    const metrics = new PgMetrics(library, { clock: () => new Date(now) });
    const month = { from: now - 30 * DAY_MS, to: now + 1 };
    const time = async (query: MetricsQuery, times = rounds): Promise<number[]> => {
      await metrics.summary(query);
      const samples: number[] = [];
      for (let round = 0; round < times; round += 1) {
        const before = nowMs();
        await metrics.summary(query);
        samples.push(nowMs() - before);
      }
      return samples;
    };
    const monthly = await time({ ...month, bucket: 'day' });
    const onePrompt = await time({ ...month, bucket: 'day', prompt_id: 'p7' });
    const lastHour = await time({ from: now - 3_600_000, to: now + 1, bucket: 'hour' });
    const all = [...monthly, ...onePrompt, ...lastHour];
    // The month binned from every event, as PostgreSQL summaries were read before migration 8.
    const { bucket, filter } = summaryFilter({ ...month, bucket: 'day' });
    const scans: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      const before = nowMs();
      await scannedBinnedSummary(library.pool, filter, bucket);
      scans.push(nowMs() - before);
    }
    const scan = Math.min(...scans);
    const rows = await library.pool.query<{ n: number }>(
      'SELECT count(*)::float8 AS n FROM metric_hists',
    );
    const values: Record<string, number> = {
      'pg.metrics_summary_1m_month_p50_ms': summarize(monthly).median,
      'pg.metrics_summary_1m_prompt_p50_ms': summarize(onePrompt).median,
      'pg.metrics_summary_1m_hour_p50_ms': summarize(lastHour).median,
      'pg.metrics_summary_1m_max_ms': Math.max(...all),
      'pg.metrics_scan_1m_month_ms': scan,
      'pg.metrics_scan_vs_summary_month': scan / summarize(monthly).median,
      'pg.metrics_fill_1m_s': fillS,
      'pg.metrics_hist_rows_1m': rows.rows[0]?.n ?? 0,
      'pg.metrics_events': events,
    };
    values['pg.metric_events_20_writers_s'] = await writersRate(url, 2000);
    // SQLite's summaries over the same events, in this run.
    const sqlite = runMetricsSummaryBench(events, rounds);
    values['pg.sqlite_metrics_summary_1m_max_ms'] = sqlite['metrics.summary_1m_max_ms'] ?? NaN;
    values['pg.sqlite_metrics_summary_1m_month_p50_ms'] =
      sqlite['metrics.summary_1m_month_p50_ms'] ?? NaN;
    return values;
  } finally {
    await library.close();
    await releasePostgres();
  }
}

/**
 * 20 clients with one connection each, each recording one event at a time and waiting for its
 * write (a render's event, through the trigger that keeps the histograms) for `ms`: events
 * written per second. The hour and day rows across prompts are shared by all of them.
 */
async function writersRate(url: string, ms: number): Promise<number> {
  const writers = await Promise.all(
    Array.from({ length: 20 }, () => openPostgresLibrary({ url, poolSize: 1 })),
  );
  try {
    let written = 0;
    const started = nowMs();
    await Promise.all(
      writers.map(async (writer, index) => {
        const metrics = new PgMetrics(writer);
        while (nowMs() - started < ms) {
          metrics.record({
            kind: 'render',
            prompt_id: `p${index % 200}`,
            version: '1.0.0',
            duration_us: 50 + written,
            ok: true,
          });
          await metrics.flush();
          written += 1;
        }
      }),
    );
    return written / ((nowMs() - started) / 1000);
  } finally {
    for (const writer of writers) await writer.close();
  }
}
