// Changes to a SQLite library by any connection (this process, `pwb` in a terminal, another
// window), told as the same `LibraryChange`s PostgreSQL's NOTIFY carries. Every prompt write is
// audited in its own transaction, so the audit log's tail says what changed; a cheap stamp
// (data_version and this connection's change count) says when to read it.
import type { LibraryChange } from '../../../src-shared/contract/events';
import { libraryStamp } from '../store/database';
import type { Database } from '../store/database';

/** How often the stamp is checked, in ms (a page sees another process's save within a second). */
export const CHANGE_POLL_MS = 250;

/** Audit rows read per check; more wait for the next one. */
const BATCH = 500;

interface AuditTailRow {
  id: number;
  action: string;
  entity_type: string;
  entity_id: string;
  version: string | null;
  summary: string | null;
}

/** A label move's summary starts with the label's name (`production: 1.0.0 → 1.0.1`). */
const LABEL_AT_START = /^([a-z][a-z0-9_-]{0,31})(?=[: ])/;

/** The change an audit row of a prompt records, if the page cares about it. */
export function changeOfAudit(row: Omit<AuditTailRow, 'id'>): LibraryChange | null {
  const id = row.entity_id;
  if (row.entity_type === 'schema' || row.entity_type === 'partial') {
    return { kind: row.entity_type, name: id, deleted: row.action.endsWith('_delete') };
  }
  if (row.entity_type !== 'prompt') return null;
  switch (row.action) {
    case 'create':
    case 'save':
    case 'import':
    case 'restore':
      return row.version ? { kind: 'saved', id, version: row.version } : null;
    case 'delete':
      return { kind: 'deleted', id };
    case 'label_set':
    case 'label_remove': {
      const label = LABEL_AT_START.exec(row.summary ?? '')?.[1] ?? '';
      return { kind: 'label', id, label, version: row.action === 'label_set' ? row.version : null };
    }
    default:
      return null;
  }
}

/**
 * Calls `listener` for each prompt change committed after this call, by any connection, checking
 * every `intervalMs`. Returns the function that stops watching (call it before closing `db`).
 */
export function watchLibraryChanges(
  db: Database,
  listener: (change: LibraryChange) => void,
  intervalMs = CHANGE_POLL_MS,
): () => void {
  const tail = db.prepare(
    `SELECT id, action, entity_type, entity_id, version, summary FROM audit_log
      WHERE id > ? AND entity_type IN ('prompt', 'schema', 'partial') ORDER BY id LIMIT ${BATCH}`,
  );
  let last = (
    db.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number }
  ).id;
  let stamp = libraryStamp(db);
  const check = (): void => {
    try {
      if (!db.open) return;
      const now = libraryStamp(db);
      if (now === stamp) return;
      const rows = tail.all(last) as AuditTailRow[];
      // A full batch leaves the stamp as it was, so the next check reads on.
      if (rows.length < BATCH) stamp = now;
      for (const row of rows) {
        last = row.id;
        const change = changeOfAudit(row);
        if (change) listener(change);
      }
    } catch {
      // A busy or closing library is read again at the next check.
    }
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
