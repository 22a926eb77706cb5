// Labels: named pointers to immutable versions (`production`, `staging`, custom), every move
// audited. On a SQLite library the local user may move any label.
import { AppError } from '../../../src-shared/errors';
import { LABEL_PATTERN, type LabelEntry } from '../../../src-shared/model/labels';
import type { AuditService } from '../audit/auditService';
import type { Database } from '../store/database';

const LABEL = new RegExp(LABEL_PATTERN);

/** What the label service needs. */
export interface LabelServiceDeps {
  clock: () => Date;
  actor: string;
  audit: AuditService;
}

/** Throws `invalid_input` naming the rule unless `label` is a valid label name. */
export function checkLabelName(label: string): void {
  if (typeof label !== 'string' || !LABEL.test(label)) {
    throw new AppError(
      'invalid_input',
      `Invalid label name '${String(label).slice(0, 40)}': use a lower-case letter, then up to 31 lower-case letters, digits, '_' or '-'`,
      { label },
    );
  }
}

/** Sets, removes, lists and resolves labels of prompts. */
export class LabelService {
  constructor(
    private readonly db: Database,
    private readonly deps: LabelServiceDeps,
  ) {}

  /** Points `label` of prompt `id` at `version` (which must exist); returns the entry. */
  set(id: string, label: string, version: string): LabelEntry {
    checkLabelName(label);
    return this.db
      .transaction(() => {
        const known = this.db
          .prepare('SELECT 1 FROM prompt_versions WHERE prompt_id = ? AND version = ?')
          .get(id, version);
        if (!known) {
          this.requirePrompt(id);
          throw new AppError('not_found', `prompt '${id}' version '${version}' not found`, {
            id,
            version,
          });
        }
        const before = this.find(id, label);
        const entry: LabelEntry = {
          label,
          version,
          updated_at: this.deps.clock().toISOString(),
          updated_by: this.deps.actor,
        };
        if (before?.version === version) return before;
        this.db
          .prepare(
            `INSERT INTO prompt_labels (prompt_id, label, version, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (prompt_id, label) DO UPDATE SET version = excluded.version,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          )
          .run(id, label, version, entry.updated_at, entry.updated_by);
        this.deps.audit.record({
          action: 'label_set',
          entity_type: 'prompt',
          entity_id: id,
          version,
          summary: before ? `${label}: ${before.version} → ${version}` : `${label} → ${version}`,
        });
        return entry;
      })
      .immediate();
  }

  /** Removes `label` from prompt `id`; a label that is not set is `not_found`. */
  remove(id: string, label: string): void {
    checkLabelName(label);
    this.db
      .transaction(() => {
        const before = this.find(id, label);
        if (!before) {
          this.requirePrompt(id);
          throw new AppError('not_found', `prompt '${id}' has no label '${label}'`, { id, label });
        }
        this.db
          .prepare('DELETE FROM prompt_labels WHERE prompt_id = ? AND label = ?')
          .run(id, label);
        this.deps.audit.record({
          action: 'label_remove',
          entity_type: 'prompt',
          entity_id: id,
          version: before.version,
          summary: `${label} removed (was ${before.version})`,
        });
      })
      .immediate();
  }

  /** The labels set on prompt `id`, built-in ones first, then by name. */
  list(id: string): LabelEntry[] {
    this.requirePrompt(id);
    const rows = this.db
      .prepare(
        `SELECT label, version, updated_at, updated_by FROM prompt_labels WHERE prompt_id = ?
         ORDER BY CASE label WHEN 'production' THEN 0 WHEN 'staging' THEN 1 ELSE 2 END, label`,
      )
      .all(id) as LabelEntry[];
    return rows;
  }

  /** Labels of many prompts at once (for the library list): id → label → version. */
  byPrompt(ids: readonly string[]): Map<string, Record<string, string>> {
    const found = new Map<string, Record<string, string>>();
    if (ids.length === 0) return found;
    const rows = this.db
      .prepare(
        `SELECT prompt_id, label, version FROM prompt_labels
         WHERE prompt_id IN (SELECT value FROM json_each(?)) ORDER BY prompt_id, label`,
      )
      .all(JSON.stringify(ids)) as { prompt_id: string; label: string; version: string }[];
    for (const row of rows) {
      const labels = found.get(row.prompt_id) ?? {};
      Object.defineProperty(labels, row.label, { value: row.version, enumerable: true });
      found.set(row.prompt_id, labels);
    }
    return found;
  }

  /** The version `label` points at on prompt `id`; `not_found` naming both when unset. */
  resolve(id: string, label: string): string {
    checkLabelName(label);
    const entry = this.find(id, label);
    if (!entry) {
      this.requirePrompt(id);
      throw new AppError('not_found', `prompt '${id}' has no label '${label}'`, { id, label });
    }
    return entry.version;
  }

  private find(id: string, label: string): LabelEntry | undefined {
    return this.db
      .prepare(
        'SELECT label, version, updated_at, updated_by FROM prompt_labels WHERE prompt_id = ? AND label = ?',
      )
      .get(id, label) as LabelEntry | undefined;
  }

  private requirePrompt(id: string): void {
    if (!this.db.prepare('SELECT 1 FROM prompts WHERE id = ?').get(id)) {
      throw new AppError('not_found', `prompt '${id}' not found`, { id });
    }
  }
}
