// Starts the real `pwb serve` on a temp database for one test and reads its tokened URL.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (e2e/ sits directly under it). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The seed's example library, read in place (never copied into the project). */
export const SEED_EXAMPLES = resolve(REPO_ROOT, '../shared/seed/examples');

const PWB = join(REPO_ROOT, 'bin', 'pwb.mjs');
const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

/** A temp folder holding the test's database. */
export interface Sandbox {
  dir: string;
  dbPath: string;
  dispose(): Promise<void>;
}

/** Makes a temp dir with a database path inside it. */
export async function makeSandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'pwb-e2e-'));
  return {
    dir,
    dbPath: join(dir, 'library.db'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs `pwb --db <db> <args>` to completion (setup steps such as importing the seed). */
export function runPwb(dbPath: string | null, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [PWB, ...(dbPath ? ['--db', dbPath] : []), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(out) : fail(new Error(`pwb ${args[0]} exited ${code}: ${err.trim()}`)),
    );
  });
}

/** A running `pwb serve`. */
export interface RunningServe {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `pwb --db <db> serve --port 0` and resolves with the URL it prints; `env` adds to its
 * environment (a team library's tests point XDG_CONFIG_HOME, where unsaved changes are kept, at
 * their sandbox).
 */
export function startServe(
  dbPath: string,
  timeoutMs = 45_000,
  env: Record<string, string> = {},
): Promise<RunningServe> {
  const child: ChildProcess = spawn(
    process.execPath,
    [PWB, '--db', dbPath, 'serve', '--port', '0'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`pwb serve printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      done({ url: match[1], stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`pwb serve exited ${code} before printing its URL:\n${output}`));
    });
  });
}
