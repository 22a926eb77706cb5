import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestLibrary, textDoc, type TestLibrary } from '../prompts/fixtures/testLibrary';

let lib: TestLibrary;
beforeEach(() => {
  lib = openTestLibrary();
});
afterEach(() => lib.close());

describe('AuditService', () => {
  it('records create, save and delete of a prompt with chained hashes, newest first', () => {
    lib.prompts.save({ document: textDoc('p', 'one'), changelog: 'first draft' });
    lib.prompts.save({ document: textDoc('p', 'two'), base: '1.0.0', bump: 'minor' });
    lib.prompts.delete('p');
    const entries = lib.audit.list({ entity_id: 'p' });
    expect(entries.map((entry) => entry.action)).toEqual(['delete', 'save', 'create']);
    const [deleted, saved, created] = entries;
    expect(created).toMatchObject({
      actor: 'tester',
      entity_type: 'prompt',
      version: '1.0.0',
      before_hash: null,
      summary: 'first draft',
    });
    expect(created?.after_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(saved).toMatchObject({ version: '1.1.0', before_hash: created?.after_hash });
    expect(saved?.after_hash).not.toBe(created?.after_hash);
    expect(saved?.summary).toBe('minor bump from 1.0.0');
    expect(deleted).toMatchObject({
      version: '1.1.0',
      before_hash: saved?.after_hash,
      after_hash: null,
    });
  });

  it('stamps entries with the clock as ISO time', () => {
    lib.audit.record({
      action: 'import',
      entity_type: 'library',
      entity_id: 'seed',
      summary: '8 prompts',
    });
    const [entry] = lib.audit.list();
    expect(entry?.at).toMatch(/^2024-05-01T12:00:\d\d\.000Z$/);
    expect(entry).toMatchObject({ action: 'import', entity_type: 'library', summary: '8 prompts' });
  });

  it('writes nothing to the log when the change itself fails', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    expect(() => lib.prompts.save({ document: textDoc('p', 'two'), base: '0.0.1' })).toThrow();
    expect(lib.audit.list()).toHaveLength(1);
  });

  it('filters by entity type and pages', () => {
    for (const id of ['a', 'b', 'c']) lib.prompts.save({ document: textDoc(id, id) });
    lib.audit.record({ action: 'partial_save', entity_type: 'partial', entity_id: 'sig' });
    expect(lib.audit.list({ entity_type: 'prompt' }).map((entry) => entry.entity_id)).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(lib.audit.list({ limit: 2, offset: 1 }).map((entry) => entry.entity_id)).toEqual([
      'c',
      'b',
    ]);
  });

  it('refuses unknown actions', () => {
    expect(() =>
      lib.audit.record({ action: 'hack' as never, entity_type: 'prompt', entity_id: 'p' }),
    ).toThrow(/Unknown audit action/);
  });
});
