// Test kit: the real `pwb serve` as a child process (bundled once by esbuild for a fast start).
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { REQUIRE_BANNER } from '../services/files/workerEntry';

const repoRoot = resolve(import.meta.dirname, '../..');

/** A running `pwb serve` child. */
export interface ServeChild {
  process: ChildProcessWithoutNullStreams;
  url: string;
  token: string;
  /** Everything the child printed so far, both streams. */
  output(): string;
  /** Calls one operation; rejects when the connection dies (the child was killed). */
  call(operation: string, body: unknown): Promise<{ status: number; text: string }>;
  /** Kills the child with SIGKILL and waits for it to be gone. */
  kill(): Promise<void>;
}

/**
 * Bundles the `pwb` entry point into a temp folder. Starting plain node on one file is several
 * times faster than `bin/pwb.mjs` through tsx; the code is the same. Returns the bundle's path.
 */
export async function bundlePwb(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-serve-bundle-'));
  // better-sqlite3 is native: the bundle imports it from ours through this link.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const outfile = join(dir, 'pwb.mjs');
  await build({
    entryPoints: [join(repoRoot, 'electron/cli/entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3'],
    logLevel: 'silent',
    // CommonJS dependencies inside an ES module bundle need a require of their own.
    banner: { js: REQUIRE_BANNER },
  });
  return outfile;
}

/** Starts `pwb --db <dbPath> serve --port 0` and waits for the URL it prints. */
export function startServe(bundle: string, dbPath: string): Promise<ServeChild> {
  const child = spawn(process.execPath, [bundle, '--db', dbPath, 'serve', '--port', '0'], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let printed = '';
  const exited = new Promise<void>((resolveExit) => child.once('close', () => resolveExit()));
  return new Promise((resolveStart, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pwb serve did not start: ${printed}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=([\w-]+)/.exec(printed);
      if (!match) return;
      clearTimeout(guard);
      const url = match[0];
      const token = match[1] as string;
      const base = new URL(url).origin;
      resolveStart({
        process: child,
        url,
        token,
        output: () => printed,
        async call(operation, body) {
          const response = await fetch(`${base}/api/${operation}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          return { status: response.status, text: await response.text() };
        },
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(guard);
      reject(new Error(`pwb serve exited (${String(code)}): ${printed}`));
    });
  });
}
