// The library's Handlebars partials on PostgreSQL: the SQLite service's rules (checked before
// they are stored, refused while a prompt includes them), with the database enforcing who may
// write and naming the user, and NOTIFY telling other clients.
import type pg from 'pg';
import type { PartialSummary } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { PartialStore } from '../library/sharedFiles';
import { sha256Hex } from '../store/contentHash';
import {
  checkPartial,
  partialDeleted,
  partialSaved,
  partialUsage,
  refuseUsedPartial,
} from '../partials/partialService';
import type { PostgresLibrary } from './pgLibrary';
import { audit, notify } from './pgLibrary';

type Queryable = pg.Pool | pg.PoolClient;

/** Partials in one PostgreSQL library. */
export class PgPartialStore implements PartialStore {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(): Promise<PartialSummary[]> {
    return this.library.read('read partials', async () => {
      const [rows, usage] = await Promise.all([
        this.library.pool.query<{ name: string; updated_at: string }>(
          'SELECT name, updated_at FROM partials ORDER BY name',
        ),
        usageOf(this.library.pool),
      ]);
      return rows.rows.map((row) => ({ ...row, used_by: usage.get(row.name) ?? [] }));
    });
  }

  async get(name: string): Promise<string> {
    const content = await this.library.read('read partials', () =>
      contentOf(this.library.pool, name),
    );
    if (content === undefined) throw notFound(name);
    return content;
  }

  async all(): Promise<Record<string, string>> {
    return this.library.read('read partials', async () => {
      const rows = await this.library.pool.query<{ name: string; content: string }>(
        'SELECT name, content FROM partials ORDER BY name',
      );
      // fromEntries defines own properties, so no name can reach the prototype.
      return Object.fromEntries(rows.rows.map((row) => [row.name, row.content]));
    });
  }

  async save(name: string, content: string): Promise<void> {
    checkPartial(name, content);
    await this.library.transaction('save partials', (client) => this.saveIn(client, name, content));
  }

  /** save inside the caller's transaction (an import's). */
  async saveIn(client: pg.PoolClient, name: string, content: string): Promise<void> {
    checkPartial(name, content);
    const before = await contentOf(client, name, true);
    if (before === content) return;
    await client.query(
      `INSERT INTO partials (name, content, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
      [name, content, this.clock().toISOString()],
    );
    const afterHash = sha256Hex(content);
    await this.history(client, name, 'save', content, afterHash);
    await audit(client, this.clock, partialSaved(name, before, afterHash));
    await notify(client, { kind: 'partial', name, deleted: false });
  }

  async delete(name: string): Promise<void> {
    await this.library.transaction('delete partials', async (client) => {
      const before = await contentOf(client, name, true);
      if (before === undefined) throw notFound(name);
      refuseUsedPartial(name, (await usageOf(client)).get(name) ?? []);
      await client.query('DELETE FROM partials WHERE name = $1', [name]);
      await this.history(client, name, 'delete', null, null);
      await audit(client, this.clock, partialDeleted(name, before));
      await notify(client, { kind: 'partial', name, deleted: true });
    });
  }

  /** The current versions of the prompts that include `name`, for an impact preview. */
  async users(name: string): Promise<Prompt[]> {
    return this.library.read('read partials', async () => {
      const prompts = await currentTemplates(this.library.pool);
      const ids = new Set(partialUsage(prompts).get(name) ?? []);
      return prompts.filter((prompt) => ids.has(prompt.id));
    });
  }

  /** One history row; the database names the user. */
  private async history(
    client: pg.PoolClient,
    name: string,
    action: 'save' | 'delete',
    content: string | null,
    hash: string | null,
  ): Promise<void> {
    await client.query(
      `INSERT INTO partial_history (name, action, content, hash, saved_at, actor)
       VALUES ($1, $2, $3, $4, $5, session_user)`,
      [name, action, content, hash, this.clock().toISOString()],
    );
  }
}

/** Current versions whose document may include a partial (the parser decides which). */
async function currentTemplates(client: Queryable): Promise<Prompt[]> {
  const rows = await client.query<{ document: Prompt }>(
    `SELECT v.document FROM prompts p
       JOIN prompt_versions v ON v.prompt_id = p.id AND v.version = p.current_version
      WHERE v.document::text LIKE '%{{%>%' ORDER BY p.id`,
  );
  return rows.rows.map((row) => row.document);
}

async function usageOf(client: Queryable): Promise<Map<string, string[]>> {
  return partialUsage(await currentTemplates(client));
}

async function contentOf(
  client: Queryable,
  name: string,
  lock = false,
): Promise<string | undefined> {
  const rows = await client.query<{ content: string }>(
    `SELECT content FROM partials WHERE name = $1${lock ? ' FOR UPDATE' : ''}`,
    [name],
  );
  return rows.rows[0]?.content;
}

function notFound(name: string): AppError {
  return new AppError('not_found', `Partial '${name}' not found`, { name });
}
