// Test kit for the command line: runs `pwb` in-process against a temp database and captures output.
import { mkdtempSync, writeFileSync } from 'node:fs';
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

/** `pwb` bound to one library (its `--db` given by the caller or the sandbox). */
export type Pwb = (...args: string[]) => Promise<CliRun>;

/** Adds the test kit's model server (its OpenAI-style URL) as provider `local`: models `local:…`. */
export function addLocalProvider(pwb: Pwb, openaiUrl: string): Promise<CliRun> {
  return pwb('providers', 'add', 'local', '--kind', 'openai-compatible', '--base-url', openaiUrl);
}

/** Writes `csv` as `rows.csv` in `dir` and imports it as the test cases of `prompt`. */
export function importTestRows(
  pwb: Pwb,
  dir: string,
  prompt: string,
  csv: string,
): Promise<CliRun> {
  const file = join(dir, 'rows.csv');
  writeFileSync(file, csv);
  return pwb('tests', 'import', prompt, file);
}
