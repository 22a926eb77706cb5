// Setting up a team library: creating or migrating its schema and roles, and the users in those
// roles. The database checks who may do it (only admins manage users).
import pg from 'pg';
import { AppError } from '../../../src-shared/errors';
import type { LibraryRole } from '../library/libraryStore';
import { LIBRARY_ROLES } from '../library/libraryStore';
import { fromPgError, redactUrl } from './pgErrors';
import type { PostgresLibrary } from './pgLibrary';
import { isPostgresUrl } from './pgLibrary';
import { PG_SCHEMA_VERSION, migrate } from './pgMigrations';

/** A user of the team library and their strongest role. */
export interface LibraryUserEntry {
  name: string;
  role: LibraryRole;
}

/** Login role names we create: plain identifiers, never our groups' or PostgreSQL's own. */
const USER_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates or migrates the schema and group roles of the library at `url`; whoever runs it (the
 * database owner, who may create roles) becomes an admin. Returns the schema version and the
 * migrations applied now.
 */
export async function initLibrary(url: string): Promise<{ version: number; applied: number[] }> {
  if (!isPostgresUrl(url)) {
    throw new AppError('invalid_input', `db init needs a postgres:// URL, got '${redactUrl(url)}'`);
  }
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const applied = await migrate(client);
    return { version: PG_SCHEMA_VERSION, applied };
  } catch (error) {
    throw fromPgError(
      error,
      'initialise the library: run it as the database owner with the CREATEROLE right',
      'this user',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function checkUserName(name: string): void {
  if (!USER_NAME.test(name) || name.startsWith('pwb_') || name.startsWith('pg_')) {
    throw new AppError(
      'invalid_input',
      `Invalid user name '${name.slice(0, 64)}': use lower-case letters, digits and '_' (not starting with pwb_ or pg_)`,
      { name },
    );
  }
}

/** Creates login role `name` in `role`'s group; returns its password (shown once). */
export async function addUser(
  library: PostgresLibrary,
  name: string,
  role: LibraryRole,
): Promise<string> {
  checkUserName(name);
  if (!LIBRARY_ROLES.includes(role)) {
    throw new AppError(
      'invalid_input',
      `Unknown role '${String(role)}': ${LIBRARY_ROLES.join(', ')}`,
    );
  }
  try {
    const result = await library.pool.query<{ secret: string }>(
      'SELECT pwb_add_user($1, $2) AS secret',
      [name, role],
    );
    const secret = result.rows[0]?.secret;
    if (!secret) throw new AppError('internal', 'PostgreSQL returned no password');
    return secret;
  } catch (error) {
    throw userError(error, 'add users', await describe(library));
  }
}

/** Drops login role `name` (only users of the library's groups). */
export async function removeUser(library: PostgresLibrary, name: string): Promise<void> {
  checkUserName(name);
  try {
    await library.pool.query('SELECT pwb_remove_user($1)', [name]);
  } catch (error) {
    throw userError(error, 'remove users', await describe(library));
  }
}

/** Every login role in one of the library's groups, by name, with its strongest role. */
export async function listUsers(library: PostgresLibrary): Promise<LibraryUserEntry[]> {
  try {
    const result = await library.pool.query<{ name: string; rank: number }>(
      `SELECT u.rolname AS name,
              max(array_position(ARRAY['pwb_viewer', 'pwb_editor', 'pwb_publisher', 'pwb_admin'],
                                 g.rolname::text)) AS rank
         FROM pg_roles u
         JOIN pg_auth_members m ON m.member = u.oid
         JOIN pg_roles g ON g.oid = m.roleid
        WHERE u.rolcanlogin
          AND g.rolname IN ('pwb_viewer', 'pwb_editor', 'pwb_publisher', 'pwb_admin')
        GROUP BY u.rolname ORDER BY u.rolname COLLATE "C"`,
    );
    return result.rows.map((row) => ({
      name: row.name,
      role: LIBRARY_ROLES[row.rank - 1] ?? 'viewer',
    }));
  } catch (error) {
    throw fromPgError(error, 'list users', await describe(library));
  }
}

async function describe(library: PostgresLibrary): Promise<string> {
  try {
    const { user, role } = await library.whoami();
    return `user '${user}' (${role})`;
  } catch {
    return 'this user';
  }
}

function userError(error: unknown, doing: string, who: string): unknown {
  const code = (error as { code?: string }).code;
  const message = (error as { message?: string }).message ?? '';
  if (code === '42710') return new AppError('conflict', `PostgreSQL: ${message}`);
  if (code === '42704') return new AppError('not_found', `PostgreSQL: ${message}`);
  if (code === '22023') return new AppError('invalid_input', `PostgreSQL: ${message}`);
  return fromPgError(error, doing, who);
}
