// The live preview over the real server: renders start at once, typing coalesces, old answers lose.
import { describe, expect, it } from 'vitest';
import type { Api } from '../../src-shared/contract/operations';
import { liveLibraryApi } from '../testing/liveLibrary';
import { CONFIRM_AFTER_MS, PENDING_AFTER_MS } from './previewSlice';
import { memoryStorage } from './storage';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

const live = liveLibraryApi();

type RenderRequest = Parameters<Api['renderPreview']>[0];

/** The live API with every render held back until the test releases it. */
function heldRenders() {
  const requests: RenderRequest[] = [];
  const gates: (() => void)[] = [];
  const api: Api = {
    ...live,
    renderPreview: (request) => {
      requests.push(request);
      return new Promise<void>((open) => gates.push(open)).then(() => live.renderPreview(request));
    },
  };
  return {
    api,
    requests,
    /** The number of the latest render asked for. */
    latest: () => requests.length - 1,
    /** Lets the n-th render (0-based) through. */
    release(index: number) {
      gates[index]?.();
    },
    /** Lets every render asked for so far through (true, to chain in a wait). */
    releaseAll() {
      for (const open of gates) open();
      return true;
    },
  };
}

function newStore(api: Api = live): WorkbenchStore {
  return createWorkbenchStore(api, {
    storage: memoryStorage(),
    delays: { search: 1, draft: 60_000 },
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const text = (store: WorkbenchStore) => store.getState().preview.result?.text;

/** A store showing a new text prompt; `type` replaces its template, as the editor does. */
function editing(api: Api = live, id = 'note') {
  const store = newStore(api);
  store.getState().newPrompt(id, 'text');
  return { store, type: (content: string) => store.getState().setTemplateContent(content) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** A prompt `Hi {{who}}` with who = Ada, once the Node side has answered it (renders held). */
async function greeted() {
  const held = heldRenders();
  const { store, type } = editing(held.api);
  store.getState().setVariable('who', 'Ada');
  type('Hi {{who}}');
  await until(() => held.releaseAll() && text(store) === 'Hi Ada', 'the first answer');
  return { held, store, type };
}

describe('preview rendering', () => {
  it('sends the render with the edit itself, without waiting for typing to pause', () => {
    const held = heldRenders();
    const { type } = editing(held.api);
    const before = held.requests.length;
    type('Hello');
    expect(held.requests.length).toBe(before + 1);
    expect(held.requests[held.latest()]?.document?.template?.content).toBe('Hello');
  });

  it('says it is rendering only once a render is slow, and stops when it answers', async () => {
    const held = heldRenders();
    const { store, type } = editing(held.api);
    type('Hello');
    expect(store.getState().preview.pending).toBe(false);
    const asked = Date.now();
    await until(() => store.getState().preview.pending, 'the slow-render notice');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(PENDING_AFTER_MS - 20);
    held.release(held.latest());
    await until(() => text(store) === 'Hello', 'the answer');
    expect(store.getState().preview.pending).toBe(false);
  });

  it('renders typing done during a slow render once, with the latest text, when it returns', async () => {
    const held = heldRenders();
    const { store, type } = editing(held.api);
    type('H');
    const first = held.latest();
    for (const typed of ['He', 'Hel', 'Hell', 'Hello']) type(typed);
    expect(held.latest()).toBe(first);
    held.release(first);
    await until(() => held.latest() === first + 1, 'the follow-up render');
    expect(held.requests[first + 1]?.document?.template?.content).toBe('Hello');
    held.release(first + 1);
    await until(() => text(store) === 'Hello', 'the latest text');
    expect(store.getState().preview.pending).toBe(false);
    expect(held.latest()).toBe(first + 1);
  });

  it('shows the answer of a render in flight while the newer one is still on its way', async () => {
    const held = heldRenders();
    const { store, type } = editing(held.api);
    type('one');
    const first = held.latest();
    type('one two');
    held.release(first);
    await until(() => text(store) === 'one', 'the first answer');
    held.release(first + 1);
    await until(() => text(store) === 'one two', 'the second answer');
  });

  it('never replaces a newer answer with an older one that arrives late', async () => {
    const held = heldRenders();
    const { store, type } = editing(held.api);
    type('old');
    const old = held.latest();
    type('new');
    void store.getState().renderNow();
    const newer = held.latest();
    expect(held.requests[newer]?.document?.template?.content).toBe('new');
    held.release(newer);
    await until(() => text(store) === 'new', 'the newer answer');
    held.release(old);
    await settle();
    expect(text(store)).toBe('new');
  });

  it("drops the previous prompt's render when another prompt opens", async () => {
    const held = heldRenders();
    const { store, type } = editing(held.api, 'first');
    type('From the first prompt');
    const previous = held.latest();
    store.getState().newPrompt('second', 'text');
    type('From the second prompt');
    for (let index = previous + 1; index <= held.latest(); index++) held.release(index);
    await until(() => text(store) === 'From the second prompt', 'the second prompt');
    held.release(previous);
    await settle();
    expect(text(store)).toBe('From the second prompt');
  });

  it('renders an edit in the page at once once the Node side has answered for these values', async () => {
    const { held, store, type } = await greeted();
    type('Hi {{who}}, welcome');
    // Shown before the Node side, whose render is held, has answered.
    expect(text(store)).toBe('Hi Ada, welcome');
    const local = store.getState().preview.result;
    for (let index = 0; index <= held.latest(); index++) held.release(index);
    await settle();
    // The Node side's answer is the same text: the page's result stays on screen as it was.
    expect(store.getState().preview.result).toBe(local);
  });

  it('asks the Node side once typing pauses, for edits the page rendered itself', async () => {
    const { held, store, type } = await greeted();
    await settle();
    const before = held.requests.length;
    for (const typed of ['Hi {{who}}!', 'Hi {{who}}!!', 'Hi {{who}}!!!']) type(typed);
    expect(text(store)).toBe('Hi Ada!!!');
    expect(held.requests.length).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, CONFIRM_AFTER_MS + 50));
    expect(held.requests.length).toBe(before + 1);
    expect(held.requests[before]?.document?.template?.content).toBe('Hi {{who}}!!!');
    held.releaseAll();
  });

  it('waits for the Node side for a variable it has not validated, or a new form value', async () => {
    const { held, store, type } = await greeted();
    type('Hi {{who}} and {{other}}');
    expect(text(store)).toBe('Hi Ada');
    store.getState().setVariable('other', 'Bo');
    await until(() => held.releaseAll() && text(store) === 'Hi Ada and Bo', 'the Node side');
    store.getState().setVariable('who', 'Cy');
    type('Hi {{who}} and {{other}}!');
    expect(text(store)).toBe('Hi Ada and Bo');
    await until(() => held.releaseAll() && text(store) === 'Hi Cy and Bo!', 'the new value');
  });

  it('renders prompts that use library partials in the page once it has loaded them', async () => {
    await live.savePartial({ name: 'sign', content: '-- {{upper who}} ({{> inner}})' });
    await live.savePartial({ name: 'inner', content: 'team' });
    const held = heldRenders();
    const { store, type } = editing(held.api);
    await store.getState().loadCatalog();
    store.getState().setVariable('who', 'Ada');
    type('Hi {{who}}\n{{> sign}}');
    const expected = 'Hi Ada\n-- ADA (team)';
    await until(() => held.releaseAll() && text(store) === expected, 'the Node side');
    // The partials load after the Node side's answer; then edits render in the page.
    let typed = 'Hi {{who}}\n{{> sign}}';
    await until(() => {
      typed += '!';
      type(typed);
      return text(store) === `${expected}${typed.slice(typed.indexOf('!'))}`;
    }, 'a render in the page');
  });

  it('counts the tokens of the text on screen', async () => {
    const { store, type } = editing();
    type('one two three four five six seven eight');
    await until(() => store.getState().preview.tokens !== null, 'a token count');
    expect(store.getState().preview.tokens).toBe(8);
  });

  it('shows a template error alone (no stale text, no token count), and renders once it clears', async () => {
    const { store, type } = editing();
    type('Fine');
    await until(() => store.getState().preview.tokens !== null, 'a first count');
    type('Broken {{#if}}');
    await until(() => store.getState().preview.error !== null, 'the error');
    expect(store.getState().preview.result).toBeNull();
    expect(store.getState().preview.tokens).toBeNull();
    expect(store.getState().preview.pending).toBe(false);
    type('Fixed');
    await until(() => text(store) === 'Fixed', 'the render after the fix');
    expect(store.getState().preview.error).toBeNull();
    await until(() => store.getState().preview.tokens === 1, 'the new count');
  });

  it('follows the library: a schema changed elsewhere renders again with its new default', async () => {
    const schema = (mood: string) =>
      `schemas:\n  - name: tone\n    fields:\n      - name: mood\n        type: string\n${mood}`;
    await live.saveSchemaYaml({ text: schema('') });
    const { store, type } = editing();
    store.getState().setSettings({ input_schema: 'tone' });
    type('Feeling {{mood}}');
    await until(() => store.getState().preview.error?.code === 'schema_violation', 'the error');
    await live.saveSchemaYaml({ text: schema('        required: false\n        default: calm\n') });
    // What the Schemas panel does after a save.
    await store.getState().loadCatalog();
    await until(() => text(store) === 'Feeling calm', 'the render with the new default');
    expect(store.getState().preview.error).toBeNull();
  });
});
