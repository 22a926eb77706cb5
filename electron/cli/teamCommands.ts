// `pwb db init`, `pwb users`, `pwb copy` and `pwb audit`: setting up a team library on PostgreSQL,
// its users, copying whole libraries between engines, and the audit log on either engine.
import { AppError } from '../../src-shared/errors';
import { LIBRARY_ROLES } from '../services/library/libraryStore';
import type { LibraryRole } from '../services/library/libraryStore';
import { copyLibrary } from '../services/library/copyLibrary';
import { redactUrl } from '../services/postgres/pgErrors';
import { isPostgresUrl } from '../services/postgres/pgLibrary';
import type { PostgresLibrary } from '../services/postgres/pgLibrary';
import { addUser, initLibrary, listUsers, removeUser } from '../services/postgres/pgUsers';
import { call, exactly, flags, json } from './commandKit';
import type { CommandContext } from './commands';
import type { CliIo } from './io';
import { UsageError } from './usage';

/** `pwb db init URL`: creates or migrates the schema and the group roles. */
export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'init') {
    throw new UsageError(
      action === undefined ? 'db: missing init' : `db: unknown action '${action}' (init)`,
    );
  }
  const { positionals } = flags(rest, {}, 'db init');
  const [url] = exactly(positionals, ['url'], 'db init') as [string];
  const { version, applied } = await initLibrary(url);
  const done =
    applied.length > 0 ? `migrated to schema ${version}` : `already at schema ${version}`;
  io.stdout(
    `Library at ${redactUrl(url)} ready: ${done}; roles pwb_viewer, pwb_editor, pwb_publisher, pwb_admin\n`,
  );
  return 0;
}

/** `pwb copy FROM TO`: a whole library between two databases, all or nothing. */
export async function copyCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = flags(args, {}, 'copy');
  const [from, to] = exactly(positionals, ['from', 'to'], 'copy') as [string, string];
  const report = await copyLibrary(from, to, io.cwd);
  const name = (value: string) => (isPostgresUrl(value) ? redactUrl(value) : value);
  const rows = (table: string) => report.rows[table] ?? 0;
  io.stdout(
    `Copied ${report.prompts} prompt(s), ${rows('prompt_versions')} version(s), ` +
      `${rows('prompt_labels')} label(s), ${rows('schemas')} schema(s), ` +
      `${rows('partials')} partial(s), ${rows('test_cases')} test case(s), ` +
      `${rows('eval_runs')} evaluation run(s), ${rows('providers')} provider(s), ` +
      `${rows('model_prices')} price(s), ${rows('model_cache')} cached answer(s), ` +
      `${rows('metric_events')} metric event(s) and ${rows('audit_log')} audit entries ` +
      `from ${name(from)} to ${name(to)}\n`,
  );
  return 0;
}

/** `pwb users add|list|remove` on a PostgreSQL library (admins only, checked by the database). */
export async function usersCommand(
  library: PostgresLibrary,
  args: string[],
  io: CliIo,
): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'add') {
    const { values, positionals } = flags(rest, { role: { type: 'string' } }, 'users add');
    const [name] = exactly(positionals, ['name'], 'users add') as [string];
    const role = values.role;
    if (role === undefined)
      throw new UsageError(`users add: --role ${LIBRARY_ROLES.join('|')} is required`);
    if (!(LIBRARY_ROLES as readonly string[]).includes(role)) {
      throw new UsageError(`users add: --role must be one of ${LIBRARY_ROLES.join(', ')}`);
    }
    const secret = await addUser(library, name, role as LibraryRole);
    // The bare password alone on stdout (scripts capture it); the message on stderr.
    io.stderr(`pwb: user '${name}' (${role}) created; the password is shown only now:\n`);
    io.stdout(`${secret}\n`);
    return 0;
  }
  if (action === 'list') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'users list');
    exactly(positionals, [], 'users list');
    const users = await listUsers(library);
    if (values.json) io.stdout(json(users));
    else for (const user of users) io.stdout(`${user.name}  ${user.role}\n`);
    return 0;
  }
  if (action === 'remove') {
    const { positionals } = flags(rest, {}, 'users remove');
    const [name] = exactly(positionals, ['name'], 'users remove') as [string];
    await removeUser(library, name);
    io.stdout(`User '${name}' removed\n`);
    return 0;
  }
  throw new UsageError(
    action === undefined
      ? 'users: missing add|list|remove'
      : `users: unknown action '${action}' (add, list, remove)`,
  );
}

/** What `pwb users` says on a SQLite library. */
export function usersNeedPostgres(): AppError {
  return new AppError(
    'invalid_input',
    'users belong to a PostgreSQL library (--db postgres://…); on a SQLite library the local user may do everything',
  );
}

/** `pwb audit [ID] [--json]`: the audit log, newest first. */
async function auditCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(
    ctx.args,
    { json: { type: 'boolean' }, limit: { type: 'string' } },
    'audit',
  );
  const [id] = positionals;
  if (positionals.length > 1)
    throw new UsageError(`audit: unexpected argument '${positionals[1]}'`);
  const limit = values.limit === undefined ? 10_000 : Number(values.limit);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) {
    throw new UsageError('audit: --limit must be a whole number from 1 to 10000');
  }
  const entries = await call(ctx, 'listAudit', {
    ...(id !== undefined ? { entity_id: id } : {}),
    limit,
  });
  const rows = entries.map((entry) => ({
    at: entry.at,
    user: entry.actor,
    action: entry.action,
    prompt: entry.entity_type === 'prompt' ? entry.entity_id : null,
    version: entry.version,
    ...(entry.copied_from !== undefined ? { copied_from: entry.copied_from } : {}),
  }));
  if (values.json) {
    ctx.io.stdout(json(rows));
    return;
  }
  for (const row of rows) {
    const what = [row.prompt ?? '', row.version ?? ''].filter((part) => part !== '').join(' ');
    ctx.io.stdout(`${row.at}  ${row.user}  ${row.action}  ${what}\n`);
  }
}

/** Team commands that go through the contract (both engines). */
export const TEAM_COMMANDS: Record<string, (ctx: CommandContext) => Promise<void | number>> = {
  audit: auditCommand,
};
