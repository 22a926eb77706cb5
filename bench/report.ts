// The benchmark report: targets, the printed table and bench/results.json.
import { writeFileSync } from 'node:fs';

/** Every result by key; null when its benchmark could not run. */
export type Results = Record<string, number | null>;

/** A target: the key it reads (a value or a ratio of two values), the bound and its direction. */
export interface Target {
  label: string;
  /** The measured value. */
  value: (results: Results) => number | null;
  bound: number;
  direction: 'min' | 'max';
  unit: string;
}

function key(name: string): (results: Results) => number | null {
  return (results) => results[name] ?? null;
}

/** The issue's targets. Ratios are the medians of per-round ratios measured side by side. */
export const TARGETS: readonly Target[] = [
  {
    label: 'render ours / handlebars',
    value: key('render.ours_vs_handlebars'),
    bound: 0.8,
    direction: 'min',
    unit: '×',
  },
  {
    label: 'render ours / langchain',
    value: key('render.ours_vs_langchain'),
    bound: 1.7,
    direction: 'min',
    unit: '×',
  },
  {
    label: 'chat ours / langchain',
    value: key('chat.ours_vs_langchain'),
    bound: 1.7,
    direction: 'min',
    unit: '×',
  },
  {
    label: 'save version (durable)',
    value: key('store.save_version_ops_s'),
    bound: 1000,
    direction: 'min',
    unit: '/s',
  },
  {
    label: 'search p95 (10k)',
    value: key('search.p95_ms_10k'),
    bound: 10,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'PostgreSQL save p95 / SQLite (10k)',
    value: key('pg.save_p95_vs_sqlite'),
    bound: 3,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'PostgreSQL search p95 / SQLite (10k)',
    value: key('pg.search_p95_vs_sqlite'),
    bound: 3,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'PostgreSQL import / SQLite (1,000 prompts)',
    value: key('pg.import_vs_sqlite'),
    bound: 2,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'PostgreSQL import write / SQLite',
    value: key('pg.import_write_vs_sqlite'),
    bound: 3,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'PostgreSQL 20 concurrent writers',
    value: key('pg.concurrent_writers_saves_s'),
    bound: 500,
    direction: 'min',
    unit: 'saves/s',
  },
  {
    label: 'save → other client notified p95',
    value: key('pg.notify_p95_ms'),
    bound: 250,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'read API ETag hits, PostgreSQL',
    value: key('pg.read_api_etag_req_s'),
    bound: 5000,
    direction: 'min',
    unit: 'req/s',
  },
  {
    label: 'read API ETag hits, SQLite',
    value: key('pg.sqlite_read_api_etag_req_s'),
    bound: 5000,
    direction: 'min',
    unit: 'req/s',
  },
  {
    label: 'import',
    value: key('import.files_per_s'),
    bound: 2000,
    direction: 'min',
    unit: 'files/s',
  },
  {
    label: 'keystroke → preview p95',
    value: key('ui.keystroke_preview_p95_ms'),
    bound: 16,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'token → page p95',
    value: key('ui.token_to_page_p95_ms'),
    bound: 16,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'cold start (500)',
    value: key('ui.cold_start_ms'),
    bound: 1000,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'library ready (10k)',
    value: key('ui.library_10k_ready_ms'),
    bound: 1500,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'server RSS (10k)',
    value: key('memory.server_rss_mb_10k'),
    bound: 250,
    direction: 'max',
    unit: 'MB',
  },
  {
    label: 'page heap (10k)',
    value: key('memory.page_heap_mb_10k'),
    bound: 150,
    direction: 'max',
    unit: 'MB',
  },
  {
    label: 'render p99 with a writer / quiet',
    value: key('contention.render_p99_writer_vs_quiet'),
    bound: 2,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'metrics summary, 1M events',
    value: key('metrics.summary_1m_max_ms'),
    bound: 100,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'metrics summary on PostgreSQL, 1M events',
    value: key('pg.metrics_summary_1m_max_ms'),
    bound: 100,
    direction: 'max',
    unit: 'ms',
  },
  {
    label: 'import 50k peak RSS',
    value: key('import.peak_rss_mb_50k'),
    bound: 250,
    direction: 'max',
    unit: 'MB',
  },
  {
    label: 'run / direct SDK p50',
    value: key('models.run_vs_direct_p50'),
    bound: 1.1,
    direction: 'max',
    unit: '×',
  },
  {
    label: '200 cells at 8 / ideal',
    value: key('models.batch_200_vs_ideal'),
    bound: 1.2,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'matrix 50×2×2 at 4 / ideal',
    value: key('eval.matrix_200_c4_vs_ideal'),
    bound: 1.2,
    direction: 'max',
    unit: '×',
  },
  {
    label: 'keystroke during a matrix p95',
    value: key('ui.keystroke_during_matrix_p95_ms'),
    bound: 16,
    direction: 'max',
    unit: 'ms',
  },
];

/** The keys results.json must always carry (numbers, or null when a benchmark failed). */
export const REQUIRED_KEYS = [
  'render.ours_ops_s',
  'render.handlebars_ops_s',
  'render.langchain_ops_s',
  'chat.ours_ops_s',
  'chat.langchain_ops_s',
  'store.save_version_ops_s',
  'search.p95_ms_10k',
  'import.files_per_s',
  'ui.keystroke_preview_p95_ms',
  'ui.cold_start_ms',
  'ui.library_10k_ready_ms',
  'memory.server_rss_mb_10k',
  'memory.page_heap_mb_10k',
] as const;

/** Whether a target is met; null when its value is missing. */
export function targetMet(target: Target, results: Results): boolean | null {
  const value = target.value(results);
  if (value === null || !Number.isFinite(value)) return null;
  return target.direction === 'min' ? value >= target.bound : value <= target.bound;
}

/** Formats a number for the table: integers for big values, 3 significant digits for small. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** The printed report: every measured value, then the targets with met / MISSED. */
export function renderTable(results: Results, errors: readonly string[]): string {
  const lines: string[] = [];
  const keys = Object.keys(results).sort();
  const width = Math.max(...keys.map((name) => name.length), 10);
  lines.push('Measurements', `${'key'.padEnd(width)}  value`);
  for (const name of keys) {
    lines.push(`${name.padEnd(width)}  ${formatNumber(results[name] ?? null)}`);
  }
  lines.push('', 'Targets');
  const labelWidth = Math.max(...TARGETS.map((target) => target.label.length));
  lines.push(
    `${'target'.padEnd(labelWidth)}  ${'measured'.padStart(12)}  ${'bound'.padStart(12)}  result`,
  );
  for (const target of TARGETS) {
    const met = targetMet(target, results);
    const bound = `${target.direction === 'min' ? '≥' : '≤'} ${formatNumber(target.bound)}`;
    const verdict = met === null ? 'not measured' : met ? 'met' : 'MISSED';
    lines.push(
      `${target.label.padEnd(labelWidth)}  ${`${formatNumber(target.value(results))} ${target.unit}`.padStart(12)}  ${`${bound} ${target.unit}`.padStart(12)}  ${verdict}`,
    );
  }
  if (errors.length > 0) lines.push('', 'Errors', ...errors.map((error) => `- ${error}`));
  return lines.join('\n');
}

/** Writes results.json: the required keys first (null when missing), then every other value. */
export function writeResults(file: string, results: Results): void {
  const ordered: Record<string, number | null> = {};
  for (const name of REQUIRED_KEYS) ordered[name] = finite(results[name]);
  for (const name of Object.keys(results).sort()) {
    if (!(name in ordered)) ordered[name] = finite(results[name]);
  }
  writeFileSync(file, `${JSON.stringify(ordered, null, 2)}\n`);
}

function finite(value: number | null | undefined): number | null {
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}
