import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services';
import { openDatabase } from '../services/store/database';
import { createDispatcher } from '../services/dispatch';
import { createHandlers } from '../services/handlers';
import { GREETING, seedThrough } from './hostileLibrary';
import { bundlePwb, startServe } from './serveProcess';

const dir = mkdtempSync(join(tmpdir(), 'pwb-server-kill-'));
const dbPath = join(dir, 'library.db');
let bundle: string;

beforeAll(async () => {
  bundle = await bundlePwb();
  const services = createServices({ dbPath, actor: 'hardening' });
  try {
    await seedThrough(createDispatcher(createHandlers(services, { dbPath, transport: 'http' })));
  } finally {
    services.dispose();
  }
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // The bundle's folder holds a link to node_modules: remove the link, never follow it.
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
});

interface Acked {
  id: string;
  version: string;
  content: string;
}

/** Saves `id` over and over through the API until the connection dies; returns what got 200. */
async function saveLoop(
  call: (operation: string, body: unknown) => Promise<{ status: number; text: string }>,
  id: string,
  document: Record<string, unknown>,
  run: number,
  onAck: () => void = () => undefined,
): Promise<Acked[]> {
  const acked: Acked[] = [];
  let base: string | null;
  try {
    const current = JSON.parse((await call('getPrompt', { id })).text) as {
      ok: boolean;
      value?: { version: string };
    };
    base = current.ok && current.value ? current.value.version : null;
    for (let n = 0; ; n += 1) {
      const content = `run ${run} save ${n} of ${id}: Hello {{name}}! {{> signature}}`;
      const reply = await call('savePrompt', {
        document: { ...document, template: { content } },
        base,
        changelog: `run ${run} save ${n}`,
      });
      const body = JSON.parse(reply.text) as { ok: boolean; value?: { version: string } };
      if (reply.status !== 200 || !body.ok || !body.value) {
        throw new Error(`save refused: ${reply.text}`);
      }
      acked.push({ id, version: body.value.version, content });
      onAck();
      base = body.value.version;
    }
  } catch (error) {
    // The child died mid-request: anything not acknowledged may or may not be stored.
    if (error instanceof Error && error.message.startsWith('save refused')) throw error;
  }
  return acked;
}

describe('killing pwb serve during saves made through the HTTP API', () => {
  it('keeps every acknowledged save and an intact database, run after run', async () => {
    const acknowledged: Acked[] = [];
    for (let run = 0; run < 5; run += 1) {
      const server = await startServe(bundle, dbPath);
      const call = server.call.bind(server);
      // Kill at a random moment after the first acknowledged save, mid-write or between writes.
      const delay = Math.floor(Math.random() * 200);
      let firstAck: () => void = () => undefined;
      const acked = new Promise<void>((resolveAck) => (firstAck = resolveAck));
      const loops = Promise.all([
        saveLoop(call, 'greeting', GREETING, run, firstAck),
        saveLoop(call, 'second', { id: 'second', format: 'text' }, run),
      ]);
      await acked;
      await new Promise((resolveDelay) => setTimeout(resolveDelay, delay));
      await server.kill();
      const [greetings, seconds] = await loops;
      expect(greetings.length, `run ${run}`).toBeGreaterThan(0);
      acknowledged.push(...greetings, ...seconds);
      expect(server.process.signalCode).toBe('SIGKILL');

      const db = openDatabase(dbPath);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        for (const save of acknowledged) {
          const row = db
            .prepare('SELECT document FROM prompt_versions WHERE prompt_id = ? AND version = ?')
            .get(save.id, save.version) as { document: string } | undefined;
          expect(
            row,
            `run ${run} (kill after ${delay} ms): ${save.id} ${save.version}`,
          ).toBeDefined();
          const stored = JSON.parse(row?.document ?? '{}') as { template: { content: string } };
          expect(stored.template.content).toBe(save.content);
        }
        // The registry points at a stored version, and it is the newest one.
        const current = db
          .prepare('SELECT current_version FROM prompts WHERE id = ?')
          .pluck()
          .get('greeting') as string;
        const versions = db
          .prepare('SELECT version FROM prompt_versions WHERE prompt_id = ?')
          .pluck()
          .all('greeting') as string[];
        expect(versions).toContain(current);
        const newest = acknowledged.filter((save) => save.id === 'greeting').at(-1);
        if (newest) expect(versions).toContain(newest.version);
      } finally {
        db.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('a planted API key through the served API', () => {
  // A GitHub token as secretlint's recommended preset detects it (ghp_ + 36 alphanumerics).
  const token = `ghp_${'A1b2C3d4E5f6G7h8I9j0'}${'K1l2M3n4O5p6Q7r8'}`;

  it('is reported on save, and never appears in an answer, a log line or the database', async () => {
    const server = await startServe(bundle, dbPath);
    let answer: { status: number; text: string };
    try {
      answer = await server.call('savePrompt', {
        document: {
          ...GREETING,
          id: 'leaky',
          template: { content: `Use the key\n  ${token} to call GitHub.` },
        },
      });
    } finally {
      await server.kill();
    }
    const body = JSON.parse(answer.text) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toBe(
      'Possible secret found: github in template at line 2, column 3. Remove it, or use --allow-secrets ("Save anyway" in the app) to save anyway.',
    );
    expect(answer.text).not.toContain(token);
    expect(answer.text).not.toContain(token.slice(4, 20));
    expect(server.output()).not.toContain(token.slice(4, 20));
    for (const file of [dbPath, `${dbPath}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(token.slice(4, 20))).toBe(false);
    }
  }, 60_000);
});
