// Where evaluation runs, their prompts and each prompt's baseline are kept: a port the evaluation
// service writes through (SQLite here, PostgreSQL in `postgres/pgEvaluation.ts`), and the test
// cases it reads. Methods may answer at once (SQLite) or as promises (PostgreSQL).
import { AppError } from '../../../src-shared/errors';
import type { EvalCell, EvalRun, EvalRunSummary } from '../../../src-shared/evaluation/runs';
import type { TestCase } from '../../../src-shared/evaluation/testCases';
import type { Database } from '../store/database';
import type { AddMode } from './testCaseService';

/** A value now, or later. */
export type Maybe<T> = T | Promise<T>;

/** The test cases of each prompt (they belong to the prompt id, not a version). */
export interface TestCaseStore {
  /** The prompt's cases in their order ([] when it has none). */
  list(promptId: string): Maybe<TestCase[]>;
  /** Ids of every prompt that has at least one case, sorted. */
  promptsWithCases(): Maybe<string[]>;
  /** Replaces all of the prompt's cases (checked first; nothing written on error). */
  replace(promptId: string, cases: unknown, where?: string): Maybe<TestCase[]>;
  /** Appends cases; a name already used is refused, or replaced with `replace`. */
  add(promptId: string, cases: TestCase[], mode?: AddMode): Maybe<TestCase[]>;
}

/** Stored evaluation runs and baselines. */
export interface EvalRunStore {
  /** Runs newest first, of one prompt or all, each naming the prompts it is the baseline of. */
  list(promptId?: string): Maybe<EvalRunSummary[]>;
  /** One run, or null. */
  find(id: string): Maybe<EvalRun | null>;
  /** The baseline cells of each of `prompts` that has a baseline, and the runs they come from. */
  baselines(prompts: readonly string[]): Maybe<{ runs: string[]; cells: EvalCell[] }>;
  /** Keeps a finished run (and, with `asBaseline`, makes it its prompts' baseline) at once. */
  insert(run: EvalRun, prompts: readonly string[], asBaseline: boolean): Maybe<void>;
  /** Makes run `id` the baseline of `prompts`. */
  mark(id: string, prompts: readonly string[], at: string): Maybe<void>;
}

/** The run a stored id names; `not_found` otherwise. */
export async function requireRun(store: EvalRunStore, id: string): Promise<EvalRun> {
  const run = await store.find(id);
  if (!run) throw new AppError('not_found', `run '${id}' not found`, { run: id });
  return run;
}

/** Evaluation runs in a SQLite library. */
export class SqliteEvalRuns implements EvalRunStore {
  constructor(private readonly db: Database) {}

  list(promptId?: string): EvalRunSummary[] {
    const rows = (
      promptId === undefined
        ? this.db
            .prepare(
              'SELECT id, started_at, prompts, passed, failed FROM eval_runs ORDER BY started_at DESC, rowid DESC',
            )
            .all()
        : this.db
            .prepare(
              `SELECT r.id, r.started_at, r.prompts, r.passed, r.failed FROM eval_runs r
               JOIN eval_run_prompts p ON p.run_id = r.id WHERE p.prompt_id = ?
               ORDER BY r.started_at DESC, r.rowid DESC`,
            )
            .all(promptId)
    ) as { id: string; started_at: string; prompts: string; passed: number; failed: number }[];
    const baselines = this.db
      .prepare('SELECT prompt_id, run_id FROM eval_baselines ORDER BY prompt_id')
      .all() as { prompt_id: string; run_id: string }[];
    return summaries(rows, baselines);
  }

  find(id: string): EvalRun | null {
    const row = this.db.prepare('SELECT document FROM eval_runs WHERE id = ?').get(id) as
      { document: string } | undefined;
    return row ? (JSON.parse(row.document) as EvalRun) : null;
  }

  baselines(prompts: readonly string[]): { runs: string[]; cells: EvalCell[] } {
    const runs = new Set<string>();
    const cells: EvalCell[] = [];
    const find = this.db.prepare('SELECT run_id FROM eval_baselines WHERE prompt_id = ?');
    for (const prompt of prompts) {
      const row = find.get(prompt) as { run_id: string } | undefined;
      const run = row && this.find(row.run_id);
      if (!row || !run) continue;
      runs.add(row.run_id);
      cells.push(...run.cells.filter((cell) => cell.prompt === prompt));
    }
    return { runs: [...runs], cells };
  }

  insert(run: EvalRun, prompts: readonly string[], asBaseline: boolean): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO eval_runs (id, started_at, finished_at, prompts, passed, failed, document) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(...runRowValues(run, prompts));
      const link = this.db.prepare(
        'INSERT INTO eval_run_prompts (run_id, prompt_id) VALUES (?, ?)',
      );
      for (const prompt of prompts) link.run(run.id, prompt);
      if (asBaseline) this.mark(run.id, prompts, run.finished_at);
    })();
  }

  mark(id: string, prompts: readonly string[], at: string): void {
    const upsert = this.db.prepare(
      `INSERT INTO eval_baselines (prompt_id, run_id, marked_at) VALUES (?, ?, ?)
       ON CONFLICT (prompt_id) DO UPDATE SET run_id = excluded.run_id, marked_at = excluded.marked_at`,
    );
    this.db.transaction(() => {
      for (const prompt of prompts) upsert.run(prompt, id, at);
    })();
  }
}

/**
 * The values of a run's `eval_runs` row, in the order `id, started_at, finished_at, prompts,
 * passed, failed, document` (the prompts and the whole run as JSON text), for either engine.
 */
export function runRowValues(
  run: EvalRun,
  prompts: readonly string[],
): [string, string, string, string, number, number, string] {
  return [
    run.id,
    run.started_at,
    run.finished_at,
    JSON.stringify(prompts),
    run.summary.passed,
    run.summary.failed,
    JSON.stringify(run),
  ];
}

/** Run rows as summaries, each naming the prompts it is the baseline of. */
export function summaries(
  rows: readonly {
    id: string;
    started_at: string;
    prompts: string | string[];
    passed: number;
    failed: number;
  }[],
  baselines: readonly { prompt_id: string; run_id: string }[],
): EvalRunSummary[] {
  return rows.map((row) => ({
    id: row.id,
    started_at: row.started_at,
    prompts: typeof row.prompts === 'string' ? (JSON.parse(row.prompts) as string[]) : row.prompts,
    passed: row.passed,
    failed: row.failed,
    baseline_of: baselines.filter((b) => b.run_id === row.id).map((b) => b.prompt_id),
  }));
}
