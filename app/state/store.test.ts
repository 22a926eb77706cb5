// The store's slices driven over the real HTTP server and a real SQLite file, without a DOM.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../testing/liveLibrary';
import { isDirty } from './editorSlice';
import { selectVariableFields } from './previewSlice';
import { STORAGE_KEYS, memoryStorage } from './storage';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

const FAST = { search: 1, draft: 1 };

const api = liveLibraryApi();

function newStore(storage = memoryStorage()): WorkbenchStore {
  return createWorkbenchStore(api, { storage, delays: FAST });
}

/** Waits until `check` passes (the store's debounced work runs on timers). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function savedGreeting(store: WorkbenchStore): Promise<void> {
  store.getState().newPrompt('greeting', 'text');
  store.getState().setTemplateContent('Hello {{name}}!');
  expect(await store.getState().saveVersion('patch', 'First')).toBe('saved');
}

describe('editor and history', () => {
  it('saves a new prompt as 1.0.0 and then a minor version after it', async () => {
    const store = newStore();
    await savedGreeting(store);
    expect(store.getState().editor.base).toBe('1.0.0');
    expect(isDirty(store.getState().editor)).toBe(false);

    store.getState().setTemplateContent('Hello {{name}}, welcome!');
    expect(isDirty(store.getState().editor)).toBe(true);
    expect(await store.getState().saveVersion('minor', 'Welcome')).toBe('saved');
    expect(store.getState().editor.base).toBe('1.1.0');
    await until(() => store.getState().history.versions.length === 2, 'history');
    expect(store.getState().history.versions.map((v) => [v.version, v.changelog])).toEqual([
      ['1.1.0', 'Welcome'],
      ['1.0.0', 'First'],
    ]);
    expect([store.getState().history.from, store.getState().history.to]).toEqual([
      '1.0.0',
      '1.1.0',
    ]);

    await store.getState().compareVersions();
    expect(store.getState().ui.activeTab).toBe('diff');
    expect(store.getState().history.diff?.left.template).toBe('Hello {{name}}!');
    expect(store.getState().history.diff?.right.template).toBe('Hello {{name}}, welcome!');
  });

  it('turns a stale save into a conflict, and the merge keeps their change and mine', async () => {
    const mine = newStore();
    mine.getState().newPrompt('greeting', 'text');
    mine.getState().setTemplateContent('Hello {{name}}!\nHow are you?\nSee you.\n');
    expect(await mine.getState().saveVersion('patch', 'First')).toBe('saved');
    const theirs = newStore();
    await theirs.getState().openPrompt('greeting');
    theirs.getState().setTemplateContent('Hello {{name}}!\nHow are you?\nSee you soon.\n');
    theirs.getState().setMetadata({ tags: ['theirs'] });
    expect(await theirs.getState().saveVersion('patch', 'Theirs')).toBe('saved');

    mine.getState().setTemplateContent('Hi {{name}}!\nHow are you?\nSee you.\n');
    mine.getState().setChangelog('Friendlier');
    expect(await mine.getState().saveVersion('patch', 'Friendlier')).toBe('conflict');
    expect(mine.getState().editor.conflict).toEqual({ current: '1.0.1' });

    await mine.getState().mergeWithCurrent();
    const { editor } = mine.getState();
    expect(editor.base).toBe('1.0.1');
    expect(editor.merge?.conflicts).toEqual([]);
    expect(editor.merge?.texts).toEqual(['template.content']);
    expect(editor.document?.template?.content).toBe('Hi {{name}}!\nHow are you?\nSee you soon.\n');
    expect(editor.document?.metadata.tags).toEqual(['theirs']);
    expect(editor.changelog).toBe('Friendlier');
    expect(await mine.getState().saveVersion('patch', editor.changelog)).toBe('saved');
    const stored = await api.getPrompt({ id: 'greeting' });
    expect([stored.version, stored.template?.content, stored.metadata.tags]).toEqual([
      '1.0.2',
      'Hi {{name}}!\nHow are you?\nSee you soon.\n',
      ['theirs'],
    ]);
    expect(mine.getState().editor.merge).toBeNull();
  });

  it('refuses to save a merge with conflict markers left, then saves it resolved', async () => {
    const mine = newStore();
    await savedGreeting(mine);
    const theirs = newStore();
    await theirs.getState().openPrompt('greeting');
    theirs.getState().setTemplateContent('Hello {{name}}, theirs!');
    theirs.getState().setMetadata({ temperature: 0.2 });
    expect(await theirs.getState().saveVersion('patch', 'Theirs')).toBe('saved');

    mine.getState().setTemplateContent('Hello {{name}}, mine!');
    mine.getState().setMetadata({ temperature: 0.5 });
    expect(await mine.getState().saveVersion('patch', 'Mine')).toBe('conflict');
    await mine.getState().mergeWithCurrent();
    const merged = mine.getState().editor.document?.template?.content ?? '';
    expect(merged).toContain('<<<<<<< your changes\nHello {{name}}, mine!\n=======\n');
    expect(merged).toContain('Hello {{name}}, theirs!\n>>>>>>> 1.0.1 (saved meanwhile)');
    expect(mine.getState().editor.document?.metadata.temperature).toBe(0.2);

    expect(await mine.getState().saveVersion('patch', 'Mine')).toBe('error');
    expect(mine.getState().editor.saveError?.message).toMatch(
      /^Conflict markers are left in Template\./,
    );
    expect((await api.getPrompt({ id: 'greeting' })).version).toBe('1.0.1');

    mine.getState().useMineAt('metadata.temperature');
    mine.getState().setTextAt('template.content', 'Hello {{name}}, mine and theirs!');
    expect(await mine.getState().saveVersion('patch', 'Mine')).toBe('saved');
    const stored = await api.getPrompt({ id: 'greeting' });
    expect([stored.version, stored.template?.content, stored.metadata.temperature]).toEqual([
      '1.0.2',
      'Hello {{name}}, mine and theirs!',
      0.5,
    ]);
  });

  it('keeps unsaved edits as a draft and restores them when the prompt is reopened', async () => {
    const storage = memoryStorage();
    const first = newStore(storage);
    await savedGreeting(first);
    first.getState().setTemplateContent('Hello {{name}}, draft');
    await until(() => first.getState().editor.draft === 'kept', 'draft kept');

    const second = newStore(storage);
    expect(storage.getItem(STORAGE_KEYS.lastPrompt)).toBe('greeting');
    await second.getState().openPrompt('greeting');
    expect(second.getState().editor.restored).toBe(true);
    expect(second.getState().editor.document?.template?.content).toBe('Hello {{name}}, draft');

    await second.getState().discardChanges();
    expect(second.getState().editor.document?.template?.content).toBe('Hello {{name}}!');
    const third = newStore(storage);
    await third.getState().openPrompt('greeting');
    expect(third.getState().editor.restored).toBe(false);
  });

  it('lists a new prompt left for another one, and gives back what was typed', async () => {
    const store = newStore();
    await savedGreeting(store);
    store.getState().newPrompt('unsaved-one', 'text');
    store.getState().setTemplateContent('Long pasted text {{x}}');
    await store.getState().openPrompt('greeting');
    await until(
      () => store.getState().library.drafts.some((draft) => draft.prompt_id === 'unsaved-one'),
      'the new prompt listed',
    );
    expect(store.getState().library.drafts).toMatchObject([
      { prompt_id: 'unsaved-one', base_version: null, format: 'text' },
    ]);

    // Another page (a reload, a crash) sees it in the library too, and opens what was typed.
    const other = newStore();
    await other.getState().refreshLibrary();
    expect(other.getState().library.drafts.map((draft) => draft.prompt_id)).toEqual([
      'unsaved-one',
    ]);
    await other.getState().openPrompt('unsaved-one');
    expect(other.getState().editor.document?.template?.content).toBe('Long pasted text {{x}}');
    expect(other.getState().editor.saved).toBeNull();
  });

  it('discarding offers Undo, which brings the edits back and keeps them again', async () => {
    const store = newStore();
    await savedGreeting(store);
    store.getState().setTemplateContent('Hello {{name}}, unsaved');
    await until(() => store.getState().editor.draft === 'kept', 'draft kept');

    await store.getState().discardChanges();
    expect(store.getState().editor.document?.template?.content).toBe('Hello {{name}}!');
    expect(await api.getDraft({ id: 'greeting' })).toBeNull();
    const toast = store.getState().ui.toasts.at(-1);
    expect(toast?.text).toBe('Discarded unsaved changes to greeting.');
    expect(toast?.action?.label).toBe('Undo');

    toast?.action?.run();
    expect(store.getState().editor.document?.template?.content).toBe('Hello {{name}}, unsaved');
    expect(isDirty(store.getState().editor)).toBe(true);
    await until(() => store.getState().editor.draft === 'kept', 'draft kept again');
    expect((await api.getDraft({ id: 'greeting' }))?.base_version).toBe('1.0.0');
  });

  it('discarding a new prompt forgets it, and Undo brings it back to the library', async () => {
    const store = newStore();
    store.getState().newPrompt('fresh', 'chat');
    store.getState().setMessage(0, { content: 'You help.' });
    await until(() => store.getState().library.drafts.length === 1, 'listed');
    await store.getState().discardChanges();
    expect(store.getState().editor.document).toBeNull();
    await until(() => store.getState().library.drafts.length === 0, 'forgotten');

    store.getState().ui.toasts.at(-1)?.action?.run();
    expect(store.getState().editor.id).toBe('fresh');
    expect(store.getState().editor.document?.chat_template?.messages[0]?.content).toBe('You help.');
    await until(() => store.getState().library.drafts.length === 1, 'listed again');
  });

  it('restoring a version over unsaved edits offers Undo', async () => {
    const store = newStore();
    await savedGreeting(store);
    store.getState().setTemplateContent('Second {{name}}');
    await store.getState().saveVersion('minor', 'Second');
    store.getState().setTemplateContent('Second {{name}}, typing');
    await store.getState().restoreVersion('1.0.0');
    expect(store.getState().editor.document?.template?.content).toBe('Hello {{name}}!');

    store.getState().ui.toasts.at(-1)?.action?.run();
    expect(store.getState().editor.document?.template?.content).toBe('Second {{name}}, typing');
    expect(store.getState().editor.base).toBe('1.1.0');
  });

  it('restores an old version as an edit based on the current one', async () => {
    const store = newStore();
    await savedGreeting(store);
    store.getState().setTemplateContent('Changed {{name}}');
    await store.getState().saveVersion('major', 'Rewrite');
    await store.getState().restoreVersion('1.0.0');
    expect(store.getState().editor.base).toBe('2.0.0');
    expect(store.getState().editor.document?.template?.content).toBe('Hello {{name}}!');
    expect(isDirty(store.getState().editor)).toBe(true);
  });
});

describe('preview', () => {
  it('renders the working copy with the typed variables, latest edit winning', async () => {
    const store = newStore();
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('Dear {{who}}, {{count}} items.');
    expect(selectVariableFields(store.getState()).map((f) => f.name)).toEqual(['count', 'who']);
    store.getState().setVariable('who', 'Ada');
    store.getState().setVariable('count', '3');
    await until(() => store.getState().preview.result?.text === 'Dear Ada, 3 items.', 'render');
    store.getState().setTemplateContent('Dear {{who}}.');
    await until(() => store.getState().preview.result?.text === 'Dear Ada.', 'second render');
    await until(() => store.getState().preview.tokens !== null, 'token count');
    expect(store.getState().preview.tokens).toBeGreaterThan(1);
  });

  it('names a missing variable in the error', async () => {
    const store = newStore();
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('Dear {{who}}');
    await until(() => store.getState().preview.error !== null, 'error');
    expect(store.getState().preview.error?.message).toContain('who');
  });

  it('remembers variable values per prompt', async () => {
    const storage = memoryStorage();
    const store = newStore(storage);
    await savedGreeting(store);
    store.getState().setVariable('name', 'Grace');
    const again = newStore(storage);
    await again.getState().openPrompt('greeting');
    expect(again.getState().preview.values).toEqual({ name: 'Grace' });
  });
});

describe('library', () => {
  it('lists, searches and deletes prompts', async () => {
    const store = newStore();
    await savedGreeting(store);
    store.getState().newPrompt('farewell', 'chat');
    store.getState().setMessage(0, { content: 'Be brief.' });
    store.getState().setMessage(1, { content: 'Bye {{name}}' });
    expect(await store.getState().saveVersion('patch', '')).toBe('saved');

    await store.getState().refreshLibrary();
    expect(store.getState().library.total).toBe(2);
    store.getState().setLibraryFilters({ search: 'farewell' });
    await until(() => store.getState().library.total === 1, 'search');
    expect(store.getState().library.rows[0]?.id).toBe('farewell');

    expect(await store.getState().deletePrompt('farewell')).toBe(true);
    expect(store.getState().editor.status).toBe('empty');
    await until(() => store.getState().library.total === 0, 'delete');
  });
});
