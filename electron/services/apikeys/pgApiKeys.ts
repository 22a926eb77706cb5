// API keys of the read API on a PostgreSQL library: the same rules as on SQLite (shown once, kept
// as SHA-256 hashes, revocable, audited), with the database allowing only admins to manage them.
import { AppError } from '../../../src-shared/errors';
import type { ApiKeyInfo } from '../../../src-shared/model/apiKeys';
import { fromPgError } from '../postgres/pgErrors';
import type { PostgresLibrary } from '../postgres/pgLibrary';
import { sha256Hex } from '../store/contentHash';
import { checkApiKeyName, mayBeApiKey, newApiKeySecret } from './apiKeyService';

/** Creates, lists, revokes and checks the API keys kept in a PostgreSQL library. */
export class PostgresApiKeys {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Creates a key named `name` and returns the secret, the one time it is ever shown. */
  async create(name: string): Promise<string> {
    checkApiKeyName(name);
    const secret = newApiKeySecret();
    const made = await this.run('create API keys', () =>
      // The key and its audit entry in one statement.
      this.library.pool.query(
        `WITH made AS (
           INSERT INTO api_keys (name, hash, created_at) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO NOTHING RETURNING name)
         INSERT INTO audit_log (at, action, entity_type, entity_id)
           SELECT $3, 'apikey_create', 'apikey', name FROM made`,
        [name, sha256Hex(secret), this.clock().toISOString()],
      ),
    );
    if (made.rowCount === 0) {
      throw new AppError('conflict', `An API key named '${name}' already exists`, { name });
    }
    return secret;
  }

  /** Revokes the key named `name`; the read API refuses it within a second. */
  async revoke(name: string): Promise<void> {
    checkApiKeyName(name);
    const revoked = await this.run('revoke API keys', () =>
      this.library.pool.query(
        `WITH revoked AS (
           UPDATE api_keys SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL
           RETURNING name)
         INSERT INTO audit_log (at, action, entity_type, entity_id)
           SELECT $2, 'apikey_revoke', 'apikey', name FROM revoked`,
        [name, this.clock().toISOString()],
      ),
    );
    if (revoked.rowCount !== 0) return;
    const known = await this.run('revoke API keys', () =>
      this.library.pool.query('SELECT 1 FROM api_keys WHERE name = $1', [name]),
    );
    if (known.rowCount === 0)
      throw new AppError('not_found', `API key '${name}' not found`, { name });
  }

  /** Every key, by name, without secrets. */
  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.run('list API keys', () =>
      this.library.pool.query<{
        name: string;
        created_at: Date;
        created_by: string;
        revoked_at: Date | null;
      }>('SELECT name, created_at, created_by, revoked_at FROM api_keys ORDER BY name'),
    );
    return rows.rows.map((row) => ({
      name: row.name,
      created_at: row.created_at.toISOString(),
      created_by: row.created_by,
      revoked_at: row.revoked_at === null ? null : row.revoked_at.toISOString(),
    }));
  }

  /** The name of the live key `secret` is, or null (unknown or revoked). Any role may ask. */
  async verify(secret: string): Promise<string | null> {
    if (!mayBeApiKey(secret)) return null;
    const found = await this.run('check API keys', () =>
      this.library.pool.query<{ name: string | null }>({
        name: 'pwb_verify_api_key',
        text: 'SELECT pwb_verify_api_key($1) AS name',
        values: [sha256Hex(secret)],
      }),
    );
    return found.rows[0]?.name ?? null;
  }

  private async run<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw fromPgError(error, doing, await this.library.describeUser(error));
    }
  }
}
