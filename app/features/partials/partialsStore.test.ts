// The Partials panel's store driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../../testing/liveLibrary';
import { draftTextPrompt } from '../../testing/prompts';
import { createPartialsStore, isPartialDirty, partialNameProblem } from './partialsStore';

const PROMPT = draftTextPrompt('welcome', '{{> sign_off}} Hello {{name}}');
const api = liveLibraryApi();

describe('partials store', () => {
  it('creates, saves and lists a partial with the prompts that use it', async () => {
    const store = createPartialsStore(api);
    await store.getState().loadList();
    expect(store.getState().startNew('sign_off')).toBeNull();
    store.getState().setContent('Cheers,');
    expect(await store.getState().save()).toBe(true);
    await api.savePrompt({ document: PROMPT });
    await store.getState().loadList();
    expect(store.getState().list).toMatchObject([{ name: 'sign_off', used_by: ['welcome'] }]);
    expect(store.getState().startNew('sign_off')).toMatch(/exists already/);
  });

  it('names the prompts whose output an edit changes before it is saved', async () => {
    await api.savePartial({ name: 'sign_off', content: 'Cheers,' });
    await api.savePrompt({ document: PROMPT });
    const store = createPartialsStore(api);
    await store.getState().loadList();
    expect(store.getState().selected).toBe('sign_off');
    store.getState().setContent('Best regards,');
    expect(await store.getState().checkImpact()).toEqual({ changed: ['welcome'], failed: [] });
    expect((await api.getPartial({ name: 'sign_off' })).content).toBe('Cheers,');
  });

  it('refuses a planted token naming the rule, then saves it when the user overrides', async () => {
    const token = `xoxb-${'1234567890'}-${'1234567890123'}-${'AbCdEfGhIjKlMnOpQrStUvWx'}`;
    const store = createPartialsStore(api);
    await store.getState().loadList();
    store.getState().startNew('sign_off');
    store.getState().setContent(`Cheers, ${token}`);
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().saveError).toMatchObject({ code: 'forbidden' });
    expect(store.getState().saveError?.message).toMatch(
      /^Possible secret found: slack in partial sign_off/,
    );
    expect(store.getState().saveError?.message).not.toContain(token.slice(5));
    await expect(api.getPartial({ name: 'sign_off' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.getState().save(true)).toBe(true);
    expect((await api.getPartial({ name: 'sign_off' })).content).toBe(`Cheers, ${token}`);
  });

  it('deletes the open partial', async () => {
    await api.savePartial({ name: 'sign_off', content: 'Cheers,' });
    const store = createPartialsStore(api);
    await store.getState().loadList();
    expect(await store.getState().remove()).toBe(true);
    expect(store.getState().list).toEqual([]);
    expect(store.getState().selected).toBeNull();
  });
});

const existing = [{ name: 'house_style', updated_at: '', used_by: [] }];

describe('partialNameProblem', () => {
  it('accepts a fresh, well-formed name', () => {
    expect(partialNameProblem('signature', existing)).toBeNull();
  });
  it('asks for a name when empty', () => {
    expect(partialNameProblem('  ', existing)).toMatch(/Enter a name/);
  });
  it('refuses names with path tricks or spaces', () => {
    expect(partialNameProblem('../x', existing)).toMatch(/letters, digits/);
    expect(partialNameProblem('my partial', existing)).toMatch(/letters, digits/);
    expect(partialNameProblem('a.b', existing)).toMatch(/letters, digits/);
  });
  it('refuses a name that exists', () => {
    expect(partialNameProblem('house_style', existing)).toMatch(/exists already/);
  });
});

describe('isPartialDirty', () => {
  it('is dirty when the content changed or the partial is new', () => {
    expect(isPartialDirty({ content: 'a', savedContent: 'a', creating: false })).toBe(false);
    expect(isPartialDirty({ content: 'b', savedContent: 'a', creating: false })).toBe(true);
    expect(isPartialDirty({ content: '', savedContent: '', creating: true })).toBe(true);
  });
});
