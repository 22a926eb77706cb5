// The audit log: who changed which prompt, schema or partial, when, and from what to what.
import { AppError } from '../../../src-shared/errors';
import type { AuditEntry } from '../../../src-shared/contract/dto';
import type { Database } from '../store/database';
import { readPaging } from '../store/paging';

/** The kinds of change the log records. */
export const AUDIT_ACTIONS = [
  'create',
  'save',
  'delete',
  'import',
  'schema_save',
  'schema_delete',
  'partial_save',
  'partial_delete',
  'restore',
  'tests_save',
  'label_set',
  'label_remove',
  'apikey_create',
  'apikey_revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a log line is about. */
export const AUDIT_ENTITY_TYPES = ['prompt', 'schema', 'partial', 'library', 'apikey'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** One change to record; hashes are SHA-256 hex of the content before and after. */
export interface AuditRecord {
  action: AuditAction;
  entity_type: AuditEntityType;
  entity_id: string;
  version?: string | null;
  before_hash?: string | null;
  after_hash?: string | null;
  summary?: string | null;
}

/** Filters and paging for reading the log. */
export interface AuditQuery {
  entity_id?: string;
  entity_type?: AuditEntityType;
  limit?: number;
  offset?: number;
}

export type { AuditEntry };

/** Dependencies of the audit log. */
export interface AuditDeps {
  clock: () => Date;
  actor: string;
}

const MAX_SUMMARY = 500;

/** Appends to and reads the audit log. Writes join the caller's transaction when there is one. */
export class AuditService {
  private readonly insert;
  private readonly deps: AuditDeps;

  constructor(
    private readonly db: Database,
    deps: AuditDeps,
  ) {
    this.deps = deps;
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, entity_id, version, before_hash, after_hash, summary)
       VALUES (@at, @actor, @action, @entity_type, @entity_id, @version, @before_hash, @after_hash, @summary)`,
    );
  }

  /** Appends one entry, stamped with the clock and the actor. */
  record(entry: AuditRecord): void {
    if (!AUDIT_ACTIONS.includes(entry.action)) {
      throw new AppError('invalid_input', `Unknown audit action '${String(entry.action)}'`);
    }
    if (!AUDIT_ENTITY_TYPES.includes(entry.entity_type)) {
      throw new AppError('invalid_input', `Unknown audit entity '${String(entry.entity_type)}'`);
    }
    this.insert.run({
      at: this.deps.clock().toISOString(),
      actor: this.deps.actor,
      action: entry.action,
      entity_type: entry.entity_type,
      entity_id: entry.entity_id,
      version: entry.version ?? null,
      before_hash: entry.before_hash ?? null,
      after_hash: entry.after_hash ?? null,
      summary: entry.summary == null ? null : entry.summary.slice(0, MAX_SUMMARY),
    });
  }

  /** Entries newest first, optionally for one entity. */
  list(query: AuditQuery = {}): AuditEntry[] {
    const { limit, offset } = readPaging(query);
    return this.db
      .prepare(
        `SELECT id, at, actor, action, entity_type, entity_id, version, before_hash, after_hash, summary
         FROM audit_log
         WHERE (@entity_id IS NULL OR entity_id = @entity_id)
           AND (@entity_type IS NULL OR entity_type = @entity_type)
         ORDER BY id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({
        entity_id: query.entity_id ?? null,
        entity_type: query.entity_type ?? null,
        limit,
        offset,
      }) as AuditEntry[];
  }
}
