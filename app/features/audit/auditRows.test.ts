import { describe, expect, it } from 'vitest';
import { actionLabel, entityText, localTime } from './auditRows';

describe('audit rows', () => {
  it('puts known actions in words', () => {
    expect(actionLabel('schema_save')).toBe('Saved schema');
    expect(actionLabel('save')).toBe('Saved version');
  });

  it('shows unknown actions readably rather than hiding them', () => {
    expect(actionLabel('bulk_rename')).toBe('bulk rename');
  });

  it('formats times as sortable local date and time', () => {
    expect(localTime('2024-05-01T12:03:04.000Z', 'UTC')).toBe('2024-05-01 12:03:04');
    expect(localTime('2024-05-01T23:30:00.000Z', 'Asia/Tokyo')).toBe('2024-05-02 08:30:00');
  });

  it('keeps text that is not a time as it is', () => {
    expect(localTime('yesterday')).toBe('yesterday');
  });

  it('names the entity with its type', () => {
    expect(entityText({ entity_type: 'schema', entity_id: 'ticket_triage' })).toBe(
      'schema ticket_triage',
    );
  });
});
