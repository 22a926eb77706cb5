// `pwb copy` between engines on real databases, with a library built through the services and
// the CLI (versions, labels, schemas, partials, test cases, evaluation runs and a baseline against
// the local model server, a model run, providers, prices, the answer cache, metric events, the
// audit log): SQLite → PostgreSQL → SQLite and PostgreSQL → SQLite → PostgreSQL keep every row
// they carry, the copies serve, and a copy that fails half-way or is refused writes nothing.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalRunSummary } from '../../src-shared/evaluation/runs';
import { createServices } from '../services/index';
import { chatDoc, steppingClock, textDoc } from '../services/prompts/fixtures/testLibrary';
import { startModelServer, type ModelServer } from '../testKit/modelServer';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import { PgMetrics } from '../services/postgres/pgMetrics';
import { PgPrices } from '../services/postgres/pgModels';
import { usePostgres } from '../testKit/postgres';
import { addLocalProvider, pwbIn } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-copy-'));
const original = join(dir, 'original.db');
const ADDRESS = readFileSync(
  resolve(import.meta.dirname, '../../../shared/seed/examples/schemas/address.yaml'),
  'utf8',
);
const pwb = pwbIn(dir);
let server: ModelServer;

async function ok(...args: string[]): Promise<string> {
  const run = await pwb(...args);
  expect(run.code, `pwb ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** Every row a SQLite library holds that a copy carries or derives, in a stable order. */
function sqliteRows(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    return {
      prompts: all(
        `SELECT id, current_version, format, status, category, description, tags, input_schema,
                output_schema, created_at, updated_at FROM prompts ORDER BY id`,
      ),
      search: all('SELECT id, description, tags, body FROM prompt_search ORDER BY id'),
      versions: all('SELECT * FROM prompt_versions ORDER BY prompt_id, version'),
      tags: all('SELECT * FROM prompt_tags ORDER BY prompt_id, tag'),
      labels: all('SELECT * FROM prompt_labels ORDER BY prompt_id, label'),
      audit: all('SELECT * FROM audit_log ORDER BY id'),
      schemas: all('SELECT * FROM schemas ORDER BY name'),
      schemaHistory: all('SELECT * FROM schema_history ORDER BY id'),
      partials: all('SELECT * FROM partials ORDER BY name'),
      partialHistory: all('SELECT * FROM partial_history ORDER BY id'),
      tests: all('SELECT * FROM test_cases ORDER BY prompt_id, position'),
      runs: all('SELECT * FROM eval_runs ORDER BY rowid'),
      runPrompts: all('SELECT * FROM eval_run_prompts ORDER BY run_id, prompt_id'),
      baselines: all('SELECT * FROM eval_baselines ORDER BY prompt_id'),
      providers: all('SELECT * FROM providers ORDER BY name'),
      prices: all('SELECT * FROM model_prices ORDER BY model'),
      cache: all('SELECT * FROM model_cache ORDER BY rowid'),
      events: all('SELECT * FROM metric_events ORDER BY id'),
      // Rebuilt from the events by the copy; sums may differ in the last bit from the running ones.
      hists: all(
        `SELECT scope, span, start, kind, preview, prompt_id, version, count, errors,
                round(sum_us, 3) AS sum_us, bins FROM metric_hists
          ORDER BY scope, span, start, kind, preview, prompt_id, version`,
      ),
      settings: all('SELECT * FROM settings ORDER BY key'),
    };
  } finally {
    db.close();
  }
}

const WHO_COLUMNS = ['run_by', 'marked_by', 'recorded_by'];

/**
 * Every row a PostgreSQL library holds that a copy carries, in a stable order: the audit log
 * with each row's original user (`copied_actor` when a copy brought it), sequences as the order
 * only; `who: false` leaves out the columns only PostgreSQL has (who ran, marked, recorded).
 */
async function postgresRows(url: string, who = true) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const all = async (sql: string) =>
      (await client.query<Record<string, unknown>>(sql)).rows.map((row) => {
        const kept = { ...row };
        delete kept['seq'];
        if (!who) for (const column of WHO_COLUMNS) delete kept[column];
        return kept;
      });
    return {
      prompts: await all('SELECT * FROM prompts ORDER BY id'),
      versions: await all(
        `SELECT prompt_id, version, document::text AS document, changelog, author, created_at,
                parent_version, checksum FROM prompt_versions ORDER BY prompt_id, version`,
      ),
      labels: await all('SELECT * FROM prompt_labels ORDER BY prompt_id, label'),
      audit: await all(
        `SELECT id, at, coalesce(copied_actor, actor) AS actor, action, entity_type, entity_id,
                version, before_hash, after_hash, summary FROM audit_log ORDER BY id`,
      ),
      schemas: await all('SELECT * FROM schemas ORDER BY name'),
      schemaHistory: await all('SELECT * FROM schema_history ORDER BY id'),
      partials: await all('SELECT * FROM partials ORDER BY name'),
      partialHistory: await all('SELECT * FROM partial_history ORDER BY id'),
      tests: await all('SELECT * FROM test_cases ORDER BY prompt_id, position'),
      runs: await all(
        'SELECT *, prompts::text AS prompts, document::text AS document FROM eval_runs ORDER BY seq',
      ),
      runPrompts: await all('SELECT * FROM eval_run_prompts ORDER BY run_id, prompt_id'),
      baselines: await all('SELECT * FROM eval_baselines ORDER BY prompt_id'),
      providers: await all('SELECT * FROM providers ORDER BY name'),
      prices: await all('SELECT * FROM model_prices ORDER BY model'),
      cache: await all('SELECT *, answer::text AS answer FROM model_cache ORDER BY seq'),
      events: await all('SELECT * FROM metric_events ORDER BY id'),
      settings: await all('SELECT * FROM settings ORDER BY key'),
    };
  } finally {
    await client.end();
  }
}

/** How many rows each table holds. */
function counts(rows: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length]));
}

/** What the CLI reads from a library, as JSON (the audit log with each entry's original user). */
async function reads(db: string): Promise<Record<string, unknown>> {
  const json = async (...args: string[]): Promise<unknown> =>
    JSON.parse(await ok('--db', db, ...args, '--json'));
  const runs = (await json('runs', 'list')) as EvalRunSummary[];
  const audit = (await json('audit', '--limit', '500')) as Record<string, unknown>[];
  return {
    list: await json('list'),
    greet: await json('history', 'greet'),
    support: await json('history', 'support'),
    shown: await json('show', 'greet', '--version', '1.0.0'),
    labels: await json('label', 'list', 'greet'),
    tests: await json('tests', 'list', 'greet'),
    runs,
    shownRuns: await Promise.all(runs.map((run) => json('runs', 'show', run.id))),
    providers: await json('providers', 'list'),
    audit: audit.map(({ copied_from, user, ...entry }) => ({
      ...entry,
      user: copied_from ?? user,
    })),
  };
}

const RANGE = { from: 0, to: Date.UTC(2100, 0, 1) };

/** The prices, metrics and retention the services read from a SQLite library. */
async function serviceReads(file: string): Promise<Record<string, unknown>> {
  const services = createServices({ dbPath: file });
  try {
    return {
      prices: services.models.prices.list(),
      summary: services.metrics.summary(RANGE),
      calls: services.metrics.modelCalls(RANGE),
      retention: services.metrics.retentionDays(),
    };
  } finally {
    await services.dispose();
  }
}

/** `value` with every number to 12 significant digits. */
function precise(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(precise);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, precise(item)]));
  }
  return value;
}

/** The same reads on a PostgreSQL library. */
async function postgresServiceReads(url: string): Promise<Record<string, unknown>> {
  const library = await openPostgresLibrary({ url });
  try {
    const metrics = new PgMetrics(library);
    return {
      prices: await new PgPrices(library).list(),
      summary: await metrics.summary(RANGE),
      calls: await metrics.modelCalls(RANGE),
      retention: await metrics.retentionDays(),
    };
  } finally {
    await library.close();
  }
}

beforeAll(async () => {
  server = await startModelServer();
  const services = createServices({ dbPath: original, actor: 'ann', clock: steppingClock() });
  try {
    services.schemas.saveYaml(ADDRESS);
    services.partials.save('signature', 'Regards, {{sender}}');
    services.prompts.save({ document: textDoc('greet', 'Hi {{name}}') });
    services.prompts.save({
      document: textDoc('greet', 'Hello {{name}}. {{> signature}}'),
      base: '1.0.0',
      changelog: 'sign it',
    });
    services.prompts.save({
      document: chatDoc('support', [{ role: 'user', content: 'Help with {{topic}}' }], {
        metadata: { tags: ['Support', 'chat'], description: 'Support desk' },
      }),
    });
    services.labels.set('greet', 'production', '1.0.1');
    services.labels.set('greet', 'staging', '1.0.0');
    services.tests.replace('greet', [
      {
        name: 'names Ann',
        vars: { name: 'Ann', sender: 'Bo' },
        assert: [{ type: 'contains', value: 'Ann' }],
      },
      {
        name: 'wants Zed',
        vars: { name: 'Bo', sender: 'Cy' },
        assert: [{ type: 'contains', value: 'Zed' }],
      },
    ]);
    services.models.prices.set({ model: 'local:m', input_per_mtok: 1.25, output_per_mtok: 2.5 });
  } finally {
    await services.dispose();
  }
  const added = await addLocalProvider(
    (...args) => pwb('--db', original, ...args),
    server.openaiUrl,
  );
  expect(added.code, added.stderr).toBe(0);
  // A key reference (the variable's name) is the library's; the key itself never is.
  await ok(
    '--db',
    original,
    'providers',
    'add',
    'vendor',
    '--kind',
    'anthropic',
    '--base-url',
    'http://127.0.0.1:9',
    '--api-key-env',
    'VENDOR_KEY',
  );
  // A baseline run (one case fails), then a run answered from the cache.
  expect(
    (await pwb('--db', original, 'test', 'greet', '--model', 'local:m', '--baseline')).code,
  ).toBe(1);
  expect((await pwb('--db', original, 'test', 'greet', '--model', 'local:m')).code).toBe(1);
  await ok('--db', original, 'run', 'support', '--model', 'local:m', '--var', 'topic=billing');
  await ok('--db', original, 'render', 'greet', '--var', 'name=Ann', '--var', 'sender=Bo');
  await ok('--db', original, '--metrics-retention', '30', 'list');
  await ok('--db', original, 'apikey', 'create', 'shop');
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('pwb copy carries everything', () => {
  it('holds every kind of record in the library it copies from', () => {
    expect(counts(sqliteRows(original))).toMatchObject({
      prompts: 2,
      versions: 3,
      labels: 2,
      schemas: 1,
      partials: 1,
      tests: 2,
      runs: 2,
      runPrompts: 2,
      baselines: 1,
      providers: 2,
      prices: 1,
      cache: 3,
      settings: 1,
    });
    const events = sqliteRows(original).events as { kind: string; cached: number | null }[];
    expect(events.filter((event) => event.kind === 'model' && event.cached === 1)).toHaveLength(2);
    expect(events.some((event) => event.kind === 'render')).toBe(true);
  });

  it('round-trips SQLite → PostgreSQL → SQLite without losing a row', async () => {
    const before = sqliteRows(original);
    const url = await postgres.freshDatabase();
    const there = await pwb('copy', original, url);
    expect(there.stderr).toBe('');
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(
      new RegExp(
        `^Copied 2 prompt\\(s\\), 3 version\\(s\\), 2 label\\(s\\), 1 schema\\(s\\), 1 partial\\(s\\), ` +
          `2 test case\\(s\\), 2 evaluation run\\(s\\), 2 provider\\(s\\), 1 price\\(s\\), ` +
          `3 cached answer\\(s\\), ${before.events.length} metric event\\(s\\) and ` +
          `${before.audit.length} audit entries from .*original\\.db to postgres://postgres:\\*\\*\\*@`,
      ),
    );
    // What the CLI and the services read from the copy is what they read from the original.
    const originalReads = await reads(original);
    expect(await reads(url)).toEqual(originalReads);
    // Sums of latencies are added in another order there: equal to 12 significant digits.
    expect(precise(await postgresServiceReads(url))).toEqual(precise(await serviceReads(original)));
    const audit = JSON.parse(await ok('--db', url, 'audit', 'greet', '--json'));
    expect(audit[0]).toMatchObject({ user: 'postgres', copied_from: 'ann' });
    // The copy serves: labels and partials render, search finds, and a run is answered from the
    // copied cache (the model server sees no new request).
    expect(
      await ok(
        '--db',
        url,
        'render',
        'greet',
        '--label',
        'production',
        '--var',
        'name=Ann',
        '--var',
        'sender=Bo',
      ),
    ).toBe('Hello Ann. Regards, Bo');
    const found = JSON.parse(await ok('--db', url, 'list', '--search', 'desk', '--json'));
    expect(found.map((item: { id: string }) => item.id)).toEqual(['support']);
    const seen = server.requests.length;
    await ok('--db', url, 'run', 'support', '--model', 'local:m', '--var', 'topic=billing');
    expect(server.requests.length).toBe(seen);

    const back = join(dir, 'back.db');
    const home = await pwb('copy', url, back);
    expect(home.code, home.stderr).toBe(0);
    const after = sqliteRows(back);
    // The run and render on the PostgreSQL copy are events of their own: leave them out.
    after.events = after.events.slice(0, before.events.length);
    const { hists, ...rest } = after;
    const { hists: _hists, ...expected } = before;
    expect(rest).toEqual(expected);
    expect(expected.settings).toHaveLength(1);
    expect(hists.length).toBeGreaterThan(0);
  });

  it('copies SQLite → SQLite with the settings, and the histograms agree with the events', async () => {
    const copy = join(dir, 'twin.db');
    expect((await pwb('copy', original, copy)).code).toBe(0);
    expect(sqliteRows(copy)).toEqual(sqliteRows(original));
    expect(await serviceReads(copy)).toEqual(await serviceReads(original));
    expect(await reads(copy)).toEqual(await reads(original));
    // API keys stay with the library they were made for.
    expect(JSON.parse(await ok('--db', original, 'apikey', 'list', '--json'))).toHaveLength(1);
    expect(JSON.parse(await ok('--db', copy, 'apikey', 'list', '--json'))).toEqual([]);
  });

  it('round-trips PostgreSQL → SQLite → PostgreSQL, and PostgreSQL → PostgreSQL keeps who ran what', async () => {
    // A team library: the original's records, then a version, a run and a baseline made there by
    // its own users.
    const team = await postgres.freshDatabase();
    await ok('copy', original, team);
    const editor = new URL(team);
    editor.username = `cped_${process.pid}`;
    editor.password = (
      await ok('--db', team, 'users', 'add', editor.username, '--role', 'editor')
    ).trim();
    const viewer = new URL(team);
    viewer.username = `cpvw_${process.pid}`;
    viewer.password = (
      await ok('--db', team, 'users', 'add', viewer.username, '--role', 'viewer')
    ).trim();
    const file = join(dir, 'support.yaml');
    writeFileSync(
      file,
      'id: support\nformat: text\ntemplate:\n  content: "Help with {{topic}}!"\n',
    );
    await ok('--db', editor.toString(), 'save', 'support', '--file', file, '--base', '1.0.0');
    expect((await pwb('--db', viewer.toString(), 'test', 'greet', '--model', 'local:m')).code).toBe(
      1,
    );
    const runs = JSON.parse(await ok('--db', team, 'runs', 'list', '--json')) as EvalRunSummary[];
    await ok('--db', editor.toString(), 'runs', 'baseline', runs[0]?.id ?? '');
    const teamRows = await postgresRows(team);
    expect(teamRows.runs.map((run) => run['run_by'])).toEqual([
      'postgres',
      'postgres',
      viewer.username,
    ]);

    const mid = join(dir, 'mid.db');
    expect((await pwb('copy', team, mid)).code).toBe(0);
    const again = await postgres.freshDatabase();
    expect((await pwb('copy', mid, again)).code).toBe(0);
    expect(await postgresRows(again, false)).toEqual(await postgresRows(team, false));
    expect(await reads(again)).toEqual(await reads(team));
    // SQLite keeps no user per run, baseline or event: they come back as the copier's.
    const back = await postgresRows(again);
    expect(back.runs.map((run) => run['run_by'])).toEqual(['postgres', 'postgres', 'postgres']);

    const twin = await postgres.freshDatabase();
    expect((await pwb('copy', team, twin)).code).toBe(0);
    expect(await postgresRows(twin)).toEqual(await postgresRows(team));
    // The sequences went past the copied rows: the copy takes new rows as usual.
    await ok('--db', twin, 'render', 'greet', '--var', 'name=Ann', '--var', 'sender=Bo');
    await ok('--db', twin, 'label', 'set', 'support', 'staging', '1.0.1');
  });
});

describe('pwb copy is all or nothing', () => {
  /** Runs SQL on a database as the superuser. */
  async function superuser(url: string, sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  const empty = (rows: Record<string, unknown[]>) =>
    Object.fromEntries(Object.keys(rows).map((name) => [name, 0]));

  it('leaves a PostgreSQL target unchanged when the connection is lost half-way', async () => {
    const url = await postgres.freshDatabase();
    await ok('db', 'init', url);
    // The server drops the copier's connection when the metric events (written late) arrive.
    await superuser(
      url,
      `CREATE FUNCTION drop_me() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
       CREATE TRIGGER drop_me BEFORE INSERT ON metric_events
         FOR EACH STATEMENT EXECUTE FUNCTION drop_me();`,
    );
    const lost = await pwb('copy', original, url);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/^pwb: Cannot reach the PostgreSQL library \(.*\); try again\n$/);
    const rows = await postgresRows(url);
    expect(counts(rows)).toEqual(empty(rows));
  });

  it('leaves a PostgreSQL target unchanged when the database refuses a table half-way', async () => {
    // A database owner who is not a superuser, and a library where admins may not record
    // metric events: the copy is refused at that table, after the prompts.
    const url = await postgres.freshDatabase();
    await ok('db', 'init', url);
    const owner = `cpown_${process.pid}`;
    await superuser(
      url,
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${owner}') THEN
           CREATE ROLE ${owner} LOGIN PASSWORD 'owner-pw';
         END IF;
       END $$;
       GRANT pwb_admin TO ${owner};
       ALTER DATABASE ${new URL(url).pathname.slice(1)} OWNER TO ${owner};
       REVOKE INSERT ON metric_events FROM pwb_viewer;`,
    );
    const asOwner = new URL(url);
    asOwner.username = owner;
    asOwner.password = 'owner-pw';
    const refused = await pwb('copy', original, asOwner.toString());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^pwb: PostgreSQL refused: this user may not copy into this library \(permission denied for table metric_events\)\n$/,
    );
    const rows = await postgresRows(url);
    expect(counts(rows)).toEqual(empty(rows));
  });

  it('leaves a SQLite target unchanged on a unique violation half-way', async () => {
    const target = join(dir, 'unique.db');
    await ok('--db', target, 'list');
    // One event per kind may be kept here: the second render event is refused.
    const db = new Database(target);
    db.exec('CREATE UNIQUE INDEX one_per_kind ON metric_events (kind)');
    db.close();
    const refused = await pwb('copy', original, target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/UNIQUE constraint failed: metric_events\.kind/);
    const rows = sqliteRows(target);
    expect(counts(rows)).toEqual(empty(rows));
  });

  it('removes a SQLite file it created when the copy fails half-way', async () => {
    // A history row a SQLite library refuses (it checks the action; PostgreSQL does not).
    const url = await postgres.freshDatabase();
    await ok('copy', original, url);
    await superuser(
      url,
      `INSERT INTO schema_history (name, action, saved_at, actor) VALUES ('x', 'rename', 'now', 'eve')`,
    );
    const target = join(dir, 'never.db');
    const refused = await pwb('copy', url, target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/CHECK constraint failed/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}-wal`)).toBe(false);
  });
});

describe('pwb copy refuses', () => {
  it('a target that holds records, and a non-owner, writing nothing', async () => {
    const url = await postgres.freshDatabase();
    expect((await pwb('copy', original, url)).code).toBe(0);
    const again = await pwb('copy', original, url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds prompts; copy into an empty library\n$/);
    const versions = JSON.parse(await ok('--db', url, 'history', 'greet', '--json'));
    expect(versions).toHaveLength(2);

    // A library holding only a provider is not empty either.
    const withProvider = join(dir, 'provider.db');
    await ok(
      '--db',
      withProvider,
      'providers',
      'add',
      'lab',
      '--kind',
      'openai-compatible',
      '--base-url',
      'http://127.0.0.1:9/v1',
    );
    const refused = await pwb('copy', original, withProvider);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `pwb: copy: ${withProvider} already holds added model providers; copy into an empty library\n`,
    );
    expect(counts(sqliteRows(withProvider))).toMatchObject({
      prompts: 0,
      providers: 1,
      versions: 0,
    });

    const other = await postgres.freshDatabase();
    await ok('db', 'init', other);
    const asAdmin = new URL(other);
    asAdmin.username = `copier_${process.pid}`;
    asAdmin.password = (
      await ok('--db', other, 'users', 'add', asAdmin.username, '--role', 'admin')
    ).trim();
    const notOwner = await pwb('copy', original, asAdmin.toString());
    expect(notOwner.code).toBe(1);
    expect(notOwner.stderr).toMatch(
      /^pwb: copy into postgres:\/\/copier_\d+:\*\*\*@.* needs the database owner\n$/,
    );
    expect(JSON.parse(await ok('--db', other, 'list', '--json'))).toEqual([]);
  });

  it('a missing source and a copy onto itself', async () => {
    const url = await postgres.freshDatabase();
    expect((await pwb('copy', join(dir, 'missing.db'), url)).stderr).toMatch(
      /^pwb: copy: no library at /,
    );
    expect((await pwb('copy', original, original)).stderr).toBe(
      'pwb: copy: FROM and TO are the same library\n',
    );
  });
});
