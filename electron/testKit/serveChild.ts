// Test kit: the real `pwb serve` in a child process, as this user or as the unprivileged
// `nobody` (through setpriv), for tests that need the server in a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PWB = join(ROOT, 'bin', 'pwb.mjs');
/** The uid and gid of `nobody`. */
export const NOBODY = 65534;
const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;

/** What `serveChild` starts. */
export interface ServeChildOptions {
  /** The library the server opens (`pwb --db`). */
  dbPath: string;
  /** Runs it as `nobody` (root only), with HOME in the temp folder. */
  asNobody?: boolean;
}

/** A started `pwb serve`: its process (the caller stops it) and the URL it prints. */
export interface ServeChild {
  child: ChildProcess;
  /** The page's URL with its token, once the server prints it; rejects if it exits first. */
  url: Promise<string>;
}

/**
 * Starts `pwb --db <dbPath> serve --port 0` from the repository root. The caller registers
 * `child` for its own clean-up before awaiting `url`, so a server that never answers is still
 * stopped.
 */
export function serveChild({ dbPath, asNobody = false }: ServeChildOptions): ServeChild {
  const args = [PWB, '--db', dbPath, 'serve', '--port', '0'];
  const child = asNobody
    ? spawn(
        'setpriv',
        [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...args],
        { cwd: ROOT, env: { ...process.env, HOME: tmpdir() } },
      )
    : spawn(process.execPath, args, { cwd: ROOT });
  const url = new Promise<string>((done, fail) => {
    let output = '';
    child.on('exit', (code) => fail(new Error(`pwb serve exited ${code}: ${output}`)));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match?.[1]) done(match[1]);
    });
  });
  return { child, url };
}
