// Changes to a SQLite library by another connection (another process, in effect) reach a watcher
// as the same events PostgreSQL's NOTIFY carries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryChange } from '../../../src-shared/contract/events';
import { createServices } from '../index';
import type { Services } from '../index';
import { textDoc } from '../prompts/fixtures/testLibrary';
import { changeOfAudit, watchLibraryChanges } from './libraryChanges';

const opened: Services[] = [];
const stops: (() => void)[] = [];
let dir = '';

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const services of opened.splice(0)) await services.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function open(dbPath: string, actor: string): Services {
  const services = createServices({ dbPath, actor });
  opened.push(services);
  return services;
}

describe('watchLibraryChanges', () => {
  it("tells saves, label moves and deletions by another connection, and this one's own", async () => {
    dir = mkdtempSync(join(tmpdir(), 'pwb-changes-'));
    const dbPath = join(dir, 'library.db');
    const mine = open(dbPath, 'me');
    mine.prompts.save({ document: textDoc('before', 'written before watching') });
    const seen: LibraryChange[] = [];
    stops.push(watchLibraryChanges(mine.db, (change) => seen.push(change), 20));
    const other = open(dbPath, 'them');
    other.prompts.save({ document: textDoc('greet', 'Hi') });
    other.prompts.save({ document: textDoc('greet', 'Hello'), base: '1.0.0' });
    other.labels.set('greet', 'production', '1.0.1');
    other.labels.remove('greet', 'production');
    other.partials.save('footer', 'Thanks');
    mine.prompts.save({ document: textDoc('bye', 'Bye') });
    other.prompts.delete('bye');
    await expect.poll(() => seen.length).toBe(7);
    expect(seen).toEqual([
      { kind: 'saved', id: 'greet', version: '1.0.0' },
      { kind: 'saved', id: 'greet', version: '1.0.1' },
      { kind: 'label', id: 'greet', label: 'production', version: '1.0.1' },
      { kind: 'label', id: 'greet', label: 'production', version: null },
      { kind: 'partial', name: 'footer', deleted: false },
      { kind: 'saved', id: 'bye', version: '1.0.0' },
      { kind: 'deleted', id: 'bye' },
    ]);
  });

  it('reads the label of a move from its audit summary, and skips what the page ignores', () => {
    const row = { entity_type: 'prompt', entity_id: 'greet', version: '1.0.0' };
    expect(changeOfAudit({ ...row, action: 'label_set', summary: 'qa-2: 0.9.0 → 1.0.0' })).toEqual({
      kind: 'label',
      id: 'greet',
      label: 'qa-2',
      version: '1.0.0',
    });
    expect(changeOfAudit({ ...row, action: 'label_set', summary: 'staging → 1.0.0' })).toEqual({
      kind: 'label',
      id: 'greet',
      label: 'staging',
      version: '1.0.0',
    });
    expect(changeOfAudit({ ...row, action: 'tests_save', summary: null })).toBeNull();
    expect(
      changeOfAudit({ ...row, entity_type: 'apikey', action: 'apikey_create', summary: null }),
    ).toBeNull();
    expect(
      changeOfAudit({
        ...row,
        entity_type: 'schema',
        entity_id: 'reply',
        action: 'schema_delete',
        summary: null,
      }),
    ).toEqual({ kind: 'schema', name: 'reply', deleted: true });
  });
});
