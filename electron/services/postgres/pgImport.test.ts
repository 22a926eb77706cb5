// `pwb import` of a big folder into a PostgreSQL library, written in a few multi-row statements:
// the same library as the same import into SQLite (exported again byte for byte, history aside;
// the same audit entries), a failure anywhere late leaves the library exactly as it was, and other
// clients hear one `resync` for a big import rather than a save per prompt.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LibraryChange } from '../../../src-shared/contract/events';
import { writeLibrary } from '../../../src-shared/library';
import { pwbIn } from '../../cli/cliTestKit';
import type { LibraryToExport } from '../files/libraryPort';
import { sqliteFilesPort } from '../files/sqliteFilesPort';
import { createServices } from '../index';
import { generatedId, writeGeneratedLibrary } from '../../testKit/generatedLibrary';
import type { GeneratedLibrary } from '../../testKit/generatedLibrary';
import { usePostgres } from '../../testKit/postgres';
import { SEED_EXAMPLES } from '../../testKit/seedExamples';
import { postgresFilesPort } from './pgImport';
import { ANNOUNCE_EACH_UP_TO, FLUSH_ROWS, STORED_PAGE } from './pgImportWriter';
import { isPostgresUrl, openPostgresLibrary } from './pgLibrary';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-pgimport-'));
const pwb = pwbIn(dir);
/** 300 prompts (more than a page of stored prompts, several batches) with 2 versions, then 3. */
const before = join(dir, 'before');
const after = join(dir, 'after');
const PROMPTS = 300;

let generated: GeneratedLibrary;

beforeAll(async () => {
  await writeGeneratedLibrary(before, PROMPTS, 2);
  generated = await writeGeneratedLibrary(after, PROMPTS, 3);
}, 120_000);

async function ok(...args: string[]): Promise<string> {
  const run = await pwb(...args);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

async function importJson(db: string, ...paths: string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await ok('--db', db, 'import', ...paths, '--json')) as Record<string, unknown>;
}

/**
 * The files an export of `db` writes (seed layout), made in memory by the export's own code: a
 * CLI export of thousands of files would sync each to disk.
 */
async function exported(db: string): Promise<Map<string, string>> {
  let library: LibraryToExport;
  if (isPostgresUrl(db)) {
    const store = await openPostgresLibrary({ url: db });
    try {
      library = await postgresFilesPort(store).contents();
    } finally {
      await store.close();
    }
  } else {
    const services = createServices({ dbPath: db, actor: 'tester' });
    try {
      library = await sqliteFilesPort(services).contents();
    } finally {
      await services.dispose();
    }
  }
  const files = writeLibrary(library);
  for (const [name, text] of Object.entries(library.partials)) {
    files.push({ path: `partials/${name}.hbs`, text });
  }
  return new Map(files.map((file) => [file.path, file.text]));
}

const AUDIT_COLUMNS = 'action, entity_type, entity_id, version, before_hash, after_hash, summary';

/** What a library's audit log says, oldest first, without the time (and the actor apart). */
async function pgAudit(url: string): Promise<{ entries: unknown[]; actors: Set<string> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query(`SELECT actor, ${AUDIT_COLUMNS} FROM audit_log ORDER BY id`);
    return {
      entries: rows.rows.map(({ actor: _actor, ...entry }) => entry),
      actors: new Set(rows.rows.map((row) => String(row.actor))),
    };
  } finally {
    await client.end();
  }
}

function sqliteAudit(file: string): unknown[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY id`).all();
  } finally {
    db.close();
  }
}

/** Every row of every table an import writes, in key order: the library as it stands. */
async function snapshot(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables: [string, string][] = [
      ['prompts', 'id'],
      ['prompt_versions', 'prompt_id, version'],
      ['prompt_labels', 'prompt_id, label'],
      ['audit_log', 'id'],
      ['schemas', 'name'],
      ['schema_history', 'id'],
      ['partials', 'name'],
      ['partial_history', 'id'],
      ['test_cases', 'prompt_id, position'],
    ];
    const dump: Record<string, unknown[]> = {};
    for (const [table, key] of tables) {
      // As text: the stored bytes of json documents, not what they parse to.
      const rows = await client.query(`SELECT t::text AS row FROM ${table} t ORDER BY ${key}`);
      dump[table] = rows.rows.map((row) => row.row);
    }
    return JSON.stringify(dump);
  } finally {
    await client.end();
  }
}

/** A user of `url` with `role`; its login URL. */
async function addUser(url: string, role: string): Promise<string> {
  const name = `${role.slice(0, 3)}_imp_${randomBytes(3).toString('hex')}`;
  const password = (await ok('--db', url, 'users', 'add', name, '--role', role)).trim();
  const login = new URL(url);
  login.username = name;
  login.password = password;
  return login.toString();
}

/**
 * Runs `work`, then saves a marker prompt; what a listener of `url` heard in between, once the
 * marker arrived (PostgreSQL delivers notifications in commit order).
 */
async function heardDuring(url: string, work: () => Promise<void>): Promise<LibraryChange[]> {
  const listener = await openPostgresLibrary({ url });
  const heard: LibraryChange[] = [];
  const marker = `marker_${randomBytes(3).toString('hex')}`;
  try {
    const stop = await listener.subscribe((change) => heard.push(change));
    await work();
    await listener.save({ document: { id: marker, format: 'text', template: { content: 'M' } } });
    await expect
      .poll(() => heard.some((change) => change.kind === 'saved' && change.id === marker), {
        timeout: 20_000,
      })
      .toBe(true);
    await stop();
  } finally {
    await listener.close();
  }
  return heard.filter((change) => !('id' in change && change.id === marker));
}

describe('an import of hundreds of prompts into PostgreSQL', () => {
  it('makes the library the same import makes on SQLite: files, reports and audit entries', async () => {
    const sqlite = join(dir, 'same.db');
    const url = await postgres.freshDatabase();
    const owner = new URL(url).username;
    // Several batches (2 versions, a registry row and an audit entry a prompt), several pages.
    expect(PROMPTS * 4).toBeGreaterThan(FLUSH_ROWS);
    expect(PROMPTS).toBeGreaterThan(STORED_PAGE);
    const reports: Record<string, unknown>[] = [];
    for (const db of [sqlite, url]) {
      reports.push(await importJson(db, before));
      // New versions of every stored prompt: the stored ones read page by page.
      reports.push(await importJson(db, after));
    }
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[3]).toEqual(reports[1]);
    expect(reports[0]).toMatchObject({
      prompts: PROMPTS,
      versions: PROMPTS * 2,
      tests: generated.withTests * 2,
    });
    expect(reports[1]).toMatchObject({ prompts: PROMPTS, versions: PROMPTS, conflicts: [] });

    const sqliteFiles = await exported(sqlite);
    const postgresFiles = await exported(url);
    expect([...postgresFiles.keys()]).toEqual([...sqliteFiles.keys()]);
    const { withTests, schemas, partials } = generated;
    expect(sqliteFiles.size).toBe(PROMPTS * 5 + withTests + schemas + partials);
    for (const [path, text] of sqliteFiles) {
      if (!path.endsWith('/_history.yaml')) {
        expect(postgresFiles.get(path), path).toBe(text);
        continue;
      }
      // The author is the database user who imported; the time is kept to the millisecond.
      const lines = (text: string | undefined) =>
        (parse(text ?? '') as { version: string; changelog: string | null; author: string }[]).map(
          ({ version, changelog }) => ({ version, changelog }),
        );
      expect(lines(postgresFiles.get(path)), path).toEqual(lines(text));
      const authors = (parse(postgresFiles.get(path) ?? '') as { author: string }[]).map(
        (line) => line.author,
      );
      expect(new Set(authors), path).toEqual(new Set([owner]));
    }
    const current = parse(postgresFiles.get(`${generatedId(7)}.yaml`) ?? '') as {
      version: string;
    };
    expect(current.version).toBe('1.0.2');

    const audit = await pgAudit(url);
    expect(audit.entries).toEqual(sqliteAudit(sqlite));
    expect(audit.actors).toEqual(new Set([owner]));
  }, 120_000);

  it('makes a version already stored current as SQLite does', async () => {
    const folder = join(dir, 'stored-current');
    mkdirSync(join(folder, 'note', '_versions'), { recursive: true });
    const note = (version: string, content: string) =>
      `id: note\nversion: ${version}\nuid: 0d1f6e4c-2f4b-4c1e-9a53-4b8e2f0c7d11\n` +
      `created_at: '2024-01-01T10:00:00Z'\nupdated_at: '2024-01-0${version.at(-1)}T10:00:00Z'\n` +
      `format: text\ntemplate:\n  content: ${content}\n`;
    writeFileSync(join(folder, 'note.yaml'), note('1.0.1', 'One'));
    writeFileSync(join(folder, 'note', '_versions', '1.0.1.yaml'), note('1.0.1', 'One'));
    writeFileSync(join(folder, 'note', '_versions', '1.0.2.yaml'), note('1.0.2', 'Two'));
    const newer = join(dir, 'stored-current-newer');
    mkdirSync(newer);
    writeFileSync(join(newer, 'note.yaml'), note('1.0.2', 'Two'));
    const sqlite = join(dir, 'stored-current.db');
    const url = await postgres.freshDatabase();
    const reports: Record<string, unknown>[] = [];
    for (const db of [sqlite, url]) {
      reports.push(await importJson(db, folder));
      reports.push(await importJson(db, newer));
    }
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[3]).toEqual(reports[1]);
    expect(reports[1]).toMatchObject({ prompts: 1, versions: 0 });
    const listed = await Promise.all([sqlite, url].map((db) => ok('--db', db, 'list', '--json')));
    expect(listed[1]).toBe(listed[0]);
    expect(JSON.parse(listed[1] ?? '')).toMatchObject([{ id: 'note', version: '1.0.2' }]);
    const files = await Promise.all([sqlite, url].map((db) => exported(db)));
    expect(files[1]?.get('note.yaml')).toBe(files[0]?.get('note.yaml'));
    expect(await pgAudit(url).then((audit) => audit.entries)).toEqual(sqliteAudit(sqlite));
  });
});

describe('a PostgreSQL import that fails late', () => {
  it('leaves the library exactly as it was, and announces nothing', async () => {
    const url = await postgres.freshDatabase();
    await importJson(url, before);
    const editor = await addUser(url, 'editor');
    const viewer = await addUser(url, 'viewer');
    const was = await snapshot(url);

    // Test cases for a prompt neither imported nor stored: found only after every prompt is written.
    const ghost = join(dir, 'ghost');
    mkdirSync(ghost);
    writeFileSync(
      join(ghost, 'zz_ghost.tests.yaml'),
      'tests:\n  - name: one\n    vars: {}\n    assert:\n      - type: contains\n        value: x\n',
    );
    // A Langfuse file moving `production`, which only publishers may: refused by the database.
    const labelled = join(dir, 'labelled');
    mkdirSync(labelled);
    writeFileSync(
      join(labelled, 'zz_critic.json'),
      JSON.stringify([
        { name: 'zz_critic', version: 1, type: 'text', prompt: 'Review {{movie}}.', labels: [] },
        {
          name: 'zz_critic',
          version: 2,
          type: 'text',
          prompt: 'Review {{movie}} briefly.',
          labels: ['production'],
        },
      ]),
    );
    const heard = await heardDuring(url, async () => {
      const ghostRun = await pwb('--db', editor, 'import', after, ghost);
      expect(ghostRun.code).toBe(1);
      expect(ghostRun.stderr).toContain(
        "prompt 'zz_ghost', which is neither imported nor in the library",
      );
      expect(await snapshot(url)).toBe(was);

      const labelRun = await pwb('--db', editor, 'import', after, labelled);
      expect(labelRun.code).toBe(1);
      expect(labelRun.stderr).toMatch(/PostgreSQL refused: user 'edi_imp_\w+' \(editor\)/);
      expect(await snapshot(url)).toBe(was);

      const viewerRun = await pwb('--db', viewer, 'import', after);
      expect(viewerRun.code).toBe(1);
      expect(viewerRun.stderr).toMatch(
        /^pwb: PostgreSQL refused: user 'vie_imp_\w+' \(viewer\) may not import into this library/,
      );
      expect(await snapshot(url)).toBe(was);
    });
    expect(heard).toEqual([]);

    // The same folder without the bad file goes in.
    await importJson(editor, after);
    expect(await snapshot(url)).not.toBe(was);
  }, 120_000);
});

describe('what other clients hear of an import', () => {
  it('a save per prompt for a small import, one resync for a big one', async () => {
    const url = await postgres.freshDatabase();
    const small = await heardDuring(url, async () => void (await importJson(url, SEED_EXAMPLES)));
    const listed = JSON.parse(await ok('--db', url, 'list', '--json')) as {
      id: string;
      version: string;
    }[];
    expect(small.filter((change) => change.kind === 'saved')).toEqual(
      listed
        .filter((entry) => !entry.id.startsWith('marker_'))
        .map(({ id, version }) => ({ kind: 'saved', id, version })),
    );
    expect(small.filter((change) => change.kind === 'schema')).toHaveLength(11);
    expect(small.some((change) => change.kind === 'resync')).toBe(false);

    expect(PROMPTS).toBeGreaterThan(ANNOUNCE_EACH_UP_TO);
    const big = await heardDuring(url, async () => void (await importJson(url, before)));
    expect(big.filter((change) => change.kind !== 'schema' && change.kind !== 'partial')).toEqual([
      { kind: 'resync' },
    ]);
    expect(big.filter((change) => change.kind === 'partial')).toHaveLength(10);
  }, 120_000);
});
