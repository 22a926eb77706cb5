// `pwb`: the command line over the same services and contract as the app.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { AppError, fromSerialized } from '../../src-shared/errors';
import type { ErrorLog } from '../services/dispatch';
import { defaultDatabasePath } from '../services/store';
import { openWorkbench } from '../services/workbench';
import { startBrowserMode, untilSignal } from '../server/browserMode';
import { DEFAULT_HOST, LOOPBACK_HOSTS, isLoopbackHost } from '../server/security';
import { backupNow, restoreBackup } from '../services/backup/backups';
import { COMMANDS } from './commands';
import { serveApi } from './serveApi';
import type { CliIo } from './io';
import { internalErrorLog } from './errorLog';
import type { CliErrorLog } from './errorLog';
import { USAGE, UsageError } from './usage';
import { parseArgs } from 'node:util';
import { isPostgresUrl } from '../services/postgres/pgLibrary';
import { openPostgresWorkbench } from '../services/postgres/pgWorkbench';
import { describeForLog } from './errorLog';
import { copyCommand, dbCommand, usersCommand, usersNeedPostgres } from './teamCommands';

interface GlobalOptions {
  db?: string;
  /** `--metrics-retention DAYS`: stored in the library before the command runs. */
  metricsRetention?: number;
  help: boolean;
  debug: boolean;
  rest: string[];
}

function globalOptions(argv: string[]): GlobalOptions {
  const options: GlobalOptions = { help: false, debug: false, rest: [] };
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] as string;
    if (arg === '--db') {
      const value = argv[index + 1];
      if (value === undefined || value === '') throw new UsageError('--db needs a PATH');
      options.db = value;
      index += 2;
    } else if (arg.startsWith('--db=')) {
      options.db = arg.slice('--db='.length);
      index += 1;
    } else if (arg === '--debug') {
      options.debug = true;
      index += 1;
    } else if (arg === '--metrics-retention' || arg.startsWith('--metrics-retention=')) {
      const inline = arg.includes('=');
      const value = inline ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
      options.metricsRetention = retentionDays(value);
      index += inline ? 1 : 2;
    } else if (arg === '-h' || arg === '--help') {
      options.help = true;
      index += 1;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}' before the command`);
    } else break;
  }
  options.rest = argv.slice(index);
  return options;
}

function retentionDays(value: string | undefined): number {
  const days = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(days) || days < 1 || days > 3650) {
    throw new UsageError('--metrics-retention needs a whole number of DAYS from 1 to 3650');
  }
  return days;
}

/**
 * Stores the library's metrics retention (pruning older events at once); returns the days. On
 * PostgreSQL only admins may (the database refuses the others).
 */
async function storeRetention(dbPath: string, days: number, team: boolean): Promise<number> {
  const workbench = team
    ? await openPostgresWorkbench({ url: dbPath, transport: 'cli' })
    : await openWorkbench({ dbPath, transport: 'cli' });
  try {
    const outcome = await workbench.dispatcher.dispatch('setMetricsRetention', { days });
    if (!outcome.ok) throw fromSerialized(outcome.error);
    return days;
  } finally {
    await workbench.dispose();
  }
}

async function serve(args: string[], dbPath: string, io: CliIo, log: ErrorLog): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        static: { type: 'string' },
        api: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'insecure-http': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`serve: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
  const port = parsed.values.port === undefined ? 0 : Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError('serve: --port must be an integer between 0 and 65535');
  }
  if (parsed.values.api) {
    if (parsed.values.static)
      throw new UsageError('serve: --static serves the page; not with --api');
    return serveApi(
      {
        port,
        host: parsed.values.host,
        tlsCert: parsed.values['tls-cert'],
        tlsKey: parsed.values['tls-key'],
        insecureHttp: parsed.values['insecure-http'] === true,
      },
      dbPath,
      io,
      log,
    );
  }
  for (const flag of ['tls-cert', 'tls-key', 'insecure-http'] as const) {
    if (parsed.values[flag] !== undefined) throw new UsageError(`serve: --${flag} goes with --api`);
  }
  const host = parsed.values.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host)) {
    const hosts = `${LOOPBACK_HOSTS.slice(0, -1).join(', ')} or ${LOOPBACK_HOSTS.at(-1)}`;
    throw new UsageError(`serve: --host must be a loopback address (${hosts})`);
  }
  const session = await startBrowserMode({
    dbPath,
    port,
    host,
    ...(parsed.values.static ? { staticDir: resolve(io.cwd, parsed.values.static) } : {}),
    log: (line) => io.stdout(`${line}\n`),
    warn: (line) => io.stderr(`pwb: ${line}\n`),
  });
  await untilSignal();
  await session.stop();
  return 0;
}

async function backup(args: string[], dbPath: string, io: CliIo, log: ErrorLog): Promise<number> {
  const { values, positionals } = parseCommand(args, { to: { type: 'string' } }, 'backup');
  if (positionals.length > 0)
    throw new UsageError(`backup: unexpected argument '${positionals[0]}'`);
  const workbench = await openWorkbench({ dbPath, transport: 'cli', log });
  try {
    const to = values.to === undefined ? {} : { to: resolve(io.cwd, values.to) };
    io.stdout(`${backupNow(workbench.services.db, dbPath, to)}\n`);
  } finally {
    await workbench.dispose();
  }
  return 0;
}

function restore(args: string[], dbPath: string, io: CliIo): number {
  const { positionals } = parseCommand(args, {}, 'restore');
  const file = positionals[0];
  if (file === undefined) throw new UsageError('restore: missing <backup-file>');
  if (positionals.length > 1)
    throw new UsageError(`restore: unexpected argument '${positionals[1]}'`);
  const result = restoreBackup(dbPath, resolve(io.cwd, file));
  io.stdout(
    `Restored ${result.prompts} prompt(s) into ${dbPath}` +
      (result.previous ? `; the replaced library was saved as ${result.previous}` : '') +
      '\n',
  );
  for (const { where, message } of result.unrenderable) {
    io.stderr(`Warning: ${where} does not render until fixed: ${message}\n`);
  }
  return 0;
}

function parseCommand<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  args: string[],
  options: O,
  command: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      `${command}: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
    );
  }
}

/** The error log of a run on PostgreSQL: no file beside a database, stderr under --debug. */
function stderrLog(io: CliIo, debug: boolean): CliErrorLog {
  return {
    file: '',
    logged: false,
    error(message, cause) {
      if (debug) io.stderr(`${message}\n${describeForLog(cause)}\n`);
    },
  };
}

/** Runs a command against the PostgreSQL library at `url`. */
async function onPostgres(
  command: string,
  args: string[],
  url: string,
  io: CliIo,
  log: ErrorLog,
): Promise<number> {
  if (command === 'serve') return serve(args, url, io, log);
  if (command === 'backup' || command === 'restore') {
    // Backups of a server's database are the server's tools: they are consistent while others
    // write, and keep roles' grants; pwb's backup copies a SQLite file.
    throw new AppError(
      'invalid_input',
      `pwb ${command} works on a SQLite library file; back up a PostgreSQL library with pg_dump (pg_dump -Fc URL > library.dump) and restore it with pg_restore, or copy it into a SQLite file with 'pwb copy URL FILE'`,
    );
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run && command !== 'users') throw new UsageError(`unknown command '${command}'`);
  // Provider keys are read from this command's environment, at the moment of each call.
  const workbench = await openPostgresWorkbench({
    url,
    transport: 'cli',
    log,
    keys: (variable) => io.env[variable],
  });
  try {
    if (!run) return await usersCommand(workbench.library, args, io);
    return (await run({ dispatcher: workbench.dispatcher, io, args })) ?? 0;
  } finally {
    await workbench.dispose();
  }
}

/**
 * Runs one command line; returns the exit code (0 ok, 1 error, 2 usage). An unexpected error
 * prints one line; its stack goes to the log file beside the database, and to stderr under
 * --debug.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let log: CliErrorLog | undefined;
  try {
    const options = globalOptions(argv);
    const [command, ...args] = options.rest;
    // A postgres:// library is never taken for a file path.
    const target = options.db ?? io.env['PWB_DB'];
    const team = target !== undefined && isPostgresUrl(target) ? target : undefined;
    if (options.metricsRetention !== undefined && !options.help && command !== 'help') {
      const dbPath =
        team ??
        resolve(
          io.cwd,
          options.db ??
            defaultDatabasePath({ env: io.env, platform: process.platform, home: homedir() }),
        );
      const days = await storeRetention(dbPath, options.metricsRetention, team !== undefined);
      if (command === undefined) {
        io.stdout(`Metric events are kept for ${days} days.\n`);
        return 0;
      }
    }
    if (options.help || command === undefined || command === 'help') {
      (command === undefined && !options.help ? io.stderr : io.stdout)(USAGE);
      return command === undefined && !options.help ? 2 : 0;
    }
    if (command === 'db') return await dbCommand(args, io);
    if (command === 'copy') return await copyCommand(args, io);
    if (team !== undefined) {
      log = stderrLog(io, options.debug);
      return await onPostgres(command, args, team, io, log);
    }
    if (command === 'users') throw usersNeedPostgres();
    const dbPath = resolve(
      io.cwd,
      options.db ??
        defaultDatabasePath({ env: io.env, platform: process.platform, home: homedir() }),
    );
    log = internalErrorLog({ dbPath, command, debug: options.debug, io });
    if (command === 'serve') return await serve(args, dbPath, io, log);
    if (command === 'restore') return restore(args, dbPath, io);
    if (command === 'backup') return await backup(args, dbPath, io, log);
    // Own keys only: `pwb constructor` or `pwb __proto__` must not reach Object.prototype.
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command '${command}'`);
    // Provider keys are read from this command's environment, at the moment of each call.
    const workbench = await openWorkbench({
      dbPath,
      transport: 'cli',
      log,
      keys: (variable) => io.env[variable],
    });
    try {
      // A command may end with its own code (`pwb test`: 1 when a case fails).
      return (await run({ dispatcher: workbench.dispatcher, io, args })) ?? 0;
    } finally {
      await workbench.dispose();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pwb: ${error.message}\nRun 'pwb --help' for usage.\n`);
      return 2;
    }
    if (error instanceof AppError) {
      io.stderr(`pwb: ${error.message}${log?.logged ? ` (details in ${log.file})` : ''}\n`);
      return 1;
    }
    log?.error('unexpected error', error);
    io.stderr(`pwb: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
