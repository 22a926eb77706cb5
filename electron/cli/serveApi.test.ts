// `pwb serve --api` as a real process: an application fetches `production`, and a label moved by
// another `pwb` process changes what it gets.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSandbox } from './cliTestKit';

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

/** Starts `pwb serve --api` and resolves with its URL once it listens. */
function serveApi(...args: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/pwb.mjs'), '--db', sandbox.db, 'serve', '--api', '--port', '0', ...args],
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
