// Runs the real `pwb serve` on a benchmark database and reads its URL and its resident memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ sits directly under it). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

/** A running `pwb serve` child process. */
export interface Served {
  url: string;
  pid: number;
  /** Resident memory of the serving process now, in MB (VmRSS). */
  rssMb(): number;
  /** Peak resident memory of the serving process so far, in MB (VmHWM). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

const running = new Set<() => Promise<void>>();
const children = new Set<ChildProcess>();

/** Stops every server this process started and has not stopped yet (for a run cut short). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

// A bench that exits without stopping its servers (process.exit, an uncaught error) kills them.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Keeps `child` until it is stopped: `stopAllServers` and this process's exit stop it too. The
 * returned stop sends SIGTERM, then SIGKILL after 5 s, and resolves once the child has exited.
 */
export function trackChild(child: ChildProcess): () => Promise<void> {
  children.add(child);
  child.once('exit', () => children.delete(child));
  const stop = (): Promise<void> =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }).finally(() => running.delete(stop));
  running.add(stop);
  return stop;
}

/** The read API's first line names the library, its second the URL (no token). */
const API_URL_LINE = /\n(http:\/\/127\.0\.0\.1:\d+)\n/;

/**
 * Starts `node bin/pwb.mjs --db <dbPath> serve --port 0` (with `--api`: the read API) and waits
 * for its URL.
 */
export function startServe(
  dbPath: string,
  timeoutMs = 60_000,
  options: { api?: boolean } = {},
): Promise<Served> {
  const urlLine = options.api ? API_URL_LINE : URL_LINE;
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin', 'pwb.mjs'),
      '--db',
      dbPath,
      'serve',
      ...(options.api ? ['--api'] : []),
      '--port',
      '0',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  const stop = trackChild(child);
  return new Promise((done, fail) => {
    if (pid === undefined) {
      fail(new Error('pwb serve did not start'));
      return;
    }
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`pwb serve printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      fail(new Error(`pwb serve exited ${code} before printing its URL:\n${output}`));
    };
    child.on('exit', onExit);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = urlLine.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      done({
        url: match[1],
        pid,
        rssMb: () => statusKb(pid, 'VmRSS') / 1024,
        peakRssMb: () => statusKb(pid, 'VmHWM') / 1024,
        stop,
      });
    });
  });
}

/** A `kB` field of /proc/<pid>/status. */
function statusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}
