// Browser mode on a team library: the page's event stream carries changes other clients make
// (PostgreSQL NOTIFY), and the contract reads what they wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import type { PostgresLibrary } from '../services/postgres/pgLibrary';
import { initLibrary } from '../services/postgres/pgUsers';
import { textDoc } from '../services/prompts/fixtures/testLibrary';
import { usePostgres } from '../testKit/postgres';
import { startBrowserMode } from './browserMode';
import type { BrowserMode } from './browserMode';
import { callApi, openEventStream } from './httpTestClient';

const postgres = usePostgres();
let session: BrowserMode;
let other: PostgresLibrary;
const logged: string[] = [];

const localFolder = mkdtempSync(join(tmpdir(), 'pwb-local-'));

beforeAll(async () => {
  const url = await postgres.freshDatabase();
  await initLibrary(url);
  session = await startBrowserMode({
    dbPath: url,
    port: 0,
    staticDir: join(tmpdir(), 'pwb-no-page-here'),
    localFolder,
    log: (line) => logged.push(line),
    warn: () => undefined,
  });
  other = await openPostgresLibrary({ url });
});

afterAll(async () => {
  await other?.close();
  await session?.stop();
  rmSync(localFolder, { recursive: true, force: true });
});

describe('browser mode on PostgreSQL', () => {
  it('says which library it serves, with the password hidden', () => {
    expect(logged[0]).toMatch(
      /^Prompt Workbench is serving postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:/,
    );
  });

  it("streams another client's save and label move to the page, and serves them", async () => {
    const events = await openEventStream(session.server);
    await events.until(/: connected/);
    await other.save({ document: textDoc('greet', 'Hi {{name}}') });
    const saved = await events.until(/event: library\ndata: .*\n/);
    expect(JSON.parse(saved.split('data: ')[1] ?? '')).toEqual({
      operation: 'library',
      change: { kind: 'saved', id: 'greet', version: '1.0.0' },
    });
    await other.setLabel('greet', 'production', '1.0.0');
    await events.until(/"kind":"label","id":"greet","label":"production","version":"1.0.0"/);
    events.close();
    const listed = await callApi(session.server, 'listPrompts', '{}');
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.text).value.items.map((item: { id: string }) => item.id)).toEqual([
      'greet',
    ]);
    const shown = await callApi(session.server, 'getPrompt', '{"id":"greet","label":"production"}');
    expect(JSON.parse(shown.text).value.template.content).toBe('Hi {{name}}');
  });

  it('answers the metrics dashboard on PostgreSQL', async () => {
    const reply = await callApi(session.server, 'metricsSummary', '{"source":"all"}');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).value.totals).toMatchObject({ errors: 0 });
  });
});
