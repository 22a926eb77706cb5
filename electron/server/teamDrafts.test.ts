// Browser mode on a team library keeps unsaved changes on this machine (a local SQLite store per
// library in the app's folder), and says which engine, user and role it is connected as.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import { addUser, initLibrary } from '../services/postgres/pgUsers';
import { libraryIdentity, localDraftsFile } from '../services/prompts/localDrafts';
import { textDoc } from '../services/prompts/fixtures/testLibrary';
import { usePostgres } from '../testKit/postgres';
import { startBrowserMode } from './browserMode';
import type { BrowserMode } from './browserMode';
import { callApi } from './httpTestClient';

const postgres = usePostgres();
const folders: string[] = [];
const sessions: BrowserMode[] = [];

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pwb-local-'));
  folders.push(folder);
  return folder;
}

async function serve(url: string, localFolder: string): Promise<BrowserMode> {
  const session = await startBrowserMode({
    dbPath: url,
    port: 0,
    staticDir: join(tmpdir(), 'pwb-no-page-here'),
    localFolder,
    log: () => undefined,
    warn: () => undefined,
  });
  sessions.push(session);
  return session;
}

async function call(session: BrowserMode, method: string, body: unknown) {
  const reply = await callApi(session.server, method, JSON.stringify(body));
  const answer = JSON.parse(reply.text) as { value?: unknown; error?: { code: string } };
  return { status: reply.status, ...answer };
}

/** `url` with the credentials of another user. */
function as(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

let url: string;

beforeAll(async () => {
  url = await postgres.freshDatabase();
  await initLibrary(url);
});

afterAll(async () => {
  for (const session of sessions.splice(0)) await session.stop();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('unsaved changes of a team library', () => {
  it('are kept in the local folder, listed, read back after a restart and never reach the server', async () => {
    const folder = tempFolder();
    const first = await serve(url, folder);
    const document = textDoc('local-only', 'Hi {{name}}');
    expect(await call(first, 'putDraft', { id: 'local-only', document, base: null })).toMatchObject(
      { status: 200, value: { saved: true } },
    );
    expect((await call(first, 'listDrafts', {})).value).toMatchObject([
      { prompt_id: 'local-only', base_version: null, format: 'text' },
    ]);
    expect(existsSync(localDraftsFile(folder, url))).toBe(true);
    // The team library holds no trace of them.
    const library = await openPostgresLibrary({ url });
    try {
      expect((await library.list()).total).toBe(0);
    } finally {
      await library.close();
    }
    await first.stop();
    sessions.splice(sessions.indexOf(first), 1);
    const again = await serve(url, folder);
    expect((await call(again, 'getDraft', { id: 'local-only' })).value).toMatchObject({
      prompt_id: 'local-only',
      document: { template: { content: 'Hi {{name}}' } },
    });
  });

  it('go when the version is saved or the prompt deleted, as on SQLite', async () => {
    const session = await serve(url, tempFolder());
    const document = textDoc('saved-one', 'Hello');
    await call(session, 'putDraft', { id: 'saved-one', document, base: null });
    const saved = await call(session, 'savePrompt', { document });
    expect(saved).toMatchObject({ status: 200, value: { id: 'saved-one', version: '1.0.0' } });
    expect((await call(session, 'getDraft', { id: 'saved-one' })).value).toBeNull();
    await call(session, 'putDraft', { id: 'saved-one', document, base: '1.0.0' });
    expect((await call(session, 'deletePrompt', { id: 'saved-one' })).status).toBe(200);
    expect((await call(session, 'listDrafts', {})).value).toEqual([]);
  });

  it('of one library are never seen from another, nor from the same library as another user', async () => {
    const folder = tempFolder();
    const otherUrl = await postgres.freshDatabase();
    await initLibrary(otherUrl);
    const mine = await serve(url, folder);
    const theirs = await serve(otherUrl, folder);
    await call(mine, 'putDraft', { id: 'mine', document: textDoc('mine', 'x'), base: null });
    expect((await call(theirs, 'listDrafts', {})).value).toEqual([]);
    expect(libraryIdentity(url)).not.toContain(new URL(url).password);
    expect(libraryIdentity(as(url, 'someone', 'secret'))).not.toBe(libraryIdentity(url));
    // The same library named with another password is the same library.
    expect(localDraftsFile(folder, as(url, 'postgres', 'changed'))).toBe(
      localDraftsFile(folder, url),
    );
  });

  it('are refused when not a valid prompt id, and a bad draft writes nothing', async () => {
    const session = await serve(url, tempFolder());
    const bad = await call(session, 'putDraft', { id: '../x', document: {}, base: null });
    expect(bad).toMatchObject({ status: 400, error: { code: 'invalid_input' } });
    expect((await call(session, 'listDrafts', {})).value).toEqual([]);
  });
});

describe('who is connected', () => {
  it('names the engine, the database user and role, and the library without its password', async () => {
    const owner = await serve(url, tempFolder());
    const info = (await call(owner, 'appInfo', {})).value as { dbPath: string };
    expect(info).toMatchObject({ engine: 'postgres', user: 'postgres', role: 'admin' });
    expect(info.dbPath).not.toContain(new URL(url).password);
    expect(info.dbPath).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/pwb_test_/);

    const library = await openPostgresLibrary({ url });
    const name = `viewer_${randomBytes(4).toString('hex')}`;
    const password = await addUser(library, name, 'viewer').finally(() => library.close());
    const viewer = await serve(as(url, name, password), tempFolder());
    expect((await call(viewer, 'appInfo', {})).value).toMatchObject({
      engine: 'postgres',
      user: name,
      role: 'viewer',
    });
    // A viewer keeps unsaved changes on the machine; the database refuses the save.
    const document = textDoc('viewer-edit', 'x');
    expect(
      (await call(viewer, 'putDraft', { id: 'viewer-edit', document, base: null })).status,
    ).toBe(200);
    const refused = await call(viewer, 'savePrompt', { document });
    expect(refused.error?.code).toBe('forbidden');
    expect((await call(viewer, 'getDraft', { id: 'viewer-edit' })).value).not.toBeNull();
  });
});
