// Metrics from `pwb` on a PostgreSQL library: a render is recorded before the command ends;
// `pwb --metrics-retention` is stored by an admin in the library (shared by the team) and old
// events are pruned; anyone else is refused by the database, exit 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../testKit/postgres';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import type { PostgresLibrary } from '../services/postgres/pgLibrary';
import { PgMetrics } from '../services/postgres/pgMetrics';
import { addUser } from '../services/postgres/pgUsers';
import { pwbIn } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-team-metrics-'));
const pwb = pwbIn(dir);
const DAY = 86_400_000;
let ownerUrl = '';
let editorUrl = '';
let editor = '';
let owner: PostgresLibrary;

beforeAll(async () => {
  ownerUrl = await postgres.freshDatabase();
  owner = await openPostgresLibrary({ url: ownerUrl });
  const login = new URL(ownerUrl);
  editor = `emet_${randomBytes(3).toString('hex')}`;
  login.username = editor;
  login.password = await addUser(owner, editor, 'editor');
  editorUrl = login.toString();
});

afterAll(async () => {
  await owner.close();
  rmSync(dir, { recursive: true, force: true });
});

const events = async (): Promise<number> =>
  Number((await owner.pool.query('SELECT count(*) AS n FROM metric_events')).rows[0].n);

describe('pwb render on a PostgreSQL library', () => {
  it('records the render as usage, written before the command ends', async () => {
    writeFileSync(
      join(dir, 'greet.yaml'),
      'id: greet\nformat: text\ntemplate:\n  content: "Hi {{name}}"\n',
    );
    expect((await pwb('--db', editorUrl, 'save', 'greet', '--file', 'greet.yaml')).code).toBe(0);
    const rendered = await pwb('--db', editorUrl, 'render', 'greet', '--var', 'name=Ann');
    expect(rendered).toEqual({ code: 0, stdout: 'Hi Ann', stderr: '' });
    const summary = await new PgMetrics(owner).summary({ prompt_id: 'greet' });
    expect(summary.by_prompt).toMatchObject([
      { prompt_id: 'greet', version: '1.0.0', count: 1, errors: 0 },
    ]);
    const recorded = await owner.pool.query('SELECT recorded_by, preview FROM metric_events');
    expect(recorded.rows).toEqual([{ recorded_by: editor, preview: false }]);
    const cleared = await owner.pool.query('DELETE FROM metric_events');
    expect(cleared.rowCount).toBe(1);
  });
});

describe('pwb --metrics-retention on a PostgreSQL library', () => {
  it("stores an admin's retention for the team and prunes older events", async () => {
    const old = new PgMetrics(owner, { clock: () => new Date(Date.now() - 20 * DAY) });
    old.record({ kind: 'render', prompt_id: 'greet', version: '1.0.0', duration_us: 5, ok: true });
    await old.flush();
    expect(await events()).toBe(1);
    const alone = await pwb('--db', ownerUrl, '--metrics-retention', '30');
    expect(alone).toEqual({ code: 0, stdout: 'Metric events are kept for 30 days.\n', stderr: '' });
    expect(await new PgMetrics(owner).retentionDays()).toBe(30);
    expect(await events()).toBe(1);
    const before = await pwb('--metrics-retention=10', '--db', ownerUrl, 'list', '--json');
    expect(before).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(before.stdout)).toHaveLength(1);
    expect(await new PgMetrics(owner).retentionDays()).toBe(10);
    expect(await events()).toBe(0);
  });

  it("refuses an editor's change with the database's word, changing nothing", async () => {
    const refused = await pwb('--db', editorUrl, '--metrics-retention', '5', 'list');
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `pwb: PostgreSQL refused: user '${editor}' (editor) may not change the metrics retention (permission denied for table settings)\n`,
    });
    expect(await new PgMetrics(owner).retentionDays()).toBe(10);
    const bad = await pwb('--db', ownerUrl, '--metrics-retention', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--metrics-retention needs a whole number of DAYS/);
  });
});
