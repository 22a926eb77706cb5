// Switching libraries in browser mode: the same server (address, token) serves another library,
// SQLite or PostgreSQL; bad input is refused and nothing switches; passwords are never written
// into the list of libraries.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import { addUser, initLibrary } from '../services/postgres/pgUsers';
import { textDoc } from '../services/prompts/fixtures/testLibrary';
import { usePostgres } from '../testKit/postgres';
import { startBrowserMode } from './browserMode';
import type { BrowserMode } from './browserMode';
import { callApi } from './httpTestClient';

const postgres = usePostgres();
let dir: string;
let session: BrowserMode;
let teamUrl: string;
let password: string;
let editorName: string;

async function call(method: string, body: unknown) {
  const reply = await callApi(session.server, method, JSON.stringify(body));
  const answer = JSON.parse(reply.text) as {
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string };
  };
  return { status: reply.status, ...answer };
}

/** The ids of the prompts the server serves now. */
async function served(): Promise<string[]> {
  const page = (await call('listPrompts', {})).value as { items: { id: string }[] };
  return page.items.map((item) => item.id);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-switch-'));
  teamUrl = await postgres.freshDatabase();
  await initLibrary(teamUrl);
  const team = await openPostgresLibrary({ url: teamUrl });
  try {
    await team.save({ document: textDoc('on-the-team', 'Hi') });
    editorName = `editor_${process.pid}_${Date.now() % 100000}`;
    password = await addUser(team, editorName, 'editor');
  } finally {
    await team.close();
  }
  session = await startBrowserMode({
    dbPath: join(dir, 'local.db'),
    port: 0,
    staticDir: join(dir, 'no-page'),
    localFolder: join(dir, 'app'),
    log: () => undefined,
    warn: () => undefined,
  });
  await call('savePrompt', { document: textDoc('on-my-machine', 'Hello') });
});

afterAll(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the library switcher in browser mode', () => {
  it('refuses what is neither a URL nor a full path, and keeps the library open', async () => {
    for (const location of ['my library', 'relative/lib.db', 'http://example.com/x', '']) {
      const reply = await call('switchLibrary', { location });
      expect(reply, location).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const missing = await call('switchLibrary', { location: join(dir, 'nowhere', 'lib.db') });
    expect(missing.error?.message).toMatch(/There is no library at .*nowhere/);
    const folder = await call('switchLibrary', { location: dir });
    expect(folder.error?.message).toMatch(/is a folder, not a library file/);
    const noDatabase = await call('switchLibrary', { location: 'postgres://127.0.0.1:5432' });
    expect(noDatabase.error?.message).toMatch(/names its database/);
    expect(await served()).toEqual(['on-my-machine']);
  });

  it('refuses an unreachable server and a wrong password with a clear message; nothing switches', async () => {
    const unreachable = new URL(teamUrl);
    unreachable.port = '1';
    const down = await call('switchLibrary', { location: unreachable.toString() });
    // Not a fault of the library open now (no busy banner): the new one cannot be found.
    expect(down).toMatchObject({ status: 200, error: { code: 'not_found' } });
    expect(down.error?.message).toMatch(/Cannot reach the PostgreSQL library/);
    expect(down.error?.message).not.toContain(new URL(teamUrl).password);
    const wrong = new URL(teamUrl);
    wrong.password = '';
    const refused = await call('switchLibrary', {
      location: wrong.toString(),
      password: 'not-the-password',
    });
    expect(refused.error?.code).toBe('unauthorized');
    expect(refused.error?.message).toMatch(/password authentication failed/);
    expect(await served()).toEqual(['on-my-machine']);
    expect((await call('appInfo', {})).value).toMatchObject({ engine: 'sqlite' });
  });

  it('switches to a team library with a typed password, then back; the list keeps both without the password', async () => {
    const bare = new URL(teamUrl);
    const secret = decodeURIComponent(bare.password);
    bare.password = '';
    const info = await call('switchLibrary', { location: bare.toString(), password: secret });
    expect(info.value).toMatchObject({ engine: 'postgres', user: 'postgres', role: 'admin' });
    expect(await served()).toEqual(['on-the-team']);

    const choices = (await call('listLibraries', {})).value as {
      current: { location: string; engine: string; password_kept: boolean };
      recent: { location: string }[];
      passwords: string;
    };
    expect(choices.current).toMatchObject({ engine: 'postgres', password_kept: true });
    expect(choices.current.location).not.toContain(secret);
    expect(choices.recent.map((entry) => entry.location)).toEqual([join(dir, 'local.db')]);
    expect(choices.passwords).toBe('memory');
    const written = readFileSync(join(dir, 'app', 'libraries.json'), 'utf8');
    expect(written).not.toContain(secret);
    expect(JSON.parse(written).current).toBe(bare.toString());

    // Back to the file, then to the team library again with the password kept for this run.
    await call('switchLibrary', { location: join(dir, 'local.db') });
    expect(await served()).toEqual(['on-my-machine']);
    const again = await call('switchLibrary', { location: bare.toString() });
    expect(again.ok).toBe(true);
    expect(await served()).toEqual(['on-the-team']);
    await call('switchLibrary', { location: join(dir, 'local.db') });
  });

  it('takes a password written in the URL, uses it, and remembers the URL without it', async () => {
    const url = new URL(teamUrl);
    url.username = editorName;
    url.password = password;
    const info = await call('switchLibrary', { location: url.toString() });
    expect(info.value).toMatchObject({ engine: 'postgres', user: editorName, role: 'editor' });
    const written = readFileSync(join(dir, 'app', 'libraries.json'), 'utf8');
    expect(written).not.toContain(password);
    await call('switchLibrary', { location: join(dir, 'local.db') });
  });

  it('ignores a list of libraries holding a password (never used from a file)', async () => {
    mkdirSync(join(dir, 'app'), { recursive: true });
    writeFileSync(
      join(dir, 'app', 'libraries.json'),
      JSON.stringify({
        recent: [{ location: teamUrl, engine: 'postgres', opened_at: '2026-01-01T00:00:00Z' }],
      }),
    );
    const choices = (await call('listLibraries', {})).value as { recent: unknown[] };
    expect(choices.recent).toEqual([]);
  });
});
