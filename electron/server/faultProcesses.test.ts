// The library's faults with real processes: another process holding the write lock while the
// real server answers, a read-only copy opened by an unprivileged user, and a full disk (a
// small tmpfs this test mounts). Each goes through the HTTP API and the `pwb` command.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createServices } from '../services/index';
import { NOBODY, serveChild } from '../testKit/serveChild';
import { startBrowserMode, type BrowserMode } from './browserMode';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PWB = join(ROOT, 'bin', 'pwb.mjs');

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const promptDoc = (id: string, content = 'Hello {{name}}, about {{topic}}.') => ({
  id,
  version: '1.0.0',
  format: 'text',
  template: { content },
  metadata: { description: `${id} for the fault tests`, tags: ['faults'] },
});

/** A library of three prompts at `dbPath`, closed cleanly (no log or shared-memory file left). */
async function buildLibrary(dbPath: string): Promise<void> {
  const services = createServices({ dbPath, actor: 'test' });
  for (const id of ['alpha', 'beta', 'gamma']) {
    services.prompts.save({ document: promptDoc(id) as never });
  }
  await services.dispose();
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `pwb` in its own process, as root or (`asNobody`) as the unprivileged user. */
function pwb(args: string[], options: { asNobody?: boolean } = {}): Promise<Run> {
  const command = options.asNobody
    ? [
        'setpriv',
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        process.execPath,
        PWB,
        ...args,
      ]
    : [process.execPath, PWB, ...args];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, HOME: tmpdir() },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** The API of a running server: one contract call, answered with status and body. */
interface Api {
  call(
    op: string,
    body: unknown,
  ): Promise<{ status: number; retryAfter: string | null; outcome: Outcome }>;
}
type Outcome =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function apiAt(serverUrl: string): Api {
  const url = new URL(serverUrl);
  const token = url.searchParams.get('token') ?? '';
  return {
    async call(op, body) {
      const response = await fetch(new URL(`/api/${op}`, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        outcome: (await response.json()) as Outcome,
      };
    },
  };
}

async function serveHere(dbPath: string): Promise<Api> {
  const mode: BrowserMode = await startBrowserMode({
    dbPath,
    port: 0,
    staticDir: join(dbPath, '..', 'no-page'),
    log: () => undefined,
    warn: () => undefined,
  });
  cleanups.push(() => mode.stop());
  return apiAt(mode.server.url);
}

/** `pwb serve` in its own process (as nobody when asked); resolves once it prints its URL. */
async function serveProcess(dbPath: string, asNobody: boolean): Promise<Api> {
  const served = serveChild({ dbPath, asNobody });
  cleanups.push(() => stopChild(served.child));
  return apiAt(await served.url);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/**
 * Another process that takes the library's write lock (`BEGIN IMMEDIATE`) and holds it until
 * told to commit on its standard input.
 */
async function holdWriteLock(dbPath: string): Promise<{ release: () => Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); });
    process.stdin.on('end', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', script, dbPath], { cwd: ROOT });
  cleanups.push(() => {
    child.stdin.end();
    return stopChild(child);
  });
  const said = (word: string) =>
    new Promise<void>((done, fail) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(word)) {
          child.stdout.off('data', onData);
          done();
        }
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => fail(new Error(`the lock holder exited ${code}`)));
    });
  await said('locked');
  return {
    release: async () => {
      const released = said('released');
      child.stdin.write('commit\n');
      await released;
    },
  };
}

/** Writes `file` until the disk refuses; returns the refusal's code. */
function fillDisk(file: string): string | undefined {
  const handle = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(handle, chunk);
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    closeSync(handle);
  }
}

const isRoot = process.getuid?.() === 0;
/** Why the mount test cannot run here, or null when it can. */
function mountRefusal(): string | null {
  if (!isRoot) return 'mounting a tmpfs needs root';
  const probe = mkdtempSync(join(tmpdir(), 'pwb-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount is not permitted here (${(error as Error).message.split('\n')[0] ?? ''})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const cannotMount = mountRefusal();
if (!isRoot) console.warn('faultProcesses: the read-only test is skipped: it needs root');
if (cannotMount) console.warn(`faultProcesses: the full-disk test is skipped: ${cannotMount}`);

beforeAll(async () => {
  // Builds the CLI bundles once, as root: the unprivileged runs below only read them.
  const dir = mkdtempSync(join(tmpdir(), 'pwb-warm-'));
  try {
    await pwb(['--db', join(dir, 'warm.db'), 'list']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

describe('another process holds the write lock', () => {
  it('the server lists, shows, searches and renders; a save ends in busy, or lands once the lock is released', async () => {
    const dir = tempDir('pwb-lock-');
    const dbPath = join(dir, 'library.db');
    await buildLibrary(dbPath);
    const api = await serveHere(dbPath);
    const lock = await holdWriteLock(dbPath);

    const listed = await api.call('listPrompts', {});
    expect(listed.status).toBe(200);
    expect(listed.outcome).toMatchObject({ ok: true, value: { total: 3 } });
    expect(await api.call('listPrompts', { search: 'beta' })).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { total: 1 } },
    });
    expect(await api.call('getPrompt', { id: 'alpha' })).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { id: 'alpha' } },
    });
    // A render records a metric event: it waits in memory, never holding up the answer.
    expect(
      await api.call('renderPreview', { id: 'gamma', variables: { name: 'Ada', topic: 'locks' } }),
    ).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { text: 'Hello Ada, about locks.' } },
    });

    const refused = await api.call('savePrompt', { document: promptDoc('delta') });
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).not.toBeNull();
    expect(refused.outcome).toMatchObject({
      ok: false,
      error: { code: 'busy', message: expect.stringMatching(/Another program is writing/) },
    });

    // The command line in its own process: reads work, a save is refused with the same words.
    const rendered = await pwb([
      '--db',
      dbPath,
      'render',
      'alpha',
      '--var',
      'name=Bo',
      '--var',
      'topic=x',
    ]);
    expect(rendered).toMatchObject({ code: 0, stdout: 'Hello Bo, about x.' });
    const promptFile = join(dir, 'epsilon.yaml');
    writeFileSync(promptFile, stringify(promptDoc('epsilon')));
    const cliSave = await pwb(['--db', dbPath, 'save', 'epsilon', '--file', promptFile]);
    expect(cliSave.code).toBe(1);
    expect(cliSave.stderr).toMatch(/Another program is writing to this library/);

    // A save that meets the lock waits for it on timers and lands once it is released.
    const waiting = api.call('savePrompt', { document: promptDoc('zeta') });
    await new Promise((settle) => setTimeout(settle, 300));
    await lock.release();
    expect(await waiting).toMatchObject({ status: 200, outcome: { ok: true } });
    const after = await api.call('listPrompts', {});
    const ids = (after.outcome as { value: { items: { id: string }[] } }).value.items.map(
      (item) => item.id,
    );
    expect(ids.sort()).toEqual(['alpha', 'beta', 'gamma', 'zeta']);
  }, 60_000);
});

describe.skipIf(!isRoot)('a read-only copy opened by an unprivileged user', () => {
  it('lists and renders through pwb and the server, and refuses saves with read_only', async () => {
    const dir = tempDir('pwb-readonly-');
    const dbPath = join(dir, 'library.db');
    await buildLibrary(dbPath);
    const promptFile = join(dir, 'delta.yaml');
    writeFileSync(promptFile, stringify(promptDoc('delta')));
    // Owned by root: nobody may read the folder and its files, and write none of them.
    chmodSync(dir, 0o755);
    chmodSync(dbPath, 0o644);
    chmodSync(promptFile, 0o644);

    const listed = await pwb(['--db', dbPath, 'list'], { asNobody: true });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/alpha[\s\S]*beta[\s\S]*gamma/);
    const rendered = await pwb(
      ['--db', dbPath, 'render', 'beta', '--var', 'name=Cy', '--var', 'topic=ro'],
      { asNobody: true },
    );
    expect(rendered).toMatchObject({ code: 0, stdout: 'Hello Cy, about ro.' });
    const saved = await pwb(['--db', dbPath, 'save', 'delta', '--file', promptFile], {
      asNobody: true,
    });
    expect(saved.code).toBe(1);
    expect(saved.stderr).toMatch(/read-only/);

    const api = await serveProcess(dbPath, true);
    expect(await api.call('listPrompts', {})).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { total: 3 } },
    });
    expect(
      await api.call('renderPreview', { id: 'alpha', variables: { name: 'Di', topic: 'ro' } }),
    ).toMatchObject({ status: 200, outcome: { ok: true, value: { text: 'Hello Di, about ro.' } } });
    expect(await api.call('savePrompt', { document: promptDoc('delta') })).toMatchObject({
      status: 409,
      outcome: { ok: false, error: { code: 'read_only' } },
    });
  }, 60_000);
});

describe.skipIf(cannotMount !== null)('a full disk', () => {
  it('refuses saves with disk_full (507 and exit 1) while reads go on', async () => {
    const dir = tempDir('pwb-full-');
    const mount = join(dir, 'disk');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
    cleanups.push(() => void execFileSync('umount', ['-l', mount]));
    const dbPath = join(mount, 'library.db');
    await buildLibrary(dbPath);
    const api = await serveHere(dbPath);

    expect(fillDisk(join(mount, 'filler'))).toBe('ENOSPC');

    // A prompt far bigger than any space left in the library's log.
    const big = promptDoc('huge', `Hello {{name}}. ${'A long template line. '.repeat(20_000)}`);
    const refused = await api.call('savePrompt', { document: big });
    expect(refused.status).toBe(507);
    expect(refused.outcome).toMatchObject({
      ok: false,
      error: { code: 'disk_full', message: expect.stringMatching(/disk .* is full/) },
    });
    expect(await api.call('listPrompts', {})).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { total: 3 } },
    });
    expect(
      await api.call('renderPreview', { id: 'alpha', variables: { name: 'Ed', topic: 'space' } }),
    ).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { text: 'Hello Ed, about space.' } },
    });

    const promptFile = join(dir, 'huge.yaml');
    writeFileSync(promptFile, stringify(big));
    const cliSave = await pwb(['--db', dbPath, 'save', 'huge', '--file', promptFile]);
    expect(cliSave.code).toBe(1);
    expect(cliSave.stderr).toMatch(/disk .* is full/);
    const cliList = await pwb(['--db', dbPath, 'list']);
    expect(cliList.code).toBe(0);
    expect(cliList.stdout).toMatch(/alpha/);
  }, 60_000);
});
