// The Partials panel's slice of the store, driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { isPartialDirty, partialNameProblem } from './partialsSlice';
import { createWorkbenchStore } from './store';

const PROMPT = draftTextPrompt('welcome', '{{> sign_off}} Hello {{name}}');
const api = liveLibraryApi();

describe('partials slice', () => {
  it('creates, saves and lists a partial with the prompts that use it', async () => {
    const store = createWorkbenchStore(api);
    await store.getState().loadPartials();
    expect(store.getState().startNewPartial('sign_off')).toBeNull();
    store.getState().setPartialContent('Cheers,');
    expect(await store.getState().savePartial()).toBe(true);
    await api.savePrompt({ document: PROMPT });
    await store.getState().loadPartials();
    expect(store.getState().partials.list).toMatchObject([
      { name: 'sign_off', used_by: ['welcome'] },
    ]);
    expect(store.getState().startNewPartial('sign_off')).toMatch(/exists already/);
  });

  it('names the prompts whose output an edit changes before it is saved', async () => {
    await api.savePartial({ name: 'sign_off', content: 'Cheers,' });
    await api.savePrompt({ document: PROMPT });
    const store = createWorkbenchStore(api);
    await store.getState().loadPartials();
    expect(store.getState().partials.selected).toBe('sign_off');
    store.getState().setPartialContent('Best regards,');
    expect(await store.getState().checkPartialImpact()).toEqual({
      changed: ['welcome'],
      failed: [],
    });
    expect((await api.getPartial({ name: 'sign_off' })).content).toBe('Cheers,');
  });

  it('refuses a planted token naming the rule, then saves it when the user overrides', async () => {
    const token = `xoxb-${'1234567890'}-${'1234567890123'}-${'AbCdEfGhIjKlMnOpQrStUvWx'}`;
    const store = createWorkbenchStore(api);
    await store.getState().loadPartials();
    store.getState().startNewPartial('sign_off');
    store.getState().setPartialContent(`Cheers, ${token}`);
    expect(await store.getState().savePartial()).toBe(false);
    expect(store.getState().partials.saveError).toMatchObject({ code: 'forbidden' });
    expect(store.getState().partials.saveError?.message).toMatch(
      /^Possible secret found: slack in partial sign_off/,
    );
    expect(store.getState().partials.saveError?.message).not.toContain(token.slice(5));
    await expect(api.getPartial({ name: 'sign_off' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.getState().savePartial(true)).toBe(true);
    expect((await api.getPartial({ name: 'sign_off' })).content).toBe(`Cheers, ${token}`);
  });

  it('deletes the open partial', async () => {
    await api.savePartial({ name: 'sign_off', content: 'Cheers,' });
    const store = createWorkbenchStore(api);
    await store.getState().loadPartials();
    expect(await store.getState().deletePartial()).toBe(true);
    expect(store.getState().partials.list).toEqual([]);
    expect(store.getState().partials.selected).toBeNull();
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
