// On PostgreSQL, who ran an evaluation, marked a baseline or recorded a metric event is the
// database user: a client writing another name into those columns gets its own name kept.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { usePostgres } from '../../testKit/postgres';
import { openPostgresLibrary } from './pgLibrary';
import type { PostgresLibrary } from './pgLibrary';
import { addUser } from './pgUsers';

const postgres = usePostgres();
const opened: PostgresLibrary[] = [];
afterEach(async () => {
  for (const library of opened.splice(0)) await library.close();
});

async function login(owner: PostgresLibrary, url: string, role: 'viewer' | 'editor') {
  const as = new URL(url);
  as.username = `w${role.slice(0, 3)}_${randomBytes(3).toString('hex')}`;
  as.password = await addUser(owner, as.username, role);
  const library = await openPostgresLibrary({ url: as.toString() });
  opened.push(library);
  return { name: as.username, library };
}

describe('who a record names on PostgreSQL', () => {
  it('is the session user, whatever name the client writes', async () => {
    const url = await postgres.freshDatabase();
    const owner = await openPostgresLibrary({ url });
    opened.push(owner);
    const viewer = await login(owner, url, 'viewer');
    const editor = await login(owner, url, 'editor');

    await viewer.library.pool.query(
      `INSERT INTO eval_runs (id, started_at, finished_at, prompts, passed, failed, document, run_by)
       VALUES ('r1', 'a', 'b', '[]', 0, 0, '{}', 'someone_else')`,
    );
    await viewer.library.pool.query(
      `INSERT INTO metric_events (at, kind, duration_us, ok, recorded_by)
       VALUES (1, 'render', 5, true, 'someone_else')`,
    );
    await editor.library.pool.query(
      `INSERT INTO eval_baselines (prompt_id, run_id, marked_at, marked_by)
       VALUES ('greet', 'r1', 'now', 'someone_else')`,
    );
    // An update naming someone else is named as its writer too.
    await editor.library.pool.query(
      "UPDATE eval_baselines SET marked_by = 'another' WHERE prompt_id = 'greet'",
    );

    const who = async (sql: string) => (await owner.pool.query<{ who: string }>(sql)).rows;
    expect(await who('SELECT run_by AS who FROM eval_runs')).toEqual([{ who: viewer.name }]);
    expect(await who('SELECT recorded_by AS who FROM metric_events')).toEqual([
      { who: viewer.name },
    ]);
    expect(await who('SELECT marked_by AS who FROM eval_baselines')).toEqual([
      { who: editor.name },
    ]);
  });
});
