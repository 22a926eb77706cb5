// The storage port on PostgreSQL through a `pg` pool: the same rules as the SQLite services
// (immutable versions, a stale save is a conflict, every write audited), with the database
// enforcing roles and naming the user, and NOTIFY telling other clients what changed.
import pg from 'pg';
import type {
  AuditEntry,
  PromptPage,
  PromptQuery,
  SavedVersion,
} from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import type { LabelEntry, LabelsByPrompt } from '../../../src-shared/model/labels';
import { BUMP_LEVELS, PROMPT_FORMATS, PROMPT_STATUSES } from '../../../src-shared/model/prompt';
import type { BumpLevel, Prompt, PromptVersionRecord } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import { compareVersions, isVersion, nextVersion } from '../../../src-shared/version';
import type { AuditQuery, AuditRecord } from '../audit/auditService';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../audit/auditService';
import { checkLabelName } from '../labels/labelService';
import type {
  LibraryChange,
  LibraryRole,
  LibraryStore,
  LibraryUser,
  StoreSaveRequest,
  VersionRef,
} from '../library/libraryStore';
import { encodeVersion, registryEntry } from '../prompts/versionEncoding';
import type { RegistryEntry } from '../prompts/versionEncoding';
import { promptNotFound } from '../prompts/promptService';
import { readPaging } from '../store/paging';
import { fromPgError, fromSaveError, redactUrl } from './pgErrors';
import { ChangeListener } from './pgListener';
import type { ListenerOptions } from './pgListener';
import { PG_SCHEMA_VERSION, migrate, schemaVersion } from './pgMigrations';
import { toTsQuery } from './searchQuery';

/** The channel every library change is announced on. */
export const CHANGE_CHANNEL = 'pwb_library';

/** How to open a PostgreSQL library. */
export interface PostgresLibraryOptions {
  /** `postgres://` or `postgresql://`; the password may come from PGPASSWORD or .pgpass. */
  url: string;
  clock?: () => Date;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Migrate an older schema on open when this user may (default true). */
  migrate?: boolean;
  /** How subscribers' connections check and reconnect (tests shorten the pauses). */
  listen?: Pick<ListenerOptions, 'checkMs' | 'firstRetryMs' | 'maxRetryMs'>;
}

/** True when `value` names a PostgreSQL library rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

const MAX_SUMMARY = 500;

/** Opens (and if needed migrates) the library at `options.url`. */
export async function openPostgresLibrary(
  options: PostgresLibraryOptions,
): Promise<PostgresLibrary> {
  if (!isPostgresUrl(options.url)) {
    throw new AppError('invalid_input', 'A PostgreSQL library is named by a postgres:// URL');
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle connection the server drops is replaced on next use; it must not end the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      const version = await schemaVersion(client);
      if (version > PG_SCHEMA_VERSION) {
        throw new AppError(
          'invalid_input',
          `The library at ${redactUrl(options.url)} has schema ${version}, newer than this pwb knows (${PG_SCHEMA_VERSION}); update pwb`,
        );
      }
      if (version < PG_SCHEMA_VERSION) {
        if (options.migrate === false) throw notInitialised(options.url);
        try {
          await migrate(client);
        } catch (error) {
          if ((error as { code?: string }).code === '42501') throw notInitialised(options.url);
          throw error;
        }
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw fromPgError(error, 'open the library');
  }
  return new PostgresLibrary(pool, options);
}

function notInitialised(url: string): AppError {
  return new AppError(
    'invalid_input',
    `The library at ${redactUrl(url)} is not initialised: run 'pwb db init URL' as the database owner`,
  );
}

interface VersionRowPg {
  version: string;
  changelog: string | null;
  created_at: Date;
  author: string | null;
  parent_version: string | null;
  checksum: string;
}

/** A library in one PostgreSQL database. */
export class PostgresLibrary implements LibraryStore {
  readonly engine = 'postgres' as const;
  private readonly clock: () => Date;
  private who: Promise<LibraryUser> | undefined;
  private readonly closing: (() => Promise<void>)[] = [];
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    /** The pool, for callers that run their own queries (copy, users). */
    readonly pool: pg.Pool,
    private readonly options: PostgresLibraryOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The URL with its password hidden, for messages. */
  get displayUrl(): string {
    return redactUrl(this.options.url);
  }

  /**
   * Who is connected and in which role. The answer is kept for naming the user in refusals;
   * `fresh` reads the role again (an admin may have changed it since: appInfo asks so).
   */
  async whoami(options: { fresh?: boolean } = {}): Promise<LibraryUser> {
    if (options.fresh === true) this.who = undefined;
    this.who ??= this.pool
      .query<{ user: string; role: LibraryRole | null }>(
        `SELECT session_user AS user,
           CASE WHEN pg_has_role(session_user, 'pwb_admin', 'MEMBER') THEN 'admin'
                WHEN pg_has_role(session_user, 'pwb_publisher', 'MEMBER') THEN 'publisher'
                WHEN pg_has_role(session_user, 'pwb_editor', 'MEMBER') THEN 'editor'
                WHEN pg_has_role(session_user, 'pwb_viewer', 'MEMBER') THEN 'viewer' END AS role`,
      )
      .then(({ rows }) => {
        const row = rows[0];
        if (!row) throw new AppError('internal', 'PostgreSQL did not say who is connected');
        if (row.role === null) {
          throw new AppError(
            'forbidden',
            `PostgreSQL user '${row.user}' has no Prompt Workbench role: ask an admin to run 'pwb users add'`,
          );
        }
        return { user: row.user, role: row.role };
      });
    return this.who.catch((error: unknown) => {
      this.who = undefined;
      throw fromPgError(error, 'connect');
    });
  }

  /**
   * "user 'bob' (editor)", for the message of `failure`. A refusal may follow a change of role
   * since it was read: then the role is read again, so the message names it as it is now.
   */
  async describeUser(failure?: unknown): Promise<string> {
    if ((failure as { code?: string } | null)?.code === '42501') this.who = undefined;
    try {
      const { user, role } = await this.whoami();
      return `user '${user}' (${role})`;
    } catch {
      return 'this user';
    }
  }

  /** Runs `work` in one transaction; failures become AppErrors naming what was asked. */
  async transaction<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw fromPgError(error, doing);
    }
    try {
      await client.query('BEGIN');
      const value = await work(client);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw fromPgError(error, doing, await this.describeUser(error));
    } finally {
      client.release();
    }
  }

  /** Runs a read; failures become AppErrors naming what was asked. */
  async read<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw fromPgError(error, doing, await this.describeUser(error));
    }
  }

  async list(query: PromptQuery = {}): Promise<PromptPage> {
    const { limit, offset } = readPaging(query);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status !== undefined) {
      if (!PROMPT_STATUSES.includes(query.status)) {
        throw new AppError('invalid_input', `Unknown status '${String(query.status)}'`);
      }
      conditions.push(`status = ${param(query.status)}`);
    }
    if (query.format !== undefined) {
      if (!PROMPT_FORMATS.includes(query.format)) {
        throw new AppError('invalid_input', `Unknown format '${String(query.format)}'`);
      }
      conditions.push(`format = ${param(query.format)}`);
    }
    if (query.category !== undefined) conditions.push(`category = ${param(query.category)}`);
    const tags = [...new Set((query.tags ?? []).map((tag) => tag.trim().toLowerCase()))].filter(
      (tag) => tag !== '',
    );
    if (tags.length > 0) conditions.push(`tag_index @> ${param(tags)}::text[]`);
    let countSearchOnly: string | undefined;
    if (query.search !== undefined) {
      const match = toTsQuery(query.search);
      if (match === null) return { items: [], total: 0 };
      // A search alone is counted on its GIN index (pwb_search_count, migration 3).
      const tsquery = `to_tsquery('simple', ${param(match)})`;
      if (conditions.length === 0) countSearchOnly = `SELECT pwb_search_count(${tsquery}) AS total`;
      conditions.push(`search @@ ${tsquery}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.read('list prompts', async () => {
      // The count and the page on two connections at once: one round trip of waiting, not two.
      const page = `SELECT id, current_version, format, status, tags, category, description, updated_at
           FROM prompts ${where} ORDER BY id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
      const [total, rows] = await Promise.all([
        this.pool.query<{ total: string }>(
          countSearchOnly ?? `SELECT count(*) AS total FROM prompts ${where}`,
          params,
        ),
        this.pool.query(page, [...params, limit, offset]),
      ]);
      return {
        total: Number(total.rows[0]?.total ?? 0),
        items: rows.rows.map((row) => ({
          id: row.id,
          version: row.current_version,
          format: row.format,
          status: row.status,
          tags: row.tags,
          category: row.category,
          description: row.description,
          updated_at: iso(row.updated_at),
        })),
      };
    });
  }

  async get(id: string, ref: VersionRef = {}): Promise<Prompt> {
    const version = await this.versionOf(id, ref);
    return this.read('read prompts', async () => {
      const current = await this.pool.query<{ current_version: string }>(
        'SELECT current_version FROM prompts WHERE id = $1',
        [id],
      );
      const row = current.rows[0];
      if (!row) throw promptNotFound(id, version);
      const wanted = version ?? row.current_version;
      const stored = await this.pool.query<{ document: Prompt }>(
        'SELECT document FROM prompt_versions WHERE prompt_id = $1 AND version = $2',
        [id, wanted],
      );
      const found = stored.rows[0];
      if (!found) throw promptNotFound(id, wanted);
      return found.document;
    });
  }

  /** The version a reference names: `version`, or the one `label` points at (not both). */
  private async versionOf(id: string, ref: VersionRef): Promise<string | undefined> {
    if (ref.label === undefined) return ref.version;
    if (ref.version !== undefined) {
      throw new AppError('invalid_input', 'Name a version or a label, not both', { id });
    }
    return this.resolveLabel(id, ref.label);
  }

  /** The version `label` points at on prompt `id`. */
  async resolveLabel(id: string, label: string): Promise<string> {
    checkLabelName(label);
    return this.read('read labels', async () => {
      const found = await this.pool.query<{ version: string }>(
        'SELECT version FROM prompt_labels WHERE prompt_id = $1 AND label = $2',
        [id, label],
      );
      const row = found.rows[0];
      if (row) return row.version;
      await this.requirePrompt(this.pool, id);
      throw new AppError('not_found', `prompt '${id}' has no label '${label}'`, { id, label });
    });
  }

  async history(id: string): Promise<PromptVersionRecord[]> {
    return this.read('read history', async () => {
      const rows = await this.pool.query<VersionRowPg>(
        `SELECT version, changelog, created_at, author, parent_version, checksum
           FROM prompt_versions WHERE prompt_id = $1`,
        [id],
      );
      if (rows.rows.length === 0) throw promptNotFound(id);
      return rows.rows
        .map((row) => ({ id, ...row, created_at: iso(row.created_at) }))
        .sort((a, b) => compareVersions(b.version, a.version));
    });
  }

  /**
   * One round trip: pwb_save_prompt (migration 3) checks the base, writes the version, the
   * registry row and the audit entry, and notifies, in one statement. The next version is
   * computed here from the base (a base that is not current is a conflict anyway).
   */
  async save(request: StoreSaveRequest): Promise<SavedVersion> {
    const document = parsePrompt(request.document);
    const bump = request.bump ?? 'patch';
    if (!BUMP_LEVELS.includes(bump)) {
      throw new AppError(
        'invalid_input',
        `Unknown bump level '${String(bump)}': use patch, minor or major`,
        { level: bump },
      );
    }
    const changelog = request.changelog ?? null;
    const base = request.base ?? null;
    const now = this.clock().toISOString();
    // A base that is no version cannot be current: the database answers with the conflict.
    const version = base === null ? document.version : bumpedOrNull(base, bump);
    // The uid and created_at of an existing prompt are its first version's; the database fills
    // them in, in place, so the key order is what the SQLite save writes.
    const stored: Prompt =
      base === null
        ? { ...document, created_at: now, updated_at: now }
        : {
            ...document,
            version: version ?? '',
            uid: document.uid ?? '',
            created_at: now,
            updated_at: now,
          };
    const { json, checksum } = encodeVersion(stored);
    const entry = registryEntry(stored);
    const summary = changelog ?? (base === null ? 'created' : `${bump} bump from ${base}`);
    try {
      const result = await this.pool.query<{ previous: string | null }>({
        name: 'pwb_save_prompt',
        text: `SELECT pwb_save_prompt($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                 $15, $16, $17) AS previous`,
        values: [
          stored.id,
          base,
          version,
          json,
          checksum,
          changelog,
          now,
          summary.slice(0, MAX_SUMMARY),
          ...registryValues(entry),
        ],
      });
      return {
        id: stored.id,
        version: stored.version,
        previous: result.rows[0]?.previous ?? null,
        created_at: now,
      };
    } catch (error) {
      throw fromPgError(
        fromSaveError(error, stored.id, base),
        'save prompts',
        await this.describeUser(error),
      );
    }
  }

  async delete(id: string): Promise<void> {
    await this.transaction('delete prompts', async (client) => {
      const found = await client.query<{ current_version: string }>(
        'SELECT current_version FROM prompts WHERE id = $1 FOR UPDATE',
        [id],
      );
      const current = found.rows[0];
      if (!current) throw promptNotFound(id);
      const before = await client.query<{ checksum: string }>(
        'SELECT checksum FROM prompt_versions WHERE prompt_id = $1 AND version = $2',
        [id, current.current_version],
      );
      await client.query('DELETE FROM prompts WHERE id = $1', [id]);
      await audit(client, this.clock, {
        action: 'delete',
        entity_type: 'prompt',
        entity_id: id,
        version: current.current_version,
        before_hash: before.rows[0]?.checksum ?? null,
        after_hash: null,
        summary: 'deleted with its history',
      });
      await notify(client, { kind: 'deleted', id });
    });
  }

  async setLabel(id: string, label: string, version: string): Promise<LabelEntry> {
    checkLabelName(label);
    const doing = label === 'production' ? 'move the production label' : 'move labels';
    return this.transaction(doing, (client) => this.setLabelIn(client, id, label, version));
  }

  /** setLabel inside the caller's transaction (an import's). */
  async setLabelIn(
    client: pg.PoolClient,
    id: string,
    label: string,
    version: string,
  ): Promise<LabelEntry> {
    checkLabelName(label);
    const known = await client.query(
      'SELECT 1 FROM prompt_versions WHERE prompt_id = $1 AND version = $2',
      [id, version],
    );
    if (known.rows.length === 0) {
      await this.requirePrompt(client, id);
      throw new AppError('not_found', `prompt '${id}' version '${version}' not found`, {
        id,
        version,
      });
    }
    const before = await findLabel(client, id, label, true);
    if (before?.version === version) return before;
    const now = this.clock().toISOString();
    const written = await client.query<{ updated_at: Date; updated_by: string }>(
      `INSERT INTO prompt_labels (prompt_id, label, version, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (prompt_id, label) DO UPDATE SET version = excluded.version,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       RETURNING updated_at, updated_by`,
      [id, label, version, now],
    );
    await audit(client, this.clock, {
      action: 'label_set',
      entity_type: 'prompt',
      entity_id: id,
      version,
      summary: before ? `${label}: ${before.version} → ${version}` : `${label} → ${version}`,
    });
    await notify(client, { kind: 'label', id, label, version });
    const row = written.rows[0];
    return {
      label,
      version,
      updated_at: row ? iso(row.updated_at) : now,
      updated_by: row?.updated_by ?? '',
    };
  }

  async removeLabel(id: string, label: string): Promise<void> {
    checkLabelName(label);
    const doing = label === 'production' ? 'move the production label' : 'move labels';
    await this.transaction(doing, async (client) => {
      const before = await findLabel(client, id, label, true);
      if (!before) {
        await this.requirePrompt(client, id);
        throw new AppError('not_found', `prompt '${id}' has no label '${label}'`, { id, label });
      }
      await client.query('DELETE FROM prompt_labels WHERE prompt_id = $1 AND label = $2', [
        id,
        label,
      ]);
      await audit(client, this.clock, {
        action: 'label_remove',
        entity_type: 'prompt',
        entity_id: id,
        version: before.version,
        summary: `${label} removed (was ${before.version})`,
      });
      await notify(client, { kind: 'label', id, label, version: null });
    });
  }

  async labels(id: string): Promise<LabelEntry[]> {
    return this.read('read labels', async () => {
      await this.requirePrompt(this.pool, id);
      const rows = await this.pool.query<{
        label: string;
        version: string;
        updated_at: Date;
        updated_by: string;
      }>(
        `SELECT label, version, updated_at, updated_by FROM prompt_labels WHERE prompt_id = $1
         ORDER BY CASE label WHEN 'production' THEN 0 WHEN 'staging' THEN 1 ELSE 2 END, label`,
        [id],
      );
      return rows.rows.map((row) => ({ ...row, updated_at: iso(row.updated_at) }));
    });
  }

  /** Labels of many prompts in one query (the library list): id → label → version. */
  async labelsFor(ids: readonly string[]): Promise<LabelsByPrompt> {
    if (ids.length === 0) return {};
    return this.read('read labels', async () => {
      const rows = await this.pool.query<{ prompt_id: string; label: string; version: string }>(
        `SELECT prompt_id, label, version FROM prompt_labels WHERE prompt_id = ANY($1::text[])
         ORDER BY prompt_id, label`,
        [ids],
      );
      const found = new Map<string, Record<string, string>>();
      for (const row of rows.rows) {
        const labels = found.get(row.prompt_id) ?? {};
        Object.defineProperty(labels, row.label, { value: row.version, enumerable: true });
        found.set(row.prompt_id, labels);
      }
      return Object.fromEntries(found);
    });
  }

  async audit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const { limit, offset } = readPaging(query);
    return this.read('read the audit log', async () => {
      const rows = await this.pool.query(
        `SELECT id, at, actor, action, entity_type, entity_id, version, before_hash, after_hash,
                summary, copied_actor
           FROM audit_log
          WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::text IS NULL OR entity_type = $2)
          ORDER BY id DESC LIMIT $3 OFFSET $4`,
        [query.entity_id ?? null, query.entity_type ?? null, limit, offset],
      );
      return rows.rows.map((row) => {
        const entry: AuditEntry = {
          id: Number(row.id),
          at: iso(row.at),
          actor: row.actor,
          action: row.action,
          entity_type: row.entity_type,
          entity_id: row.entity_id,
          version: row.version,
          before_hash: row.before_hash,
          after_hash: row.after_hash,
          summary: row.summary,
        };
        return row.copied_actor === null ? entry : { ...entry, copied_from: row.copied_actor };
      });
    });
  }

  /**
   * Listens on a connection of its own, which reconnects after a lost connection (a server
   * restart) and then says `{ kind: 'resync' }`: what was announced meanwhile is lost.
   */
  async subscribe(listener: (change: LibraryChange) => void): Promise<() => Promise<void>> {
    let listening: ChangeListener;
    try {
      listening = await ChangeListener.start({
        url: this.options.url,
        channel: CHANGE_CHANNEL,
        onChange: listener,
        ...this.options.listen,
      });
    } catch (error) {
      throw fromPgError(error, 'listen for changes');
    }
    this.listeners.add(listening);
    return async () => {
      if (!this.listeners.delete(listening)) return;
      await listening.stop();
    };
  }

  /** Runs `work` when the library closes, before its connections end (writes in flight). */
  onClose(work: () => Promise<void>): void {
    this.closing.push(work);
  }

  async close(): Promise<void> {
    await Promise.all(this.closing.splice(0).map((work) => work().catch(() => undefined)));
    const listeners = [...this.listeners];
    this.listeners.clear();
    await Promise.all(listeners.map((listening) => listening.stop()));
    await this.pool.end();
  }

  private async requirePrompt(client: pg.Pool | pg.PoolClient, id: string): Promise<void> {
    const found = await client.query('SELECT 1 FROM prompts WHERE id = $1', [id]);
    if (found.rows.length === 0)
      throw new AppError('not_found', `prompt '${id}' not found`, { id });
  }
}

async function findLabel(
  client: pg.PoolClient,
  id: string,
  label: string,
  lock: boolean,
): Promise<LabelEntry | undefined> {
  const found = await client.query<{
    label: string;
    version: string;
    updated_at: Date;
    updated_by: string;
  }>(
    `SELECT label, version, updated_at, updated_by FROM prompt_labels
      WHERE prompt_id = $1 AND label = $2${lock ? ' FOR UPDATE' : ''}`,
    [id, label],
  );
  const row = found.rows[0];
  return row && { ...row, updated_at: iso(row.updated_at) };
}

/** The registry row of the version becoming current (insert for a new prompt; copies use it). */
export async function writeRegistry(
  client: pg.PoolClient,
  document: Prompt,
  exists: boolean,
): Promise<void> {
  await writeRegistryEntry(client, registryEntry(document), exists);
}

/**
 * writeRegistry for an entry already computed (an import's threads compute them). A prompt
 * that exists keeps its created_at, as on SQLite.
 */
export async function writeRegistryEntry(
  client: pg.PoolClient,
  entry: RegistryEntry,
  exists: boolean,
): Promise<void> {
  const [format, status, category, description, tags, tagIndex, input, output, search] =
    registryValues(entry);
  const columns = [entry.id, entry.version, format, status, category, description, tags, tagIndex];
  if (exists) {
    await client.query(
      `UPDATE prompts SET current_version = $2, format = $3, status = $4, category = $5,
         description = $6, tags = $7, tag_index = $8, input_schema = $9, output_schema = $10,
         search_text = $11, updated_at = $12 WHERE id = $1`,
      [...columns, input, output, search, entry.updated_at],
    );
    return;
  }
  await client.query(
    `INSERT INTO prompts (id, current_version, format, status, category, description, tags,
       tag_index, input_schema, output_schema, search_text, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [...columns, input, output, search, entry.created_at, entry.updated_at],
  );
}

/**
 * The registry columns a version sets (format, status, category, description, tags, tag index,
 * schemas, search text), in pwb_save_prompt's parameter order.
 */
export function registryValues(entry: RegistryEntry): unknown[] {
  return [
    entry.format,
    entry.status,
    entry.category,
    entry.description,
    JSON.stringify(entry.tags),
    [...new Set(entry.tags.map((tag) => tag.toLowerCase()))],
    entry.input_schema,
    entry.output_schema,
    [entry.id, entry.description ?? '', entry.tags.join(' '), entry.body].join('\n'),
  ];
}

/** The version after `base`, or null when `base` is no version (the save is then a conflict). */
function bumpedOrNull(base: string, bump: BumpLevel): string | null {
  return isVersion(base) ? nextVersion(base, bump) : null;
}

/** Appends one audit entry in the caller's transaction; the database stamps the user. */
export async function audit(
  client: pg.PoolClient,
  clock: () => Date,
  entry: AuditRecord,
): Promise<void> {
  if (!AUDIT_ACTIONS.includes(entry.action) || !AUDIT_ENTITY_TYPES.includes(entry.entity_type)) {
    throw new AppError('invalid_input', `Unknown audit entry '${String(entry.action)}'`);
  }
  await client.query(
    `INSERT INTO audit_log (at, action, entity_type, entity_id, version, before_hash, after_hash, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      clock().toISOString(),
      entry.action,
      entry.entity_type,
      entry.entity_id,
      entry.version ?? null,
      entry.before_hash ?? null,
      entry.after_hash ?? null,
      entry.summary == null ? null : entry.summary.slice(0, MAX_SUMMARY),
    ],
  );
}

/** Announces a change; PostgreSQL delivers it to listeners when the transaction commits. */
export async function notify(client: pg.PoolClient, change: LibraryChange): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, JSON.stringify(change)]);
}
