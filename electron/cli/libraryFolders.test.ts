// `pwb import` and `pwb export` on both engines (a SQLite file, a PostgreSQL database on the test
// kit's server): the same folder makes the same library and the same files, a re-import writes
// nothing, a bad folder writes nothing, and on PostgreSQL the database refuses a viewer's import.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPostgresWorkbench } from '../services/postgres/pgWorkbench';
import { openWorkbench } from '../services/workbench';
import { usePostgres } from '../testKit/postgres';
import { SEED_EXAMPLES } from '../testKit/seedExamples';
import { pwbIn } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-folders-'));
const pwb = pwbIn(dir);
let counter = 0;

/** A new empty library on each engine: a SQLite file and a PostgreSQL database. */
async function libraries(): Promise<{ sqlite: string; postgres: string }> {
  counter += 1;
  return { sqlite: join(dir, `library-${counter}.db`), postgres: await postgres.freshDatabase() };
}

/** Every file below `root` by its path (with `/`), and its text. */
function tree(root: string): Map<string, string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  return new Map(
    files
      .map((file) => [
        file
          .slice(root.length + 1)
          .split(sep)
          .join('/'),
        readFileSync(file, 'utf8'),
      ])
      .sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1)) as [string, string][],
  );
}

async function importJson(db: string, ...paths: string[]) {
  const run = await pwb('--db', db, 'import', ...paths, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { prompts: number; versions: number; schemas: number };
}

/** Exports `db` into a new folder `name-N`; the files written. */
async function exported(db: string, name: string): Promise<Map<string, string>> {
  const out = join(dir, `${name}-${counter}`);
  const run = await pwb('--db', db, 'export', out);
  expect(run.code, run.stderr).toBe(0);
  return tree(out);
}

async function listed(db: string): Promise<unknown> {
  const run = await pwb('--db', db, 'list', '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

interface HistoryLine {
  version: string;
  changelog: string | null;
  author: string | null;
  created_at: string;
}

describe('pwb import and export on SQLite and PostgreSQL', () => {
  let owner = '';
  beforeAll(async () => {
    owner = new URL(postgres.server().adminUrl).username;
  });

  it('imports the seed examples unchanged into the same library and exports the same files', async () => {
    const db = await libraries();
    const fromSqlite = await importJson(db.sqlite, SEED_EXAMPLES);
    const fromPostgres = await importJson(db.postgres, SEED_EXAMPLES);
    expect(fromPostgres).toEqual(fromSqlite);
    expect(fromSqlite).toMatchObject({ prompts: 8, versions: 11, schemas: 11 });
    expect(await listed(db.postgres)).toEqual(await listed(db.sqlite));
    for (const id of ['evolving_prompt', 'greeting']) {
      const shown = await Promise.all(
        [db.sqlite, db.postgres].map((library) => pwb('--db', library, 'show', id, '--json')),
      );
      expect(shown[1]?.stdout).toBe(shown[0]?.stdout);
    }

    const sqliteFiles = await exported(db.sqlite, 'sqlite');
    const postgresFiles = await exported(db.postgres, 'postgres');
    expect([...postgresFiles.keys()]).toEqual([...sqliteFiles.keys()]);
    expect(sqliteFiles.size).toBe(38);
    for (const [path, text] of sqliteFiles) {
      if (!path.endsWith('/_history.yaml')) {
        expect(postgresFiles.get(path), path).toBe(text);
        continue;
      }
      // A history differs in what PostgreSQL decides: the author is the database user who
      // imported (the database stamps it), and the time is kept to the millisecond.
      const sqlite = parse(text) as HistoryLine[];
      const pg = parse(postgresFiles.get(path) ?? '') as HistoryLine[];
      expect(pg.map(({ version, changelog }) => ({ version, changelog }))).toEqual(
        sqlite.map(({ version, changelog }) => ({ version, changelog })),
      );
      expect(pg.map((line) => line.author)).toEqual(sqlite.map(() => owner));
      expect(pg.map((line) => line.created_at)).toEqual(
        sqlite.map((line) => new Date(`${line.created_at}Z`).toISOString()),
      );
    }

    // The export of a PostgreSQL library imports back into one as it was: byte for byte.
    const exportedDir = join(dir, `postgres-${counter}`);
    const again = await libraries();
    await importJson(again.postgres, exportedDir);
    expect(await exported(again.postgres, 'postgres-again')).toEqual(postgresFiles);
  });

  it('writes no new version when the same files are imported again', async () => {
    const db = await libraries();
    for (const library of [db.sqlite, db.postgres]) {
      await importJson(library, SEED_EXAMPLES);
      const before = await pwb('--db', library, 'history', 'evolving_prompt', '--json');
      const again = await importJson(library, SEED_EXAMPLES);
      expect(again).toMatchObject({ prompts: 8, versions: 0, schemas: 11 });
      const after = await pwb('--db', library, 'history', 'evolving_prompt', '--json');
      expect(after.stdout).toBe(before.stdout);
    }
  });

  it('imports test cases, partials and newer versions alike, and exports them alike', async () => {
    const db = await libraries();
    const folder = join(dir, `extras-${counter}`);
    // Files that name their uid and times (else each import would draw its own).
    const stamped =
      "uid: 0d1f6e4c-2f4b-4c1e-9a53-4b8e2f0c7d11\ncreated_at: '2024-01-01T10:00:00Z'\nupdated_at: '2024-01-01T10:00:00Z'\n";
    mkdirSync(join(folder, 'partials'), { recursive: true });
    writeFileSync(
      join(folder, 'greet.yaml'),
      `id: greet\nversion: 1.0.0\n${stamped}format: text\ntemplate:\n  content: "{{> sign}} Hi {{name}}"\n`,
    );
    writeFileSync(
      join(folder, 'greet.tests.yaml'),
      'tests:\n  - name: ada\n    vars: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n',
    );
    writeFileSync(join(folder, 'partials', 'sign.hbs'), '--');
    const newer = join(dir, `newer-${counter}`);
    mkdirSync(newer);
    writeFileSync(
      join(newer, 'greet.yaml'),
      `id: greet\nversion: 1.1.0\n${stamped}format: text\ntemplate:\n  content: "{{> sign}} Hello {{name}}"\n`,
    );
    const reports = [];
    for (const library of [db.sqlite, db.postgres]) {
      reports.push(await importJson(library, folder));
      reports.push(await importJson(library, newer));
    }
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[3]).toEqual(reports[1]);
    expect(reports[0]).toMatchObject({ prompts: 1, versions: 1, tests: 1 });
    expect(reports[1]).toMatchObject({ prompts: 1, versions: 1 });
    const sqliteFiles = await exported(db.sqlite, 'extras-sqlite');
    const postgresFiles = await exported(db.postgres, 'extras-postgres');
    expect([...postgresFiles.keys()]).toEqual([
      'greet.tests.yaml',
      'greet.yaml',
      'greet/_history.yaml',
      'greet/_versions/1.0.0.yaml',
      'greet/_versions/1.1.0.yaml',
      'partials/sign.hbs',
    ]);
    for (const [path, text] of sqliteFiles) {
      if (!path.endsWith('_history.yaml')) expect(postgresFiles.get(path), path).toBe(text);
    }
    const current = parse(postgresFiles.get('greet.yaml') ?? '') as { version: string };
    expect(current.version).toBe('1.1.0');
  });

  it('writes nothing from a folder with a bad file, on either engine, and names the file', async () => {
    const db = await libraries();
    const folder = join(dir, `bad-${counter}`);
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'good.yaml'),
      'id: good\nversion: 1.0.0\nformat: text\ntemplate:\n  content: Hi\n',
    );
    // Found only while writing: cases for a prompt neither imported nor in the library.
    writeFileSync(
      join(folder, 'ghost.tests.yaml'),
      'tests:\n  - name: one\n    vars: {}\n    assert:\n      - type: contains\n        value: x\n',
    );
    for (const library of [db.sqlite, db.postgres]) {
      const run = await pwb('--db', library, 'import', folder);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('ghost.tests.yaml');
      expect(run.stderr).toContain("prompt 'ghost', which is neither imported nor in the library");
      expect(await listed(library)).toEqual([]);
    }
  });

  it('reads history times alike: zones kept as instants, and a time that is none refused', async () => {
    const db = await libraries();
    const folder = join(dir, `times-${counter}`);
    mkdirSync(join(folder, 'note'), { recursive: true });
    writeFileSync(
      join(folder, 'note.yaml'),
      'id: note\nversion: 1.0.1\nformat: text\ntemplate:\n  content: Two\n',
    );
    writeFileSync(
      join(folder, 'note', '1.0.0.yaml'),
      'id: note\nversion: 1.0.0\nformat: text\ntemplate:\n  content: One\n',
    );
    const history = (first: string) =>
      `- version: 1.0.1\n  created_at: '2024-03-01 08:30:00.123456'\n- version: 1.0.0\n  created_at: '${first}'\n`;
    writeFileSync(join(folder, 'note', '_history.yaml'), history('yesterday'));
    for (const library of [db.sqlite, db.postgres]) {
      const run = await pwb('--db', library, 'import', folder);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('_history.yaml');
      expect(run.stderr).toContain('created_at must be an ISO 8601 date or date-time');
      expect(await listed(library)).toEqual([]);
    }
    writeFileSync(join(folder, 'note', '_history.yaml'), history('2024-02-01T10:00:00+0100'));
    const times = [];
    for (const library of [db.sqlite, db.postgres]) {
      await importJson(library, folder);
      const run = await pwb('--db', library, 'history', 'note', '--json');
      const lines = JSON.parse(run.stdout) as { created_at: string }[];
      times.push(lines.map((line) => line.created_at));
    }
    expect(times[0]).toEqual(['2024-03-01 08:30:00.123456', '2024-02-01T10:00:00+0100']);
    expect(times[1]).toEqual(['2024-03-01T08:30:00.123Z', '2024-02-01T09:00:00.000Z']);
  });
});

describe('an import on a PostgreSQL team library', () => {
  it("refuses a viewer's import at the database and writes nothing; an editor's goes in", async () => {
    const url = await postgres.freshDatabase();
    const suffix = randomBytes(3).toString('hex');
    const urls: Record<string, string> = {};
    for (const role of ['viewer', 'editor']) {
      const name = `${role.slice(0, 3)}_files_${suffix}`;
      const added = await pwb('--db', url, 'users', 'add', name, '--role', role);
      expect(added.code, added.stderr).toBe(0);
      const login = new URL(url);
      login.username = name;
      login.password = added.stdout.trim();
      urls[role] = login.toString();
    }
    const refused = await pwb('--db', urls['viewer'] ?? '', 'import', SEED_EXAMPLES);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^pwb: PostgreSQL refused: user 'vie_files_\w+' \(viewer\) may not import into this library/,
    );
    expect(await listed(url)).toEqual([]);
    const schemas = await openPostgresWorkbench({ url, transport: 'cli' });
    try {
      const outcome = await schemas.dispatcher.dispatch('listSchemas', {});
      expect(outcome).toEqual({ ok: true, value: [] });
    } finally {
      await schemas.dispose();
    }

    const editor = await importJson(urls['editor'] ?? '', SEED_EXAMPLES);
    expect(editor).toMatchObject({ prompts: 8, versions: 11 });
    const history = await pwb('--db', url, 'history', 'evolving_prompt', '--json');
    const versions = JSON.parse(history.stdout) as { author: string }[];
    expect(versions.map((entry) => entry.author)).toEqual([
      `edi_files_${suffix}`,
      `edi_files_${suffix}`,
      `edi_files_${suffix}`,
    ]);
  });
});

describe('schemaImpact and listFolders on both engines', () => {
  it('answers the same impact of a schema change for the same library', async () => {
    const db = await libraries();
    await importJson(db.sqlite, SEED_EXAMPLES);
    await importJson(db.postgres, SEED_EXAMPLES);
    // The change drops a field the template reads.
    const schemaFile = readFileSync(
      join(SEED_EXAMPLES, 'schemas', 'text_summarization_input.yaml'),
      'utf8',
    );
    const text = schemaFile.slice(0, schemaFile.indexOf('      - name: "focus"'));
    const sqlite = await openWorkbench({ dbPath: db.sqlite, transport: 'cli' });
    const pg = await openPostgresWorkbench({ url: db.postgres, transport: 'cli' });
    try {
      const answers = await Promise.all(
        [sqlite.dispatcher, pg.dispatcher].map((dispatcher) =>
          dispatcher.dispatch('schemaImpact', { text }),
        ),
      );
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[0]).toEqual({
        ok: true,
        value: {
          prompts: [
            {
              prompt: 'text_summarization',
              schema: 'text_summarization_input',
              roles: ['input'],
              problems: ['The template uses {{focus}}, a field the schema no longer has.'],
            },
          ],
        },
      });
      const folders = await Promise.all(
        [sqlite.dispatcher, pg.dispatcher].map((dispatcher) =>
          dispatcher.dispatch('listFolders', { path: dir }),
        ),
      );
      expect(folders[0]?.ok).toBe(true);
      expect(folders[1]).toEqual(folders[0]);
    } finally {
      await sqlite.dispose();
      await pg.dispose();
    }
  });
});
