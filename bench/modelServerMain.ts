// The local protocol server (`electron/testKit/modelServer.ts`) as a process of its own, as a
// real provider runs: `node --import tsx bench/modelServerMain.ts --latency-ms=20` prints
// `port <n>` once it listens, and exits when its standard input closes (the bench ended or
// died) or on SIGTERM/SIGINT. Started by `modelServerChild.ts`; the unit tests keep the
// in-process server.
import { startModelServer } from '../electron/testKit/modelServer';

function latencyArg(argv: readonly string[]): number {
  const arg = argv.find((value) => value.startsWith('--latency-ms='));
  if (arg === undefined) return 0;
  const ms = Number(arg.slice('--latency-ms='.length));
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`--latency-ms wants milliseconds (a number ≥ 0), not '${arg}'`);
  }
  return ms;
}

async function main(): Promise<void> {
  const server = await startModelServer({ latencyMs: latencyArg(process.argv.slice(2)) });
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void server.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`port ${new URL(server.url).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
