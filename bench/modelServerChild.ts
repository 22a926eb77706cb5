// Starts the local protocol server in a child process (`modelServerMain.ts`), so the bench's
// model calls cross to another process as they do to a real provider, instead of sharing the
// measured runner's event loop with the server answering them.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, trackChild } from './serve';

/** A model server running in its own process. */
export interface ModelServerChild {
  /** `http://127.0.0.1:PORT`: the Anthropic SDK's base URL. */
  url: string;
  /** `http://127.0.0.1:PORT/v1`: the OpenAI SDK's base URL. */
  openaiUrl: string;
  pid: number;
  /** The server process's CPU time so far (user + system), in milliseconds. */
  cpuMs(): number;
  /** Stops the server and waits for its exit. */
  close(): Promise<void>;
}

const PORT_LINE = /^port (\d+)$/m;

/**
 * Runs `node --import tsx bench/modelServerMain.ts --latency-ms=<latencyMs>` and waits for the
 * port it prints. The child is stopped by `close`, by `stopAllServers`, when this process exits,
 * and on its own when its standard input (a pipe from this process) closes.
 */
export function startModelServerChild(
  options: { latencyMs: number },
  timeoutMs = 30_000,
): Promise<ModelServerChild> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'bench', 'modelServerMain.ts'),
      `--latency-ms=${options.latencyMs}`,
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const stop = trackChild(child);
  return new Promise((done, fail) => {
    const pid = child.pid;
    if (pid === undefined) {
      void stop();
      fail(new Error('the model server did not start'));
      return;
    }
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`the model server printed no port within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      fail(new Error(`the model server exited ${code} before printing its port:\n${output}`));
    };
    child.on('exit', onExit);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = PORT_LINE.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      const url = `http://127.0.0.1:${match[1]}`;
      done({
        url,
        openaiUrl: `${url}/v1`,
        pid,
        cpuMs: () => cpuMsOf(pid),
        close: () => {
          child.stdin.end();
          return stop();
        },
      });
    });
  });
}

let ticksPerSecond: number | undefined;

/** User + system CPU time of a process, from /proc/<pid>/stat (clock ticks), in milliseconds. */
function cpuMsOf(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  // Fields after the command name (which is in parentheses and may hold spaces): state is the
  // first, utime the 12th and stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / ticksPerSecond;
}
