// The import and export port over a PostgreSQL library: an import is one transaction on one
// connection (the database refuses a role's writes, and rolls the whole import back), and an
// export reads the library in a few queries.
import type pg from 'pg';
import { AppError } from '../../../src-shared/errors';
import type { TestCase } from '../../../src-shared/evaluation/testCases';
import type { Prompt } from '../../../src-shared/model/prompt';
import { compareVersions } from '../../../src-shared/version';
import { registryEntry } from '../prompts/versionEncoding';
import type { ImportWriter, LibraryFilesPort, PromptToExport } from '../files/libraryPort';
import { PgTestCases } from './pgEvaluation';
import type { PostgresLibrary } from './pgLibrary';
import { audit, notify, writeRegistryEntry } from './pgLibrary';
import { PgPartialStore } from './pgPartials';
import { PgSchemaStore } from './pgSchemas';

/** The port over a PostgreSQL library (see LibraryFiles). */
export function postgresFilesPort(
  library: PostgresLibrary,
  clock: () => Date = () => new Date(),
): LibraryFilesPort {
  const schemas = new PgSchemaStore(library, clock);
  const partials = new PgPartialStore(library, clock);
  const tests = new PgTestCases(library, clock);
  const writer = (client: pg.PoolClient): ImportWriter => ({
    stored: async (id) => {
      const rows = await client.query<{ current: string; version: string; checksum: string }>(
        `SELECT p.current_version AS current, v.version, v.checksum
           FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id WHERE p.id = $1`,
        [id],
      );
      const first = rows.rows[0];
      if (!first) return undefined;
      return {
        current: first.current,
        checksums: new Map(rows.rows.map((row) => [row.version, row.checksum])),
      };
    },
    insertVersion: async (row, file) => {
      // The database names the author (the user importing), as it does for every save.
      await client.query(
        `INSERT INTO prompt_versions (prompt_id, version, document, changelog, created_at,
           parent_version, checksum) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          row.id,
          row.version,
          row.json,
          row.changelog,
          instant(row.created_at, file, 'created_at'),
          row.parent_version,
          row.checksum,
        ],
      );
    },
    setRegistry: async (entry) => {
      const where = `prompt '${entry.id}'`;
      const found = await client.query('SELECT 1 FROM prompts WHERE id = $1', [entry.id]);
      await writeRegistryEntry(
        client,
        {
          ...entry,
          created_at: instant(entry.created_at, where, 'created_at'),
          updated_at: instant(entry.updated_at, where, 'updated_at'),
        },
        found.rows.length > 0,
      );
    },
    setCurrentStored: async (id, version) => {
      const rows = await client.query<{ document: Prompt }>(
        'SELECT document FROM prompt_versions WHERE prompt_id = $1 AND version = $2',
        [id, version],
      );
      const document = rows.rows[0]?.document;
      if (!document) return;
      await writeRegistryEntry(
        client,
        {
          ...registryEntry(document),
          updated_at: instant(document.updated_at, `prompt '${id}'`, 'updated_at'),
        },
        true,
      );
    },
    announce: (id, version) => notify(client, { kind: 'saved', id, version }),
    audit: (entry) => audit(client, clock, entry),
    replaceTests: async (id, cases, file) =>
      (await tests.replaceIn(client, id, cases, file)).length,
    label: async (id, label) => {
      const rows = await client.query<{ version: string }>(
        'SELECT version FROM prompt_labels WHERE prompt_id = $1 AND label = $2',
        [id, label],
      );
      return rows.rows[0]?.version;
    },
    setLabel: async (id, label, version) => {
      await library.setLabelIn(client, id, label, version);
    },
    saveSchemas: (list, sources) => schemas.saveManyIn(client, list, sources),
    savePartial: (name, content) => partials.saveIn(client, name, content),
  });
  return {
    importing: (work) =>
      library.transaction('import into this library', (client) => work(writer(client))),
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

/** An ISO 8601 date or date-time, as prompt files, history files and snapshots allow it. */
const ISO_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The instant a file's timestamp names, for a timestamptz column: a time without a zone is UTC
 * (SQLite keeps the text, which every reader takes as UTC), kept to the millisecond.
 */
function instant(text: string, where: string, field: string): string {
  const match = ISO_TIMESTAMP.exec(text);
  const [, day, minutes, seconds = '00', fraction = '', zone = 'Z'] = match ?? [];
  const offset =
    zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const date = new Date(
    `${day}T${minutes ?? '00:00'}:${seconds}.${`${fraction}000`.slice(0, 3)}${offset}`,
  );
  if (match === null || Number.isNaN(date.getTime())) {
    throw new AppError('invalid_input', `${where}: ${field} '${text}' is not a date and time`, {
      file: where,
    });
  }
  return date.toISOString();
}
