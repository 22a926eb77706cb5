// Test kit for the command line: runs `pwb` in-process against a temp database and captures output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './main';

/** What one run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp folder with a database path, and a `pwb` bound to it. */
export function cliSandbox(): {
  dir: string;
  db: string;
  pwb: (...args: string[]) => Promise<CliRun>;
  pwbWithStdin: (stdin: string, ...args: string[]) => Promise<CliRun>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-cli-'));
  const db = join(dir, 'library.db');
  const run = async (stdin: string, args: string[]): Promise<CliRun> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--db', db, ...args], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => stdin,
      env: {},
      cwd: dir,
    });
    return { code, stdout, stderr };
  };
  return {
    dir,
    db,
    pwb: (...args) => run('', args),
    pwbWithStdin: (stdin, ...args) => run(stdin, args),
  };
}

/** `pwb` run in-process in folder `cwd` with no --db of its own (the test names every library). */
export function pwbIn(cwd: string): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => '',
      env: {},
      cwd,
    });
    return { code, stdout, stderr };
  };
}
