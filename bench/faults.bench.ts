// Benchmarks of the library under contention and heavy use: renders through the real server
// while another process writes, metric summaries over a million events, and the peak memory
// of a 50,000-file import through the real `pwb import`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { createServices } from '../electron/services/index';
import { rebuildRollups } from '../electron/services/metrics/rollups';
import { buildLibraryDb, writeSeedFolder } from './library';
import { REPO_ROOT, startServe } from './serve';
import { nowMs, percentile, summarize } from './stats';

type BenchValues = Record<string, number>;

const PWB = join(REPO_ROOT, 'bin', 'pwb.mjs');
const DAY_MS = 86_400_000;

/** A `kB` field of /proc/<pid>/status, or 0 once the process is gone. */
function statusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs `pwb` with `args`; resolves with its exit code, output and peak RSS (VmHWM, MB). */
function runPwb(args: string[]): Promise<{ code: number; output: string; peakMb: number }> {
  const child = spawn(process.execPath, [PWB, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let peak = 0;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // VmHWM is the process's own high-water mark: sampling it now and then loses nothing.
  const timer = setInterval(() => {
    if (child.pid !== undefined) peak = Math.max(peak, statusKb(child.pid, 'VmHWM'));
  }, 100);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? 1, output, peakMb: peak / 1024 });
    });
  });
}

/**
 * `pwb import` of `files` seed files into a new library, as a user runs it: peak resident
 * memory of the whole process (its import threads included) and files per second.
 */
export async function runImportMemoryBench(files: number): Promise<BenchValues> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-import-mem-'));
  try {
    const folder = join(dir, 'library');
    writeSeedFolder(folder, files);
    // A first small import builds the CLI and worker bundles, so the measured run only imports.
    const warm = join(dir, 'warm');
    writeSeedFolder(warm, 1);
    await runPwb(['--db', join(dir, 'warm.db'), 'import', warm]);
    const started = nowMs();
    const run = await runPwb(['--db', join(dir, 'big.db'), 'import', folder]);
    const ms = nowMs() - started;
    if (run.code !== 0) throw new Error(`pwb import failed: ${run.output}`);
    return {
      'import.peak_rss_mb_50k': run.peakMb,
      'import.files_per_s_50k': (files / ms) * 1000,
      'import.files_50k': files,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `metrics.summary` over `events` render events spread over 30 days and 200 prompts: the
 * month view (daily buckets), one prompt's month, and the last hour (an exact summary).
 */
export function runMetricsSummaryBench(events: number, rounds: number): BenchValues {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-metrics-'));
  const dbPath = join(dir, 'metrics.db');
  const now = Date.now();
  const services = createServices({ dbPath, actor: 'bench', clock: () => new Date(now) });
  try {
    fillEvents(services.db, events, now);
    const month = { from: now - 30 * DAY_MS, to: now + 1 };
    const time = (query: Parameters<typeof services.metrics.summary>[0]): number[] => {
      services.metrics.summary(query);
      const samples: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const before = nowMs();
        services.metrics.summary(query);
        samples.push(nowMs() - before);
      }
      return samples;
    };
    const monthly = time({ ...month, bucket: 'day' });
    const onePrompt = time({ ...month, bucket: 'day', prompt_id: 'p7' });
    const lastHour = time({ from: now - 3_600_000, to: now + 1, bucket: 'hour' });
    const all = [...monthly, ...onePrompt, ...lastHour];
    return {
      'metrics.summary_1m_month_p50_ms': summarize(monthly).median,
      'metrics.summary_1m_prompt_p50_ms': summarize(onePrompt).median,
      'metrics.summary_1m_hour_p50_ms': summarize(lastHour).median,
      'metrics.summary_1m_max_ms': Math.max(...all),
      'metrics.events': events,
    };
  } finally {
    void services.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Inserts `count` events straight into the table and builds their histograms. */
function fillEvents(db: BetterSqlite3.Database, count: number, now: number): void {
  const insert = db.prepare(
    `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok)
     VALUES (?, 'render', ?, '1.0.0', ?, ?)`,
  );
  db.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const at = now - Math.floor(((index * 7919) % count) * ((30 * DAY_MS) / count));
      const duration = 50 + ((index * 104_729) % 5000);
      insert.run(at, `p${index % 200}`, duration, index % 97 === 0 ? 0 : 1);
    }
    rebuildRollups(db);
  })();
}

/**
 * Render latency through the real `pwb serve` on a 500-prompt library, quiet and then while
 * another process saves a new prompt version every `paceMs` (each save takes the write lock,
 * and the renders' metric events must wait for it). Reports both p99 and their ratio.
 */
export async function runRenderUnderWriterBench(
  renders: number,
  paceMs: number,
): Promise<BenchValues> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-contention-'));
  const dbPath = join(dir, 'library.db');
  buildLibraryDb(dbPath, 500);
  const served = await startServe(dbPath);
  let writer: ChildProcess | undefined;
  try {
    const url = new URL(served.url);
    const token = url.searchParams.get('token') ?? '';
    const render = async (index: number): Promise<number> => {
      const before = nowMs();
      const response = await fetch(new URL('/api/renderPreview', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          id: `p${String(index % 500).padStart(5, '0')}`,
          variables: { name: 'Ada', subject: 'tests' },
        }),
      });
      const outcome = (await response.json()) as { ok: boolean; error?: { message: string } };
      if (!outcome.ok) throw new Error(`render failed: ${outcome.error?.message ?? '?'}`);
      return nowMs() - before;
    };
    const measure = async (): Promise<number[]> => {
      for (let index = 0; index < 50; index += 1) await render(index);
      const samples: number[] = [];
      for (let index = 0; index < renders; index += 1) samples.push(await render(index));
      return samples;
    };
    const quiet = await measure();
    const saves = join(dir, 'saves.txt');
    writer = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./pacedWriter.ts', import.meta.url))],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          PWB_BENCH_DB: dbPath,
          PWB_BENCH_PACE_MS: String(paceMs),
          PWB_BENCH_SAVES: saves,
        },
      },
    );
    await waitFor(() => readCount(saves) > 5, 30_000);
    const savesBefore = readCount(saves);
    const busy = await measure();
    const savesDuring = readCount(saves) - savesBefore;
    const quietP99 = percentile(quiet, 99);
    const busyP99 = percentile(busy, 99);
    return {
      'contention.render_p99_quiet_ms': quietP99,
      'contention.render_p99_writer_ms': busyP99,
      'contention.render_p99_writer_vs_quiet': busyP99 / quietP99,
      'contention.render_p50_writer_ms': percentile(busy, 50),
      'contention.writer_saves': savesDuring,
      'contention.renders': renders,
    };
  } finally {
    writer?.kill('SIGTERM');
    await served.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function readCount(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = nowMs() + ms;
  while (!check()) {
    if (nowMs() > until) throw new Error('the paced writer did not start saving');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
