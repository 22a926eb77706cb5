// `pwb serve --api` as a real process, on a SQLite file and on a PostgreSQL library: an
// application fetches `production`, and a label moved by another client changes what it gets.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePostgres } from '../testKit/postgres';
import { cliSandbox, pwbIn } from './cliTestKit';

const ROOT = resolve(import.meta.dirname, '../..');
let sandbox: ReturnType<typeof cliSandbox>;
let server: ChildProcessWithoutNullStreams | undefined;

beforeEach(async () => {
  sandbox = cliSandbox();
  const doc = (content: string) =>
    ['id: greet', 'format: text', 'status: active', 'template:', `  content: "${content}"`].join(
      '\n',
    );
  writeFileSync(join(sandbox.dir, 'v1.yaml'), doc('Hi {{name}}'));
  writeFileSync(join(sandbox.dir, 'v2.yaml'), doc('Hello {{name}}'));
  expect((await sandbox.pwb('save', 'greet', '--file', 'v1.yaml')).code).toBe(0);
  expect((await sandbox.pwb('save', 'greet', '--file', 'v2.yaml', '--base', '1.0.0')).code).toBe(0);
  expect((await sandbox.pwb('label', 'set', 'greet', 'production', '1.0.0')).code).toBe(0);
});

afterEach(() => {
  server?.kill('SIGTERM');
  server = undefined;
});

/** Starts `pwb serve --api` on `db` and resolves with its URL once it listens. */
function serveApiOn(db: string, ...args: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/pwb.mjs'), '--db', db, 'serve', '--api', '--port', '0', ...args],
    { cwd: sandbox.dir, env: { PATH: process.env['PATH'] ?? '', HOME: sandbox.dir } },
  );
  server = child;
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const url = /https?:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (url) done(url[0]);
    });
    child.on('close', (code) => fail(new Error(`pwb serve --api exited ${code}: ${out}`)));
  });
}

const serveApi = (...args: string[]) => serveApiOn(sandbox.db, ...args);

describe('pwb serve --api', () => {
  it('serves production to a key holder, and follows a label moved by another pwb', async () => {
    const key = (await sandbox.pwb('apikey', 'create', 'shop')).stdout.trim();
    const url = await serveApi();
    const fetchVersion = async () => {
      const answer = await fetch(`${url}/v1/prompts/greet`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { version: string }).version;
    };
    expect(await fetchVersion()).toBe('1.0.0');
    expect((await sandbox.pwb('label', 'set', 'greet', 'production', '1.0.1')).code).toBe(0);
    expect(await fetchVersion()).toBe('1.0.1');
    const rendered = await fetch(`${url}/v1/prompts/greet/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { name: 'Ada' } }),
    });
    expect(await rendered.json()).toEqual({
      id: 'greet',
      version: '1.0.1',
      format: 'text',
      output: 'Hello Ada',
    });
    expect((await sandbox.pwb('apikey', 'revoke', 'shop')).code).toBe(0);
    const revoked = await fetch(`${url}/v1/prompts/greet`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.status).toBe(401);
  });

  it('refuses a non-loopback host without TLS, and flags that go only with --api', async () => {
    const open = await sandbox.pwb('serve', '--api', '--host', '0.0.0.0');
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/needs --tls-cert and --tls-key \(or --insecure-http/);
    expect((await sandbox.pwb('serve', '--insecure-http')).code).toBe(2);
    expect((await sandbox.pwb('serve', '--api', '--tls-cert', 'a.pem')).code).toBe(2);
  });
});

const postgres = usePostgres();

describe('pwb serve --api on a PostgreSQL library', () => {
  it('serves production to a key only an admin could make, follows a label moved by another client, and refuses a revoked key', async () => {
    const owner = await postgres.freshDatabase();
    const pwb = pwbIn(sandbox.dir);
    const init = await pwb('db', 'init', owner);
    expect(init.code, init.stderr).toBe(0);
    // Roles are server-wide: names unique to this run.
    const suffix = randomBytes(3).toString('hex');
    const login: Record<string, string> = {};
    for (const role of ['viewer', 'editor', 'publisher']) {
      const added = await pwb('--db', owner, 'users', 'add', `${role}_${suffix}`, '--role', role);
      expect(added.code, added.stderr).toBe(0);
      const url = new URL(owner);
      url.username = `${role}_${suffix}`;
      url.password = added.stdout.trim();
      login[role] = url.toString();
    }
    const as = (role: string, ...args: string[]) => pwb('--db', login[role] ?? owner, ...args);
    expect((await as('owner', 'save', 'greet', '--file', 'v1.yaml')).code).toBe(0);
    expect((await as('owner', 'save', 'greet', '--file', 'v2.yaml', '--base', '1.0.0')).code).toBe(
      0,
    );
    expect((await as('owner', 'label', 'set', 'greet', 'production', '1.0.0')).code).toBe(0);
    // Only admins make keys: the database refuses the others.
    for (const role of ['viewer', 'editor']) {
      const refused = await as(role, 'apikey', 'create', 'shop');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(
          `PostgreSQL refused: user '${role}_${suffix}' \\(${role}\\) may not create API keys`,
        ),
      );
    }
    const made = await as('owner', 'apikey', 'create', 'shop');
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^pwb_[A-Za-z0-9_-]{43}$/);
    const listed = JSON.parse((await as('owner', 'apikey', 'list', '--json')).stdout) as unknown;
    expect(listed).toEqual([
      expect.objectContaining({ name: 'shop', created_by: 'postgres', revoked_at: null }),
    ]);
    const stored = new pg.Client({ connectionString: owner });
    await stored.connect();
    try {
      const rows = await stored.query('SELECT * FROM api_keys');
      expect(rows.rows).toHaveLength(1);
      expect(JSON.stringify(rows.rows)).not.toContain(key.slice(4));
    } finally {
      await stored.end();
    }

    // The API runs as a viewer: reading is all it needs.
    const url = await serveApiOn(login['viewer'] ?? '');
    const fetchGreet = (headers: Record<string, string> = {}) =>
      fetch(`${url}/v1/prompts/greet`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    const first = await fetchGreet();
    expect(first.status).toBe(200);
    const shown = await as('owner', 'show', 'greet', '--label', 'production', '--json');
    expect(await first.text()).toBe(shown.stdout);
    const etag = first.headers.get('etag') ?? '';
    expect((await fetchGreet({ 'if-none-match': etag })).status).toBe(304);
    expect((await as('publisher', 'label', 'set', 'greet', 'production', '1.0.1')).code).toBe(0);
    await vi.waitFor(
      async () => {
        const moved = await fetchGreet({ 'if-none-match': etag });
        expect(moved.status).toBe(200);
        expect(((await moved.json()) as { version: string }).version).toBe('1.0.1');
      },
      { timeout: 5_000, interval: 50 },
    );
    const rendered = await fetch(`${url}/v1/prompts/greet/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { name: 'Ada' }, format: 'openai' }),
    });
    expect(await rendered.json()).toEqual({
      id: 'greet',
      version: '1.0.1',
      format: 'openai',
      output: expect.objectContaining({
        messages: [{ role: 'user', content: 'Hello Ada' }],
      }) as unknown,
    });
    const missing = await fetch(`${url}/v1/prompts/nope`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect([
      missing.status,
      ((await missing.json()) as { error: { code: string } }).error.code,
    ]).toEqual([404, 'not_found']);
    expect(
      (await fetch(`${url}/v1/prompts/greet`, { headers: { authorization: 'Bearer pwb_wrong' } }))
        .status,
    ).toBe(401);

    expect((await as('editor', 'apikey', 'revoke', 'shop')).code).toBe(1);
    expect((await fetchGreet()).status).toBe(200);
    expect((await as('owner', 'apikey', 'revoke', 'shop')).code).toBe(0);
    await vi.waitFor(async () => expect((await fetchGreet()).status).toBe(401), {
      timeout: 5_000,
      interval: 50,
    });
    const audit = JSON.parse((await as('owner', 'audit', '--json')).stdout) as {
      action: string;
      user: string;
    }[];
    expect(audit.filter((entry) => entry.action.startsWith('apikey_'))).toEqual([
      expect.objectContaining({ action: 'apikey_revoke', user: 'postgres' }),
      expect.objectContaining({ action: 'apikey_create', user: 'postgres' }),
    ]);
  });
});
