// API keys of the read API: made once and shown once, kept only as SHA-256 hashes, revocable.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { ApiKeyInfo } from '../../../src-shared/model/apiKeys';
import type { AuditService } from '../audit/auditService';
import { sha256Hex } from '../store/contentHash';
import type { Database } from '../store/database';

/** Key names: what a person calls the application that holds the key. */
export const API_KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Every key starts so, which lets secret scanners and people recognise one. */
export const API_KEY_PREFIX = 'pwb_';

/** Refuses a key name that is not one (invalid_input). */
export function checkApiKeyName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !API_KEY_NAME_PATTERN.test(name)) {
    throw new AppError(
      'invalid_input',
      `Invalid API key name '${String(name).slice(0, 40)}': use letters, digits, '.', '_' or '-' (up to 64)`,
      { name },
    );
  }
}

/** A new secret: the prefix and 256 random bits. */
export function newApiKeySecret(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** True when `secret` has a key's shape (worth looking up). */
export function mayBeApiKey(secret: string): boolean {
  return secret.startsWith(API_KEY_PREFIX) && secret.length <= 200;
}

/** What the key service needs. */
export interface ApiKeyServiceDeps {
  clock: () => Date;
  actor: string;
  audit: AuditService;
}

/** Creates, lists, revokes and checks API keys. */
export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly deps: ApiKeyServiceDeps,
  ) {}

  /** Creates a key named `name` and returns the secret, the one time it is ever shown. */
  create(name: string): string {
    checkApiKeyName(name);
    const secret = newApiKeySecret();
    this.db
      .transaction(() => {
        if (this.db.prepare('SELECT 1 FROM api_keys WHERE name = ?').get(name)) {
          throw new AppError('conflict', `An API key named '${name}' already exists`, { name });
        }
        this.db
          .prepare('INSERT INTO api_keys (name, hash, created_at, created_by) VALUES (?, ?, ?, ?)')
          .run(name, sha256Hex(secret), this.deps.clock().toISOString(), this.deps.actor);
        this.deps.audit.record({ action: 'apikey_create', entity_type: 'apikey', entity_id: name });
      })
      .immediate();
    return secret;
  }

  /** Revokes the key named `name`; it stops working at once. */
  revoke(name: string): void {
    this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT revoked_at FROM api_keys WHERE name = ?').get(name) as
          { revoked_at: string | null } | undefined;
        if (!row) throw new AppError('not_found', `API key '${name}' not found`, { name });
        if (row.revoked_at !== null) return;
        this.db
          .prepare('UPDATE api_keys SET revoked_at = ? WHERE name = ?')
          .run(this.deps.clock().toISOString(), name);
        this.deps.audit.record({ action: 'apikey_revoke', entity_type: 'apikey', entity_id: name });
      })
      .immediate();
  }

  /** Every key, by name, without secrets. */
  list(): ApiKeyInfo[] {
    return this.db
      .prepare('SELECT name, created_at, created_by, revoked_at FROM api_keys ORDER BY name')
      .all() as ApiKeyInfo[];
  }

  /** The name of the live key `secret` is, or null (unknown or revoked). */
  verify(secret: string): string | null {
    if (!mayBeApiKey(secret)) return null;
    const row = this.db
      .prepare('SELECT name FROM api_keys WHERE hash = ? AND revoked_at IS NULL')
      .get(sha256Hex(secret)) as { name: string } | undefined;
    return row?.name ?? null;
  }
}
