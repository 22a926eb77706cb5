// Audit entries as the log table shows them: readable actions and local times.
import type { AuditEntry } from '../../../src-shared/contract/dto';

const ACTION_LABELS: Readonly<Record<string, string>> = {
  create: 'Created',
  save: 'Saved version',
  delete: 'Deleted',
  import: 'Imported',
  schema_save: 'Saved schema',
  schema_delete: 'Deleted schema',
  partial_save: 'Saved partial',
  partial_delete: 'Deleted partial',
  restore: 'Restored',
  label_set: 'Moved label',
  label_remove: 'Removed label',
};

/** A log action in words ("schema_save" → "Saved schema"); unknown actions are shown as sent. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replaceAll('_', ' ');
}

/** An ISO timestamp as local "YYYY-MM-DD HH:MM:SS" (sortable, unambiguous, dense). */
export function localTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(date);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** The entity cell: "prompt release_notes". */
export function entityText(entry: Pick<AuditEntry, 'entity_type' | 'entity_id'>): string {
  return `${entry.entity_type} ${entry.entity_id}`;
}
