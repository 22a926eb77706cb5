// Storage benchmarks through the services: durable version saves, full-text search, folder import.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServices } from '../electron/services/index';
import { importWorkerEntry } from '../electron/services/files/workerEntry';
import type { Prompt } from '../src-shared/model/prompt';
import { textPrompt } from './prompts';
import { writeSeedFolder } from './library';
import { nowMs, summarize } from './stats';

const run = promisify(execFile);

/** Results keyed as in results.json. */
export type BenchValues = Record<string, number>;

/** Runs one operation repeatedly for a slice of time; returns per-operation latencies. */
function slice(durationMs: number, op: () => void): number[] {
  const latencies: number[] = [];
  const start = nowMs();
  while (nowMs() - start < durationMs) {
    const before = nowMs();
    op();
    latencies.push(nowMs() - before);
  }
  return latencies;
}

/** Saves new versions of one prompt through `prompts.save`, each call one more version. */
function versionSaver(dbPath: string, durable: boolean): { save: () => void; dispose: () => void } {
  const services = createServices({ dbPath, actor: 'bench' });
  if (!durable) services.db.pragma('synchronous = OFF');
  const synchronous = services.db.pragma('synchronous', { simple: true });
  if (durable && synchronous !== 2) {
    services.dispose();
    throw new Error(`save bench: synchronous is ${String(synchronous)}, not FULL`);
  }
  const base = textPrompt('bench_saves');
  const template = base.template;
  if (!template) throw new Error('save bench: the prompt has no template');
  let version = services.prompts.save({ document: base }).version;
  let index = 0;
  return {
    save() {
      index += 1;
      const document: Prompt = {
        ...base,
        template: { ...template, content: `${template.content}\n(edit ${index})` },
      };
      const saved = services.prompts.save({
        document,
        base: version,
        bump: 'patch',
        changelog: `edit ${index}`,
      });
      version = saved.version;
    },
    dispose: () => services.dispose(),
  };
}

/**
 * The floor under durable saves on this disk: bare one-row commits of SQLite itself with the
 * library's settings (WAL, synchronous=FULL), each a 1 KB insert in its own transaction.
 */
function bareCommitter(dbPath: string): { commit: () => void; dispose: () => void } {
  const db = new BetterSqlite3(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const row = 'x'.repeat(1024);
  return { commit: () => void insert.run(row), dispose: () => db.close() };
}

/**
 * Durable saves (WAL, synchronous=FULL: each save its own fsynced commit) through the service,
 * interleaved in `rounds` slices with bare SQLite commits on the same disk, so both see the
 * same disk and the same load. Their ratio shows what the service adds to the fsync it cannot
 * avoid. Then the same saves with syncing off on that connection, to show the CPU cost alone.
 */
export function runSaveBench(rounds: number, sliceMs: number): BenchValues {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-save-'));
  const saver = versionSaver(join(dir, 'save.db'), true);
  const floor = bareCommitter(join(dir, 'floor.db'));
  const cpuSaver = versionSaver(join(dir, 'save-cpu.db'), false);
  try {
    const saves: number[] = [];
    const commits: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      commits.push(...slice(sliceMs / 2, floor.commit));
      saves.push(...slice(sliceMs, saver.save));
    }
    const cpu = slice(sliceMs, cpuSaver.save);
    const rate = (samples: number[]) =>
      (samples.length / samples.reduce((a, b) => a + b, 0)) * 1000;
    const summary = summarize(saves);
    return {
      'store.save_version_ops_s': rate(saves),
      'store.save_version_p50_ms': summary.median,
      'store.save_version_p95_ms': summary.p95,
      'store.save_version_n': summary.n,
      'store.sqlite_full_commits_s': rate(commits),
      'store.save_vs_sqlite_commit': rate(saves) / rate(commits),
      'store.save_version_cpu_ops_s': rate(cpu),
    };
  } finally {
    saver.dispose();
    floor.dispose();
    cpuSaver.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What people type into the library search: topics, prefixes as they type, ids, two words. */
export const SEARCH_QUERIES = [
  'invoices',
  'refu',
  'onboarding',
  'summ',
  'translation',
  'code review',
  'mark',
  'security',
  'p0421',
  'word512',
  'hello subject',
  'analytics group7',
  'support',
  'legal',
  'recr',
  'benchmark prompt',
  'Benchmark prompt number 9876',
  'nothing-matches-this',
];

/**
 * Full-text search latency over the library in `dbPath` through `prompts.list`, as the library
 * panel asks (first page of 200 rows plus the total). Every query runs `rounds` times.
 */
export function runSearchBench(dbPath: string, rounds: number): BenchValues {
  const services = createServices({ dbPath, actor: 'bench' });
  try {
    const total = services.prompts.list({ limit: 1 }).total;
    const latencies: number[] = [];
    // Warm the statement cache and the page cache once, as a running app would be.
    for (const search of SEARCH_QUERIES) services.prompts.list({ search, limit: 200 });
    for (let round = 0; round < rounds; round += 1) {
      for (const search of SEARCH_QUERIES) {
        const before = nowMs();
        services.prompts.list({ search, limit: 200 });
        latencies.push(nowMs() - before);
      }
    }
    const summary = summarize(latencies);
    return {
      'search.p95_ms_10k': summary.p95,
      'search.p50_ms_10k': summary.median,
      'search.p99_ms_10k': summary.p99,
      'search.library_size': total,
      'search.n': latencies.length,
    };
  } finally {
    services.dispose();
  }
}

/**
 * Imports a folder of `files` seed-format prompt files into a fresh database through
 * LibraryFiles (the code behind `pwb import` and the app's Import), each run in its own
 * process (see importOnce.ts), and reports the median files per second with the secret scan
 * on (as users get it) and off, and whether the runs used worker threads (1) or not (0).
 */
export async function runImportBench(files: number, runs: number): Promise<BenchValues> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-import-'));
  try {
    const folder = join(dir, 'library');
    writeSeedFolder(folder, files);
    // From TypeScript source the worker is bundled once into node_modules/.cache (the app
    // ships it prebuilt); build it before timing, as the app's build step would.
    await importWorkerEntry(
      new URL('../electron/services/files/importPool.ts', import.meta.url).href,
    );
    const rates: Record<'scan' | 'no-scan', number[]> = { scan: [], 'no-scan': [] };
    const cpu: Record<'scan' | 'no-scan', number[]> = { scan: [], 'no-scan': [] };
    let threaded = 1;
    for (let run = 0; run < runs; run += 1) {
      for (const mode of ['scan', 'no-scan'] as const) {
        const result = await importInChild(folder, join(dir, `import-${run}-${mode}.db`), mode);
        if (result.prompts !== files) {
          throw new Error(`import bench: imported ${result.prompts} prompts, not ${files}`);
        }
        if (result.mode !== 'threads') threaded = 0;
        rates[mode].push((files / result.ms) * 1000);
        cpu[mode].push(result.cpuMs);
      }
    }
    return {
      'import.files_per_s': summarize(rates.scan).median,
      'import.files_per_s_without_secret_scan': summarize(rates['no-scan']).median,
      // CPU time of all the import's threads: what the import costs whatever else runs.
      'import.cpu_ms': summarize(cpu.scan).median,
      'import.cpu_ms_without_secret_scan': summarize(cpu['no-scan']).median,
      'import.files': files,
      'import.threaded': threaded,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What importOnce.ts prints. */
export interface ImportRun {
  ms: number;
  /** The write alone (the one transaction). */
  writeMs: number;
  cpuMs: number;
  prompts: number;
  versions: number;
  mode: string;
}

/** One import of `folder` into `dbPath` (a SQLite file or a postgres:// URL) in its own process. */
export async function importInChild(
  folder: string,
  dbPath: string,
  mode: 'scan' | 'no-scan',
): Promise<ImportRun> {
  const script = fileURLToPath(new URL('./importOnce.ts', import.meta.url));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', script, folder, dbPath, mode],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 120_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ImportRun;
}
