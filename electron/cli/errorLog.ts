// Where `pwb` puts what it knows about an unexpected error: a log file beside the database, and
// stderr under --debug. The user's terminal gets one line either way.
import { appendFileSync } from 'node:fs';
import type { ErrorLog } from '../services/dispatch';
import type { CliIo } from './io';

/** Longest error message kept: enough to recognise it, too short to carry a whole value. */
const MAX_MESSAGE = 200;

/** The error log of one CLI run. */
export interface CliErrorLog extends ErrorLog {
  /** The log file: `<database>.log`. */
  readonly file: string;
  /** True once an error was recorded in this run. */
  readonly logged: boolean;
}

/**
 * The error's name, its message cut short (a message may quote data, and variable values must
 * not reach a log in full), and its stack frames.
 */
export function describeForLog(cause: unknown): string {
  if (!(cause instanceof Error)) return `${typeof cause} thrown`;
  const message =
    cause.message.length > MAX_MESSAGE ? `${cause.message.slice(0, MAX_MESSAGE)}…` : cause.message;
  const frames = (cause.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const head = `${cause.name}: ${message.replaceAll('\n', ' ')}`;
  const causeOf = cause.cause === undefined ? [] : [`caused by ${describeForLog(cause.cause)}`];
  return [head, ...frames, ...causeOf].join('\n');
}

/** A log that appends to `<dbPath>.log` and, under `debug`, also writes to stderr. */
export function internalErrorLog(options: {
  dbPath: string;
  command: string;
  debug: boolean;
  io: CliIo;
}): CliErrorLog {
  const file = `${options.dbPath}.log`;
  let logged = false;
  return {
    file,
    get logged() {
      return logged;
    },
    error(message, cause) {
      const text = `${message}\n${describeForLog(cause)}\n`;
      if (options.debug) options.io.stderr(text);
      try {
        appendFileSync(file, `${new Date().toISOString()} pwb ${options.command}: ${text}`, {
          mode: 0o600,
        });
        logged = true;
      } catch (error) {
        if (options.debug) options.io.stderr(`pwb: could not write ${file}: ${String(error)}\n`);
      }
    },
  };
}
