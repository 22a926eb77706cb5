// The streams and environment a CLI run uses, so tests can run it in-process.
import { MAX_JSON_INPUT_BYTES, readBoundedStream } from './readInput';

/** Where a CLI run reads and writes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: () => readBoundedStream(process.stdin, 'standard input', MAX_JSON_INPUT_BYTES),
    env: process.env,
    cwd: process.cwd(),
  };
}
