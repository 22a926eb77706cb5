import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { createDispatcher } from '../services/dispatch';
import type { Handlers } from '../services/dispatch';
import { startServer } from './httpServer';
import type { RunningServer } from './httpServer';
import { callApi, rawRequest } from './httpTestClient';
import type { RawRequest } from './httpTestClient';
import { CONTENT_SECURITY_POLICY } from './security';

/** One raw request to `path` on `port`. */
const call = (port: number, path: string, options: Omit<RawRequest, 'path'> = {}) =>
  rawRequest(port, { ...options, path });

let calls = 0;
const handlers = {
  getPrompt: ({ id }: { id: string }) => {
    throw new AppError('not_found', `Prompt '${id}' not found`);
  },
  appInfo: () => {
    calls += 1;
    return { version: '0.0.0-test', dbPath: ':memory:', transport: 'http' as const };
  },
} as unknown as Handlers;

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-server-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>pwb</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'startWorkbench-BVINuR2Z.js'), 'console.log(2)');
  writeFileSync(join(tmpdir(), 'pwb-outside.txt'), 'secret');
  server = await startServer({ dispatcher: createDispatcher(handlers), staticDir: dir, port: 0 });
});

afterAll(async () => {
  await server.close();
});

const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  callApi(server, method, JSON.stringify(body), { headers });

describe('browser-mode server', () => {
  it('prints a loopback URL carrying a token of at least 128 bits', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=`));
    expect(Buffer.from(server.token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('answers a contract call with the right token', async () => {
    const reply = await api('appInfo', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({
      ok: true,
      value: { version: '0.0.0-test', dbPath: ':memory:', transport: 'http' },
    });
  });

  it('refuses a missing token with 401 before the handler runs', async () => {
    const before = calls;
    const reply = await call(server.port, '/api/appInfo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text).error.code).toBe('unauthorized');
    expect(calls).toBe(before);
  });

  it('refuses a wrong token with 401', async () => {
    const reply = await api('appInfo', {}, { authorization: `Bearer ${'x'.repeat(43)}` });
    expect(reply.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) with 403', async () => {
    const reply = await api('appInfo', {}, { host: `evil.example:${server.port}` });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text).error.message).toMatch(/Host/);
  });

  it('refuses a foreign Origin with 403 and accepts our own', async () => {
    const foreign = await api('appInfo', {}, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const own = await api('appInfo', {}, { origin: `http://localhost:${server.port}` });
    expect(own.status).toBe(200);
  });

  it('rejects a malformed request with a typed error and does not call the handler', async () => {
    const before = calls;
    const reply = await api('appInfo', { surprise: 1 });
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.text);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toContain("unknown field 'surprise'");
    expect(calls).toBe(before);
  });

  it('rejects an unknown operation, bad JSON and a wrong content type', async () => {
    expect((await api('dropTables', {})).status).toBe(404);
    const badJson = await call(server.port, '/api/appInfo', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.token}`,
        'content-type': 'application/json',
      },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    const form = await api('appInfo', {}, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('carries an application error in the body with 200, so the page console stays quiet', async () => {
    const reply = await api('getPrompt', { id: 'nope' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({
      ok: false,
      error: { code: 'not_found', message: "Prompt 'nope' not found" },
    });
  });

  it('refuses an oversized body with 413', async () => {
    const reply = await api('appInfo', { pad: 'x'.repeat(9 * 1024 * 1024) });
    expect(reply.status).toBe(413);
  });

  it('serves the page with a CSP that forbids eval', async () => {
    const reply = await call(server.port, '/', { headers: { host: `127.0.0.1:${server.port}` } });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<title>pwb</title>');
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves assets but never files outside its folder', async () => {
    const asset = await call(server.port, '/assets/app.js', {
      headers: { host: `localhost:${server.port}` },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const escape = await call(server.port, '/..%2f..%2fpwb-outside.txt', {
      headers: { host: `localhost:${server.port}` },
    });
    expect(escape.text).not.toContain('secret');
  });

  it('lets the browser keep hashed assets for good, but never the page', async () => {
    const get = (path: string) =>
      call(server.port, path, { headers: { host: `localhost:${server.port}` } });
    const hashed = await get('/assets/startWorkbench-BVINuR2Z.js');
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/app.js')).headers['cache-control']).toBe('public, max-age=3600');
    expect((await get('/')).headers['cache-control']).toBe('no-store');
  });

  it('refuses a foreign Host for the page too', async () => {
    const reply = await call(server.port, '/', { headers: { host: 'evil.example' } });
    expect(reply.status).toBe(403);
  });

  it('will not listen on a non-loopback address', async () => {
    await expect(
      startServer({ dispatcher: createDispatcher(handlers), host: '0.0.0.0' }),
    ).rejects.toThrow(/loopback/);
  });
});
