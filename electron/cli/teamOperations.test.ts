// `pwb --db postgres://…` beyond prompts: schemas and partials used by validate and render; test
// cases, `pwb test` against the local model server, runs and baselines; providers and prices;
// with roles held by the database.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaDocument } from '../../src-shared/contract/documentSchemas';
import type { EvalRun, EvalRunSummary } from '../../src-shared/evaluation/runs';
import { startModelServer, type ModelServer } from '../testKit/modelServer';
import { usePostgres } from '../testKit/postgres';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import type { PostgresLibrary } from '../services/postgres/pgLibrary';
import { PgPartialStore } from '../services/postgres/pgPartials';
import { PgSchemaStore } from '../services/postgres/pgSchemas';
import { addUser } from '../services/postgres/pgUsers';
import { addLocalProvider, importTestRows, pwbIn, type Pwb } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-team-ops-'));
const pwb = pwbIn(dir);
/** `pwb` on the library at `url`, as the login it names. */
function as(url: string): Pwb {
  return (...args) => pwb('--db', url, ...args);
}
const suffix = randomBytes(3).toString('hex');
let ownerUrl = '';
let viewerUrl = '';
let editorUrl = '';
let owner: PostgresLibrary;
let server: ModelServer;

beforeAll(async () => {
  ownerUrl = await postgres.freshDatabase();
  owner = await openPostgresLibrary({ url: ownerUrl });
  const login = new URL(ownerUrl);
  login.username = `vop_${suffix}`;
  login.password = await addUser(owner, login.username, 'viewer');
  viewerUrl = login.toString();
  login.username = `eop_${suffix}`;
  login.password = await addUser(owner, login.username, 'editor');
  editorUrl = login.toString();
  server = await startModelServer();
  const ticket: unknown = {
    name: 'ticket',
    fields: [
      { name: 'title', type: 'string' },
      { name: 'priority', type: 'integer' },
    ],
  };
  await new PgSchemaStore(owner).save(ticket as SchemaDocument);
  await new PgPartialStore(owner).save('sign', 'Regards, {{team}}');
  writeFileSync(
    join(dir, 'mail.yaml'),
    'id: mail\nformat: text\ntemplate:\n  content: "Hi {{name}}\\n{{> sign}}"\n',
  );
  const saved = await pwb('--db', ownerUrl, 'save', 'mail', '--file', 'mail.yaml');
  expect(saved.code, saved.stderr).toBe(0);
});

afterAll(async () => {
  await server.close();
  await owner.close();
});

describe('pwb on a PostgreSQL library: schemas and partials', () => {
  it('validates data against a library schema, as a viewer', async () => {
    writeFileSync(join(dir, 'good.json'), '{"title": "Broken login", "priority": 2}');
    writeFileSync(join(dir, 'bad.json'), '{"title": "Broken login", "priority": "high"}');
    const good = await pwb('--db', viewerUrl, 'validate', 'ticket', 'good.json');
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ title: 'Broken login', priority: 2 });
    const bad = await pwb('--db', viewerUrl, 'validate', 'ticket', 'bad.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/priority/);
    const unknown = await pwb('--db', viewerUrl, 'validate', 'nothing', 'good.json');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("pwb: Schema 'nothing' not found\n");
  });

  it('renders with the library partials', async () => {
    const rendered = await pwb(
      '--db',
      viewerUrl,
      'render',
      'mail',
      '--var',
      'name=Ann',
      '--var',
      'team=Ops',
    );
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toBe('Hi Ann\nRegards, Ops');
  });
});

describe('pwb on a PostgreSQL library: test cases, evaluations, providers', () => {
  it('imports cases, runs the matrix as a viewer, keeps runs, baselines and regressions', async () => {
    writeFileSync(
      join(dir, 'greet.yaml'),
      'id: greet\nformat: text\ntemplate:\n  content: "Hi {{name}}"\n',
    );
    expect((await pwb('--db', editorUrl, 'save', 'greet', '--file', 'greet.yaml')).code).toBe(0);
    // Only admins add providers; the owner is one.
    const refused = await addLocalProvider(as(editorUrl), server.openaiUrl);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/PostgreSQL refused: .* \(editor\) may not add providers/);
    const added = await addLocalProvider(as(ownerUrl), server.openaiUrl);
    expect(added.code, added.stderr).toBe(0);
    const listed = await pwb('--db', viewerUrl, 'providers', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toContainEqual({
      name: 'local',
      kind: 'openai-compatible',
      base_url: server.openaiUrl,
      api_key_env: null,
    });
    const rows = 'name,__expected\nAda,echo: Hi Ada\nBo,echo: Hi Bo\n';
    const viewerImport = await importTestRows(as(viewerUrl), dir, 'greet', rows);
    expect(viewerImport.code).toBe(1);
    expect(viewerImport.stderr).toMatch(/\(viewer\) may not save test cases/);
    const imported = await importTestRows(as(editorUrl), dir, 'greet', rows);
    expect(imported).toMatchObject({
      code: 0,
      stdout: "Added 2 test case(s) to 'greet' (2 in all)\n",
    });
    const cases = await pwb('--db', viewerUrl, 'tests', 'list', 'greet', '--json');
    expect(JSON.parse(cases.stdout).map((entry: { name: string }) => entry.name)).toEqual([
      'rows.csv #1',
      'rows.csv #2',
    ]);
    // An editor's run becomes the baseline; a viewer's later run is kept and compared to it.
    const first = await pwb(
      '--db',
      editorUrl,
      'test',
      'greet',
      '--model',
      'local:m',
      '--baseline',
      '--json',
    );
    expect(first.code, first.stderr).toBe(0);
    const baseline = JSON.parse(first.stdout) as EvalRun;
    expect(baseline.summary).toEqual({ passed: 2, failed: 0 });
    writeFileSync(
      join(dir, 'greet2.yaml'),
      'id: greet\nformat: text\ntemplate:\n  content: "Hello {{name}}"\n',
    );
    const changed = await pwb(
      '--db',
      editorUrl,
      'save',
      'greet',
      '--file',
      'greet2.yaml',
      '--base',
      '1.0.0',
    );
    expect(changed.code, changed.stderr).toBe(0);
    const second = await pwb('--db', viewerUrl, 'test', 'greet', '--model', 'local:m', '--json');
    expect(second.code).toBe(1);
    const run = JSON.parse(second.stdout) as EvalRun;
    expect(run.baseline).toBe(baseline.id);
    expect(run.regressions).toEqual([
      { prompt: 'greet', case: 'rows.csv #1', model: 'local:m', version: '1.0.1' },
      { prompt: 'greet', case: 'rows.csv #2', model: 'local:m', version: '1.0.1' },
    ]);
    const runs = JSON.parse(
      (await pwb('--db', viewerUrl, 'runs', 'list', 'greet', '--json')).stdout,
    );
    expect(runs.map((entry: EvalRunSummary) => [entry.id, entry.baseline_of])).toEqual([
      [run.id, []],
      [baseline.id, ['greet']],
    ]);
    const shown = await pwb('--db', viewerUrl, 'runs', 'show', run.id, '--json');
    expect(JSON.parse(shown.stdout)).toEqual(run);
    const viewerMark = await pwb('--db', viewerUrl, 'runs', 'baseline', run.id);
    expect(viewerMark.code).toBe(1);
    expect(viewerMark.stderr).toMatch(/\(viewer\) may not mark baselines/);
    expect((await pwb('--db', editorUrl, 'runs', 'baseline', run.id)).code).toBe(0);
    // The viewer's calls were recorded as them (metrics and the answer cache).
    const recorded = await owner.pool.query<{ recorded_by: string; n: string }>(
      `SELECT recorded_by, count(*) AS n FROM metric_events WHERE kind = 'model'
        GROUP BY recorded_by ORDER BY recorded_by`,
    );
    expect(recorded.rows.map((row) => row.recorded_by)).toEqual(
      [`eop_${suffix}`, `vop_${suffix}`].sort(),
    );
    const cache = await owner.pool.query<{ n: string }>('SELECT count(*) AS n FROM model_cache');
    expect(Number(cache.rows[0]?.n)).toBe(4);
    const runsBy = await owner.pool.query<{ run_by: string }>(
      'SELECT run_by FROM eval_runs WHERE id = $1',
      [run.id],
    );
    expect(runsBy.rows[0]?.run_by).toBe(`vop_${suffix}`);
  });
});

describe('pwb backup on a PostgreSQL library', () => {
  it('points to pg_dump and pwb copy, and writes nothing', async () => {
    const backup = await pwb('--db', viewerUrl, 'backup', '--to', 'x.db');
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(
      /^pwb: pwb backup works on a SQLite library file; back up a PostgreSQL library with pg_dump/,
    );
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
