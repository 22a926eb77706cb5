// `npm run bench`: runs every benchmark, prints the table and writes bench/results.json.
// Options: --quick (fewer rounds, for trying things out),
// --only=render,store,import,ui,models,faults,stream,eval,postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createServices } from '../electron/services/index';
import { buildLibraryDb } from './library';
import { largeTemplate, textPrompt } from './prompts';
import {
  runImportMemoryBench,
  runMetricsSummaryBench,
  runRenderUnderWriterBench,
} from './faults.bench';
import { runModelBench } from './models.bench';
import { addMatrixPrompt, runMatrixBench, runTypingDuringMatrixBench } from './evaluation.bench';
import { startModelServer } from '../electron/testKit/modelServer';
import { runPgMetricsBench } from './pgMetrics.bench';
import { runPostgresBench } from './postgres.bench';
import { runPgImportBench } from './pgImport.bench';
import { acquirePostgres, releasePostgres } from '../electron/testKit/postgresServer';
import { runRenderBench } from './render.bench';
import { addStreamPrompt, runStreamBench, startStreamModels } from './stream.bench';
import { REQUIRED_KEYS, renderTable, writeResults } from './report';
import type { Results } from './report';
import { REPO_ROOT, startServe, stopAllServers } from './serve';
import { nowMs } from './stats';
import { runImportBench, runSaveBench, runSearchBench } from './store.bench';
import {
  launchChromium,
  runColdStartBench,
  runKeystrokeBench,
  runLibrary10kBench,
} from './ui.bench';

const GROUPS = [
  'render',
  'store',
  'import',
  'ui',
  'models',
  'faults',
  'stream',
  'eval',
  'postgres',
] as const;
type Group = (typeof GROUPS)[number];

interface Plan {
  quick: boolean;
  groups: ReadonlySet<Group>;
}

function readPlan(argv: readonly string[]): Plan {
  const only = argv.find((arg) => arg.startsWith('--only='));
  const groups = only
    ? new Set(only.slice('--only='.length).split(',') as Group[])
    : new Set<Group>(GROUPS);
  for (const group of groups) {
    if (!GROUPS.includes(group)) throw new Error(`unknown group '${group}' (${GROUPS.join(', ')})`);
  }
  return { quick: argv.includes('--quick'), groups };
}

/** No step may run longer than this (the whole run must stay under 10 minutes). */
const STEP_LIMIT_MS = 120_000;
const UI_LIMIT_MS = 300_000;

/** Rejects when `work` takes longer than `ms`; the work itself is abandoned, not stopped. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

const LARGE_ID = 'bench_large';
const LARGE_TAIL = 'Typed so far: ';

async function main(): Promise<number> {
  const plan = readPlan(process.argv.slice(2));
  const started = nowMs();
  const results: Results = { 'run.load_avg_1m_start': loadavg()[0] ?? null };
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-'));
  const step = async (
    name: string,
    run: () => Promise<Record<string, number>> | Record<string, number>,
    limitMs = STEP_LIMIT_MS,
  ) => {
    const before = nowMs();
    process.stderr.write(`bench: ${name}…\n`);
    try {
      Object.assign(results, await withTimeout(Promise.resolve().then(run), limitMs));
    } catch (error) {
      errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    results[`run.${name}_s`] = (nowMs() - before) / 1000;
    process.stderr.write(`bench: ${name} took ${((nowMs() - before) / 1000).toFixed(1)} s\n`);
  };

  try {
    if (plan.groups.has('render')) {
      const options = plan.quick
        ? { rounds: 5, roundMs: 100, warmupMs: 300 }
        : { rounds: 15, roundMs: 200, warmupMs: 1000 };
      await step('render', () => runRenderBench(options));
    }
    const library10k = join(dir, 'library-10k.db');
    const needs10k =
      plan.groups.has('store') || plan.groups.has('ui') || plan.groups.has('postgres');
    if (needs10k) await step('build_10k', () => (buildLibraryDb(library10k, 10_000), {}));
    if (plan.groups.has('store')) {
      await step('save_version', () => runSaveBench(plan.quick ? 3 : 6, plan.quick ? 300 : 1000));
      await step('search', () => runSearchBench(library10k, plan.quick ? 5 : 30));
    }
    if (plan.groups.has('import')) {
      await step('import', () => runImportBench(2000, plan.quick ? 1 : 3));
    }
    if (plan.groups.has('models')) {
      await step('models', () => runModelBench({ rounds: plan.quick ? 20 : 100, cells: 200 }));
    }
    if (plan.groups.has('ui')) {
      await step('ui', () => runUiBenches(dir, library10k, plan.quick), UI_LIMIT_MS);
    }
    if (plan.groups.has('postgres')) {
      await step('postgres', () =>
        runPostgresBench(dir, library10k, {
          saves: plan.quick ? 100 : 500,
          rounds: plan.quick ? 5 : 30,
          writerMs: plan.quick ? 1000 : 3000,
          notifications: plan.quick ? 50 : 200,
          readApiMs: plan.quick ? 1000 : 3000,
        }),
      );
      await step('pg_import', async () => {
        const server = await acquirePostgres();
        try {
          return await runPgImportBench(server, 1000, plan.quick ? 2 : 4);
        } finally {
          await releasePostgres();
        }
      });
      // Filling a million events and their histograms takes a minute or two on its own.
      await step('pg_metrics_1m', () => runPgMetricsBench(1_000_000, plan.quick ? 3 : 9), 300_000);
    }
    if (plan.groups.has('faults')) {
      await step('contention', () => runRenderUnderWriterBench(plan.quick ? 300 : 1000, 20));
      await step('metrics_1m', () =>
        runMetricsSummaryBench(plan.quick ? 200_000 : 1_000_000, plan.quick ? 3 : 9),
      );
      await step('import_50k', () => runImportMemoryBench(plan.quick ? 10_000 : 50_000));
    }
    if (plan.groups.has('stream')) {
      await step('stream', () => runStreamStep(dir, plan.quick));
    }
    if (plan.groups.has('eval')) {
      await step('eval_matrix', () => runMatrixBench([4, 8]));
      await step('eval_typing', () => runEvalTypingStep(dir, plan.quick), UI_LIMIT_MS);
    }
  } finally {
    await stopAllServers();
    rmSync(dir, { recursive: true, force: true });
  }

  results['run.duration_s'] = (nowMs() - started) / 1000;
  results['run.load_avg_1m_end'] = loadavg()[0] ?? null;
  const file = join(REPO_ROOT, 'bench', 'results.json');
  writeResults(file, results);
  process.stdout.write(`${renderTable(results, errors)}\n\nWrote ${file}\n`);
  const missing = REQUIRED_KEYS.filter((name) => typeof results[name] !== 'number');
  return missing.length > 0 && plan.groups.size === GROUPS.length ? 1 : 0;
}

/** The Chromium benchmarks: a 500-prompt library (cold start, typing) and the 10k library. */
async function runUiBenches(
  dir: string,
  library10k: string,
  quick: boolean,
): Promise<Record<string, number>> {
  ensurePageBuilt();
  const library500 = join(dir, 'library-500.db');
  buildLibraryDb(library500, 500);
  addLargePrompt(library500);
  progress('500-prompt library');

  const values: Record<string, number> = {};
  const browser = await launchChromium();
  progress('Chromium launch');
  try {
    const small = await startServe(library500);
    progress('server start');
    try {
      Object.assign(values, await runColdStartBench(browser, small, quick ? 3 : 9));
      progress('cold start');
      Object.assign(
        values,
        await runKeystrokeBench(
          browser,
          small,
          { id: LARGE_ID, variables: { name: 'Ada', topic: 'tests' }, tail: LARGE_TAIL },
          quick ? 40 : 200,
        ),
      );
      progress('keystrokes');
    } finally {
      await small.stop();
    }
    const large = await startServe(library10k);
    try {
      Object.assign(values, await runLibrary10kBench(browser, large, quick ? 3 : 7));
      progress('10k library');
    } finally {
      await large.stop();
    }
  } finally {
    await browser.close();
  }
  return values;
}

/** Typing in the editor while a 200-cell matrix streams into the page (a 150 ms server). */
async function runEvalTypingStep(dir: string, quick: boolean): Promise<Record<string, number>> {
  ensurePageBuilt();
  const models = await startModelServer({ latencyMs: 150 });
  const browser = await launchChromium();
  try {
    const dbPath = join(dir, 'library-matrix.db');
    addMatrixPrompt(dbPath, models);
    const served = await startServe(dbPath);
    try {
      return await runTypingDuringMatrixBench(browser, served, quick ? 40 : 100);
    } finally {
      await served.stop();
    }
  } finally {
    await browser.close();
    await models.close();
  }
}

/** Tokens streamed to the Run panel in Chromium, against the local protocol server. */
async function runStreamStep(dir: string, quick: boolean): Promise<Record<string, number>> {
  ensurePageBuilt();
  const models = await startStreamModels();
  const browser = await launchChromium();
  try {
    const dbPath = join(dir, 'library-stream.db');
    addStreamPrompt(dbPath, models);
    const served = await startServe(dbPath);
    try {
      return await runStreamBench(browser, served, models, { runs: quick ? 1 : 3, tokens: 100 });
    } finally {
      await served.stop();
    }
  } finally {
    await browser.close();
    await models.close();
  }
}

function progress(what: string): void {
  process.stderr.write(`bench:   ${what} done\n`);
}

/** Saves the ~20 KB template the keystroke benchmark types into. */
function addLargePrompt(dbPath: string): void {
  const services = createServices({ dbPath, actor: 'bench' });
  try {
    const prompt = textPrompt(LARGE_ID);
    const template = prompt.template;
    if (!template) throw new Error('bench: the large prompt has no template');
    services.prompts.save({
      document: {
        ...prompt,
        template: { ...template, content: `${largeTemplate()}\n${LARGE_TAIL}` },
      },
    });
  } finally {
    services.dispose();
  }
}

/**
 * Builds the page into out/renderer (the server serves it from there). Always: a build left by
 * an earlier checkout would measure old code.
 */
function ensurePageBuilt(): void {
  process.stderr.write('bench: building the page (npx vite build)…\n');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
