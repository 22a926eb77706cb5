// Test cases and evaluation runs on PostgreSQL: the stores the evaluation service writes through
// (the same rules as SQLite's, shared as functions), with the database enforcing who may write.
import type pg from 'pg';
import { AppError } from '../../../src-shared/errors';
import type { EvalCell, EvalRun, EvalRunSummary } from '../../../src-shared/evaluation/runs';
import { readTestCases, type TestCase } from '../../../src-shared/evaluation/testCases';
import type { EvalRunStore, TestCaseStore } from '../evaluation/evalRunStore';
import { runRowValues, summaries } from '../evaluation/evalRunStore';
import type { AddMode } from '../evaluation/testCaseService';
import { mergeTestCases, testCasesAudit } from '../evaluation/testCaseService';
import type { PostgresLibrary } from './pgLibrary';
import { audit } from './pgLibrary';

type Queryable = pg.Pool | pg.PoolClient;

/** Test cases in one PostgreSQL library. */
export class PgTestCases implements TestCaseStore {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(promptId: string): Promise<TestCase[]> {
    return this.library.read('read test cases', async () => {
      await requirePrompt(this.library.pool, promptId);
      return readCases(this.library.pool, promptId);
    });
  }

  async promptsWithCases(): Promise<string[]> {
    return this.library.read('read test cases', async () => {
      const rows = await this.library.pool.query<{ prompt_id: string }>(
        'SELECT DISTINCT prompt_id FROM test_cases ORDER BY prompt_id',
      );
      return rows.rows.map((row) => row.prompt_id);
    });
  }

  async replace(
    promptId: string,
    cases: unknown,
    where = `${promptId}.tests`,
  ): Promise<TestCase[]> {
    return this.library.transaction('save test cases', (client) =>
      this.replaceIn(client, promptId, cases, where),
    );
  }

  async add(promptId: string, cases: TestCase[], mode: AddMode = 'refuse'): Promise<TestCase[]> {
    return this.write(
      promptId,
      (before) => mergeTestCases(promptId, before, cases, mode),
      `added ${cases.length} test case(s)`,
    );
  }

  /** replace inside the caller's transaction (an import's). */
  async replaceIn(
    client: pg.PoolClient,
    promptId: string,
    cases: unknown,
    where = `${promptId}.tests`,
  ): Promise<TestCase[]> {
    const checked = readTestCases(cases, where);
    return this.writeIn(client, promptId, () => checked, `${checked.length} test case(s)`);
  }

  /** Replaces the prompt's cases with what `next` makes of them, in one transaction. */
  private async write(
    promptId: string,
    next: (before: TestCase[]) => TestCase[],
    summary: string,
  ): Promise<TestCase[]> {
    return this.library.transaction('save test cases', (client) =>
      this.writeIn(client, promptId, next, summary),
    );
  }

  private async writeIn(
    client: pg.PoolClient,
    promptId: string,
    next: (before: TestCase[]) => TestCase[],
    summary: string,
  ): Promise<TestCase[]> {
    // One writer of a prompt's cases at a time: the prompt's row is the lock.
    const found = await client.query('SELECT 1 FROM prompts WHERE id = $1 FOR SHARE', [promptId]);
    if (found.rows.length === 0) throw promptNotFound(promptId);
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tests:${promptId}`]);
    const before = await readCases(client, promptId);
    const after = next(before);
    await client.query('DELETE FROM test_cases WHERE prompt_id = $1', [promptId]);
    const now = this.clock().toISOString();
    for (const [index, testCase] of after.entries()) {
      await client.query(
        `INSERT INTO test_cases (prompt_id, position, name, document, updated_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [promptId, index, testCase.name, JSON.stringify(testCase), now],
      );
    }
    const entry = testCasesAudit(promptId, before, after, summary);
    if (entry) await audit(client, this.clock, entry);
    return after;
  }
}

/** Evaluation runs and baselines in one PostgreSQL library. */
export class PgEvalRuns implements EvalRunStore {
  constructor(private readonly library: PostgresLibrary) {}

  async list(promptId?: string): Promise<EvalRunSummary[]> {
    return this.library.read('read evaluation runs', async () => {
      const pool = this.library.pool;
      const [rows, baselines] = await Promise.all([
        pool.query<{
          id: string;
          started_at: string;
          prompts: string[];
          passed: number;
          failed: number;
        }>(
          `SELECT r.id, r.started_at, r.prompts, r.passed, r.failed FROM eval_runs r
            WHERE $1::text IS NULL
               OR EXISTS (SELECT 1 FROM eval_run_prompts p WHERE p.run_id = r.id AND p.prompt_id = $1)
            ORDER BY r.started_at DESC, r.seq DESC`,
          [promptId ?? null],
        ),
        pool.query<{ prompt_id: string; run_id: string }>(
          'SELECT prompt_id, run_id FROM eval_baselines ORDER BY prompt_id',
        ),
      ]);
      return summaries(rows.rows, baselines.rows);
    });
  }

  async find(id: string): Promise<EvalRun | null> {
    return this.library.read('read evaluation runs', async () => {
      const rows = await this.library.pool.query<{ document: EvalRun }>(
        'SELECT document FROM eval_runs WHERE id = $1',
        [id],
      );
      return rows.rows[0]?.document ?? null;
    });
  }

  async baselines(prompts: readonly string[]): Promise<{ runs: string[]; cells: EvalCell[] }> {
    return this.library.read('read evaluation runs', async () => {
      const rows = await this.library.pool.query<{
        prompt_id: string;
        run_id: string;
        document: EvalRun;
      }>(
        `SELECT b.prompt_id, b.run_id, r.document FROM eval_baselines b
           JOIN eval_runs r ON r.id = b.run_id WHERE b.prompt_id = ANY($1::text[])`,
        [[...prompts]],
      );
      const runs = new Set<string>();
      const cells: EvalCell[] = [];
      for (const prompt of prompts) {
        const row = rows.rows.find((entry) => entry.prompt_id === prompt);
        if (!row) continue;
        runs.add(row.run_id);
        cells.push(...row.document.cells.filter((cell) => cell.prompt === prompt));
      }
      return { runs: [...runs], cells };
    });
  }

  async insert(run: EvalRun, prompts: readonly string[], asBaseline: boolean): Promise<void> {
    const doing = asBaseline ? 'mark baselines' : 'keep evaluation runs';
    await this.library.transaction(doing, async (client) => {
      await client.query(
        `INSERT INTO eval_runs (id, started_at, finished_at, prompts, passed, failed, document)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        runRowValues(run, prompts),
      );
      for (const prompt of prompts) {
        await client.query('INSERT INTO eval_run_prompts (run_id, prompt_id) VALUES ($1, $2)', [
          run.id,
          prompt,
        ]);
      }
      if (asBaseline) await mark(client, run.id, prompts, run.finished_at);
    });
  }

  async mark(id: string, prompts: readonly string[], at: string): Promise<void> {
    await this.library.transaction('mark baselines', (client) => mark(client, id, prompts, at));
  }
}

async function mark(
  client: pg.PoolClient,
  id: string,
  prompts: readonly string[],
  at: string,
): Promise<void> {
  for (const prompt of prompts) {
    await client.query(
      `INSERT INTO eval_baselines (prompt_id, run_id, marked_at) VALUES ($1, $2, $3)
       ON CONFLICT (prompt_id) DO UPDATE SET run_id = excluded.run_id,
         marked_at = excluded.marked_at, marked_by = session_user`,
      [prompt, id, at],
    );
  }
}

async function readCases(client: Queryable, promptId: string): Promise<TestCase[]> {
  const rows = await client.query<{ document: string }>(
    'SELECT document FROM test_cases WHERE prompt_id = $1 ORDER BY position',
    [promptId],
  );
  return rows.rows.map((row) => JSON.parse(row.document) as TestCase);
}

async function requirePrompt(client: Queryable, promptId: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM prompts WHERE id = $1', [promptId]);
  if (found.rows.length === 0) throw promptNotFound(promptId);
}

function promptNotFound(promptId: string): AppError {
  return new AppError('not_found', `prompt '${promptId}' not found`, { id: promptId });
}
