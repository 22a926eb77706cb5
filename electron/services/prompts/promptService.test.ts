import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import { countRows, openTestLibrary, textDoc, type TestLibrary } from './fixtures/testLibrary';

let lib: TestLibrary;
beforeEach(() => {
  lib = openTestLibrary();
});
afterEach(() => lib.close());

const historyRows = () => ({
  versions: countRows(lib.db, 'prompt_versions'),
  prompts: countRows(lib.db, 'prompts'),
  audit: countRows(lib.db, 'audit_log'),
  tags: countRows(lib.db, 'prompt_tags'),
});

describe('PromptService.save and get', () => {
  it('creates a new prompt at its document version and reads it back', () => {
    const saved = lib.prompts.save({ document: textDoc('greet', 'Hello {{name}}') });
    expect(saved).toEqual({
      id: 'greet',
      version: '1.0.0',
      previous: null,
      created_at: '2024-05-01T12:00:00.000Z',
    });
    const prompt = lib.prompts.get('greet');
    expect(prompt.template?.content).toBe('Hello {{name}}');
    expect(prompt.version).toBe('1.0.0');
    expect(prompt.created_at).toBe(saved.created_at);
  });

  it('saves a document parsed by the caller as save stores the raw one', async () => {
    const { parsePrompt } = await import('../../../src-shared/model/validatePrompt');
    const raw = textDoc('a', 'Hi {{who}}', { metadata: { tags: ['Mixed', 'mixed'] } });
    lib.prompts.save({ document: raw });
    lib.prompts.saveParsed({ document: { ...parsePrompt(raw), id: 'b' } });
    // What differs by design: the id, the uid and the clock's times.
    const { uid: _a, id: _ida, created_at: _ca, updated_at: _ua, ...first } = lib.prompts.get('a');
    const { uid: _b, id: _idb, created_at: _cb, updated_at: _ub, ...second } = lib.prompts.get('b');
    expect(second).toEqual(first);
    expect(second.metadata.tags).toEqual(['mixed']);
  });

  it('keeps the version a new document names', () => {
    expect(lib.prompts.save({ document: textDoc('a', 'x', { version: '2.3.4' }) }).version).toBe(
      '2.3.4',
    );
  });

  it('bumps from the base: patch by default, minor and major on request', () => {
    lib.prompts.save({ document: textDoc('p', 'v1', { version: '1.9.9' }) });
    expect(lib.prompts.save({ document: textDoc('p', 'v2'), base: '1.9.9' }).version).toBe(
      '1.9.10',
    );
    expect(
      lib.prompts.save({ document: textDoc('p', 'v3'), base: '1.9.10', bump: 'minor' }).version,
    ).toBe('1.10.0');
    const major = lib.prompts.save({ document: textDoc('p', 'v4'), base: '1.10.0', bump: 'major' });
    expect(major).toMatchObject({ version: '2.0.0', previous: '1.10.0' });
  });

  it('stores the new version number, a fresh updated_at and the first created_at', () => {
    const first = lib.prompts.save({ document: textDoc('p', 'one') });
    const uid = lib.prompts.get('p').uid;
    lib.prompts.save({ document: textDoc('p', 'two', { version: '7.7.7' }), base: '1.0.0' });
    const latest = lib.prompts.get('p');
    expect(latest.version).toBe('1.0.1');
    expect(latest.created_at).toBe(first.created_at);
    expect(latest.updated_at > first.created_at).toBe(true);
    expect(latest.uid).toBe(uid);
  });

  it('reads any stored version, and reports unknown ids and versions by name', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    lib.prompts.save({ document: textDoc('p', 'two'), base: '1.0.0' });
    expect(lib.prompts.get('p', '1.0.0').template?.content).toBe('one');
    expect(lib.prompts.get('p').template?.content).toBe('two');
    const missing = caught(() => lib.prompts.get('nope'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe("Prompt 'nope' not found");
    expect(caught(() => lib.prompts.get('p', '1.2.3')).message).toBe(
      "Prompt 'p' version '1.2.3' not found",
    );
  });

  it('lists history newest first in semver order with changelog and author', () => {
    lib.prompts.save({ document: textDoc('p', 'a', { version: '1.0.9' }), changelog: 'first' });
    lib.prompts.save({ document: textDoc('p', 'b'), base: '1.0.9', bump: 'minor', author: 'ann' });
    lib.prompts.save({ document: textDoc('p', 'c'), base: '1.1.0', changelog: 'third' });
    const history = lib.prompts.history('p');
    expect(history.map((entry) => entry.version)).toEqual(['1.1.1', '1.1.0', '1.0.9']);
    expect(history[0]).toMatchObject({
      changelog: 'third',
      author: 'tester',
      parent_version: '1.1.0',
    });
    expect(history[1]).toMatchObject({ author: 'ann', changelog: null });
    expect(history[2]).toMatchObject({ parent_version: null, changelog: 'first' });
    expect(history[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(caught(() => lib.prompts.history('nope')).code).toBe('not_found');
  });

  it('validates the document before saving anything', () => {
    const error = caught(() => lib.prompts.save({ document: textDoc('../etc', 'x') }));
    expect(error.code).toBe('invalid_input');
    expect(countRows(lib.db, 'prompts')).toBe(0);
  });
});

describe('PromptService.save conflicts', () => {
  it('refuses a stale base with the conflict message and writes nothing', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    lib.prompts.save({ document: textDoc('p', 'two'), base: '1.0.0' });
    const before = historyRows();
    const error = caught(() =>
      lib.prompts.save({ document: textDoc('p', 'three'), base: '1.0.0' }),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      "Prompt 'p' changed since 1.0.0: the current version is 1.0.1. Reload it and save again.",
    );
    expect(error.details).toEqual({ id: 'p', base: '1.0.0', current: '1.0.1' });
    expect(historyRows()).toEqual(before);
    expect(lib.prompts.get('p').template?.content).toBe('two');
  });

  it('refuses a save without base for an existing prompt', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    const before = historyRows();
    const error = caught(() => lib.prompts.save({ document: textDoc('p', 'two') }));
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ base: null, current: '1.0.0' });
    expect(historyRows()).toEqual(before);
  });

  it('refuses a base for an id that does not exist', () => {
    const error = caught(() =>
      lib.prompts.save({ document: textDoc('ghost', 'x'), base: '1.0.0' }),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toBe("Prompt 'ghost' does not exist");
    expect(countRows(lib.db, 'prompt_versions')).toBe(0);
  });

  it('refuses content identical to the current version, whatever version it carries', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    lib.prompts.save({ document: textDoc('p', 'two'), base: '1.0.0' });
    const before = historyRows();
    const error = caught(() =>
      lib.prompts.save({ document: textDoc('p', 'two', { version: '3.0.0' }), base: '1.0.1' }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Nothing to save: the document is identical to version 1.0.1');
    expect(historyRows()).toEqual(before);
  });

  it('treats a changed tag or status as a change worth saving', () => {
    lib.prompts.save({ document: textDoc('p', 'same') });
    const saved = lib.prompts.save({
      document: textDoc('p', 'same', { status: 'deprecated' }),
      base: '1.0.0',
    });
    expect(saved.version).toBe('1.0.1');
  });

  it('refuses an unknown bump level', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    const error = caught(() =>
      lib.prompts.save({ document: textDoc('p', 'two'), base: '1.0.0', bump: 'mega' as never }),
    );
    expect(error.code).toBe('invalid_input');
    expect(countRows(lib.db, 'prompt_versions')).toBe(1);
  });
});

describe('version immutability', () => {
  it('makes a direct SQL UPDATE of a version row fail', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    expect(() =>
      lib.db
        .prepare("UPDATE prompt_versions SET changelog = 'rewritten' WHERE prompt_id = 'p'")
        .run(),
    ).toThrow(/immutable/);
    expect(lib.prompts.history('p')[0]?.changelog).toBeNull();
  });

  it('refuses to insert a version that already exists through the low-level store', async () => {
    const { insertVersion } = await import('./versionStore');
    lib.prompts.save({ document: textDoc('p', 'one') });
    const stored = lib.prompts.get('p');
    const error = caught(() =>
      insertVersion(lib.db, {
        document: { ...stored, template: { ...stored.template!, content: 'other' } },
        changelog: null,
        author: null,
        created_at: 'now',
        parent_version: null,
      }),
    );
    expect(error.code).toBe('conflict');
    expect(lib.prompts.get('p').template?.content).toBe('one');
  });
});

describe('PromptService.delete', () => {
  it('removes the prompt, its versions, tags, search entry and draft', () => {
    lib.prompts.save({ document: textDoc('p', 'findme', { metadata: { tags: ['x'] } }) });
    lib.prompts.save({
      document: textDoc('p', 'findme too', { metadata: { tags: ['x'] } }),
      base: '1.0.0',
    });
    lib.prompts.save({ document: textDoc('keep', 'other') });
    lib.prompts.putDraft('p', { draft: true }, '1.0.1');
    lib.prompts.delete('p');
    expect(caught(() => lib.prompts.get('p')).code).toBe('not_found');
    expect(countRows(lib.db, 'prompt_versions')).toBe(1);
    expect(countRows(lib.db, 'prompt_tags')).toBe(0);
    expect(lib.prompts.list({ search: 'findme' }).total).toBe(0);
    expect(lib.prompts.getDraft('p')).toBeNull();
    expect(lib.prompts.list().items.map((item) => item.id)).toEqual(['keep']);
  });

  it('reports an unknown id', () => {
    expect(caught(() => lib.prompts.delete('nope')).code).toBe('not_found');
  });

  it('lets a deleted id be created again from 1.0.0', () => {
    lib.prompts.save({ document: textDoc('p', 'one') });
    lib.prompts.delete('p');
    expect(lib.prompts.save({ document: textDoc('p', 'again') }).version).toBe('1.0.0');
    expect(lib.prompts.history('p')).toHaveLength(1);
  });
});

describe('PromptService.diff', () => {
  it('shows the changed line between two versions', () => {
    lib.prompts.save({ document: textDoc('p', 'Dear {{name}},\nThanks for writing.\nBye') });
    lib.prompts.save({
      document: textDoc('p', 'Dear {{name}},\nThank you so much.\nBye'),
      base: '1.0.0',
    });
    const diff = lib.prompts.diff('p', '1.0.0', '1.0.1');
    expect(diff.from).toBe('1.0.0');
    expect(diff.to).toBe('1.0.1');
    expect(diff.unified).toContain('-Thanks for writing.');
    expect(diff.unified).toContain('+Thank you so much.');
    expect(diff.unified).toContain('--- p@1.0.0');
    expect(diff.left.template).toContain('Thanks for writing.');
    expect(diff.right.template).toContain('Thank you so much.');
  });

  it('reports a missing version', () => {
    lib.prompts.save({ document: textDoc('p', 'x') });
    expect(caught(() => lib.prompts.diff('p', '1.0.0', '9.9.9')).code).toBe('not_found');
  });
});

describe('drafts', () => {
  it('keeps a draft as given, replaces it, and forgets it', () => {
    expect(lib.prompts.getDraft('p')).toBeNull();
    lib.prompts.putDraft('p', { half: 'written', format: 42 }, null);
    expect(lib.prompts.getDraft('p')).toMatchObject({
      prompt_id: 'p',
      document: { half: 'written', format: 42 },
      base_version: null,
    });
    lib.prompts.putDraft('p', { second: true }, '1.0.0');
    expect(lib.prompts.getDraft('p')).toMatchObject({
      document: { second: true },
      base_version: '1.0.0',
    });
    lib.prompts.deleteDraft('p');
    expect(lib.prompts.getDraft('p')).toBeNull();
  });

  it('lists every draft for the library, new prompts with no base, half-written ones as far as they go', () => {
    lib.prompts.save({ document: textDoc('saved', 'x') });
    lib.prompts.putDraft(
      'saved',
      { format: 'text', status: 'active', metadata: { tags: ['a'] } },
      '1.0.0',
    );
    lib.prompts.putDraft(
      'fresh',
      { format: 'chat', metadata: { tags: ['b', 3], category: 'c' } },
      null,
    );
    lib.prompts.putDraft('odd', ['not', 'a', 'prompt'], null);
    const byId = Object.fromEntries(lib.prompts.listDrafts().map((d) => [d.prompt_id, d]));
    expect(Object.keys(byId).sort()).toEqual(['fresh', 'odd', 'saved']);
    expect(byId['saved']).toMatchObject({
      base_version: '1.0.0',
      format: 'text',
      status: 'active',
      tags: ['a'],
    });
    expect(byId['fresh']).toMatchObject({
      base_version: null,
      format: 'chat',
      status: null,
      tags: ['b'],
      category: 'c',
    });
    expect(byId['odd']).toMatchObject({
      base_version: null,
      format: null,
      tags: [],
      category: null,
    });
    lib.prompts.deleteDraft('fresh');
    expect(
      lib.prompts
        .listDrafts()
        .map((d) => d.prompt_id)
        .sort(),
    ).toEqual(['odd', 'saved']);
  });

  it('refuses drafts over 1 MB with too_large', () => {
    const error = caught(() => lib.prompts.putDraft('p', { text: 'x'.repeat(1024 * 1024) }, null));
    expect(error.code).toBe('too_large');
    expect(lib.prompts.getDraft('p')).toBeNull();
  });

  it('refuses a draft under an unsafe id', () => {
    expect(caught(() => lib.prompts.putDraft('../x', {}, null)).code).toBe('invalid_input');
  });

  it('drops the draft once its prompt is saved', () => {
    lib.prompts.putDraft('p', { wip: true }, null);
    lib.prompts.save({ document: textDoc('p', 'done') });
    expect(lib.prompts.getDraft('p')).toBeNull();
  });
});
