// The test cases of each prompt, kept in the library in their order, every change audited.
import { AppError } from '../../../src-shared/errors';
import { readTestCases, type TestCase } from '../../../src-shared/evaluation/testCases';
import type { AuditRecord, AuditService } from '../audit/auditService';
import { sha256Hex } from '../store/contentHash';
import type { Database } from '../store/database';

/** Dependencies of the test case service. */
export interface TestCaseServiceDeps {
  clock: () => Date;
  audit: AuditService;
}

/** How added cases meet existing ones of the same name. */
export type AddMode = 'refuse' | 'replace';

/** Stores test cases per prompt id (cases belong to the prompt, not to a version). */
export class TestCaseService {
  constructor(
    private readonly db: Database,
    private readonly deps: TestCaseServiceDeps,
  ) {}

  /** The prompt's cases in their order ([] when it has none). */
  list(promptId: string): TestCase[] {
    this.requirePrompt(promptId);
    return this.read(promptId);
  }

  /** Ids of every prompt that has at least one case, sorted. */
  promptsWithCases(): string[] {
    const rows = this.db
      .prepare('SELECT DISTINCT prompt_id FROM test_cases ORDER BY prompt_id')
      .all() as { prompt_id: string }[];
    return rows.map((row) => row.prompt_id);
  }

  /** Replaces all of the prompt's cases with `cases` (checked first; nothing written on error). */
  replace(promptId: string, cases: unknown, where = `${promptId}.tests`): TestCase[] {
    const checked = readTestCases(cases, where);
    this.db.transaction(() => {
      this.requirePrompt(promptId);
      const before = this.read(promptId);
      this.db.prepare('DELETE FROM test_cases WHERE prompt_id = ?').run(promptId);
      this.write(promptId, checked, 0);
      this.audit(promptId, before, checked, `${checked.length} test case(s)`);
    })();
    return checked;
  }

  /**
   * Appends `cases` after the existing ones (rows from a CSV or JSONL file). A name already used
   * is refused naming it, or, with `replace`, replaces that case where it stands.
   */
  add(promptId: string, cases: TestCase[], mode: AddMode = 'refuse'): TestCase[] {
    return this.db.transaction(() => {
      this.requirePrompt(promptId);
      const before = this.read(promptId);
      const checked = mergeTestCases(promptId, before, cases, mode);
      this.db.prepare('DELETE FROM test_cases WHERE prompt_id = ?').run(promptId);
      this.write(promptId, checked, 0);
      this.audit(promptId, before, checked, `added ${cases.length} test case(s)`);
      return checked;
    })();
  }

  private read(promptId: string): TestCase[] {
    const rows = this.db
      .prepare('SELECT document FROM test_cases WHERE prompt_id = ? ORDER BY position')
      .all(promptId) as { document: string }[];
    return rows.map((row) => JSON.parse(row.document) as TestCase);
  }

  private write(promptId: string, cases: TestCase[], from: number): void {
    const insert = this.db.prepare(
      'INSERT INTO test_cases (prompt_id, position, name, document, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    const now = this.deps.clock().toISOString();
    cases.forEach((testCase, index) => {
      insert.run(promptId, from + index, testCase.name, JSON.stringify(testCase), now);
    });
  }

  private audit(promptId: string, before: TestCase[], after: TestCase[], summary: string): void {
    const entry = testCasesAudit(promptId, before, after, summary);
    if (entry) this.deps.audit.record(entry);
  }

  private requirePrompt(promptId: string): void {
    const found = this.db.prepare('SELECT 1 FROM prompts WHERE id = ?').get(promptId);
    if (!found) {
      throw new AppError('not_found', `prompt '${promptId}' not found`, { id: promptId });
    }
  }
}

/**
 * The prompt's cases with `cases` added after them (rows from a CSV or JSONL file), checked. A
 * name already used is refused naming it, or, with `replace`, replaced where it stands.
 */
export function mergeTestCases(
  promptId: string,
  before: readonly TestCase[],
  cases: readonly TestCase[],
  mode: AddMode,
): TestCase[] {
  const merged = [...before];
  for (const testCase of cases) {
    const at = merged.findIndex((existing) => existing.name === testCase.name);
    if (at === -1) {
      merged.push(testCase);
    } else if (mode === 'replace') {
      merged[at] = testCase;
    } else {
      throw new AppError(
        'conflict',
        `Prompt '${promptId}' already has a test case named '${testCase.name}'`,
        { prompt: promptId, name: testCase.name },
      );
    }
  }
  return readTestCases(merged, `${promptId}.tests`);
}

/** The audit entry of a change to a prompt's cases; null when they did not change. */
export function testCasesAudit(
  promptId: string,
  before: readonly TestCase[],
  after: readonly TestCase[],
  summary: string,
): AuditRecord | null {
  const hash = (cases: readonly TestCase[]) =>
    cases.length ? sha256Hex(JSON.stringify(cases)) : null;
  if (hash(before) === hash(after)) return null;
  return {
    action: 'tests_save',
    entity_type: 'prompt',
    entity_id: promptId,
    before_hash: hash(before),
    after_hash: hash(after),
    summary,
  };
}
