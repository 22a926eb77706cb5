// The import and export port over a PostgreSQL library: an import is one transaction on one
// connection (the database refuses a role's writes, and rolls the whole import back), written in
// a few multi-row statements (pgImportWriter), and an export reads the library in a few queries.
import type pg from 'pg';
import { AppError } from '../../../src-shared/errors';
import type { TestCase } from '../../../src-shared/evaluation/testCases';
import type { Prompt } from '../../../src-shared/model/prompt';
import { compareVersions } from '../../../src-shared/version';
import type { LibraryFilesPort, PromptToExport } from '../files/libraryPort';
import { BatchedImportWriter } from './pgImportWriter';
import type { PostgresLibrary } from './pgLibrary';
import { PgPartialStore } from './pgPartials';
import { PgSchemaStore } from './pgSchemas';

/** The port over a PostgreSQL library (see LibraryFiles). */
export function postgresFilesPort(
  library: PostgresLibrary,
  clock: () => Date = () => new Date(),
): LibraryFilesPort {
  const schemas = new PgSchemaStore(library, clock);
  const partials = new PgPartialStore(library, clock);
  const stores = { library, schemas, partials, clock };
  return {
    importing: (work) =>
      library.transaction('import into this library', async (client) => {
        const writer = new BatchedImportWriter(client, stores);
        const value = await work(writer);
        await writer.finish();
        return value;
      }),
    contents: () =>
      library.read('read the library to export', async () => {
        const client = await library.pool.connect();
        try {
          // One snapshot of the whole library, while others keep writing.
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          const contents = await readContents(client);
          await client.query('COMMIT');
          return {
            ...contents,
            schemas: await schemas.all(),
            schemaSources: await schemas.sources(),
            partials: await partials.all(),
          };
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }),
  };
}

/** Prompts (every version, labels) and test cases, read in one snapshot. */
async function readContents(
  client: pg.PoolClient,
): Promise<{ prompts: PromptToExport[]; tests: { id: string; cases: TestCase[] }[] }> {
  const [current, versions, labels, cases] = [
    await client.query<{ id: string; current_version: string }>(
      'SELECT id, current_version FROM prompts ORDER BY id',
    ),
    await client.query<{
      prompt_id: string;
      version: string;
      document: Prompt;
      changelog: string | null;
      author: string | null;
      created_at: Date;
    }>(
      `SELECT prompt_id, version, document, changelog, author, created_at FROM prompt_versions
        ORDER BY prompt_id`,
    ),
    await client.query<{ prompt_id: string; label: string; version: string }>(
      `SELECT prompt_id, label, version FROM prompt_labels
        ORDER BY prompt_id, CASE label WHEN 'production' THEN 0 WHEN 'staging' THEN 1 ELSE 2 END,
          label`,
    ),
    await client.query<{ prompt_id: string; document: string }>(
      'SELECT prompt_id, document FROM test_cases ORDER BY prompt_id, position',
    ),
  ];
  const byPrompt = new Map<string, PromptToExport['versions']>();
  for (const row of versions.rows) {
    const list = byPrompt.get(row.prompt_id) ?? [];
    list.push({
      prompt: row.document,
      changelog: row.changelog,
      author: row.author,
      created_at: row.created_at.toISOString(),
    });
    byPrompt.set(row.prompt_id, list);
  }
  const pointers = new Map<string, Record<string, string>>();
  for (const row of labels.rows) {
    const set = pointers.get(row.prompt_id) ?? {};
    Object.defineProperty(set, row.label, { value: row.version, enumerable: true });
    pointers.set(row.prompt_id, set);
  }
  const prompts = current.rows.map(({ id, current_version }) => {
    const list = (byPrompt.get(id) ?? []).sort((a, b) =>
      compareVersions(b.prompt.version, a.prompt.version),
    );
    const found = list.find((entry) => entry.prompt.version === current_version);
    if (!found) throw new AppError('internal', `Prompt '${id}' has no current version row`);
    return { current: found.prompt, versions: list, labels: pointers.get(id) ?? {} };
  });
  const testsByPrompt = new Map<string, TestCase[]>();
  for (const row of cases.rows) {
    const list = testsByPrompt.get(row.prompt_id) ?? [];
    list.push(JSON.parse(row.document) as TestCase);
    testsByPrompt.set(row.prompt_id, list);
  }
  return {
    prompts,
    tests: [...testsByPrompt].map(([id, list]) => ({ id, cases: list })),
  };
}
