// The live preview over the real server: renders start at once, typing coalesces, old answers lose.
import { describe, expect, it } from 'vitest';
import type { Api } from '../../src-shared/contract/operations';
import { useLiveLibrary } from '../testing/liveLibrary';
import { PENDING_AFTER_MS } from './previewSlice';
import { memoryStorage } from './storage';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

const live = useLiveLibrary();

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
    /** Lets the n-th render (0-based) through. */
    release(index: number) {
      gates[index]?.();
    },
  };
}

function newStore(api: Api = live): WorkbenchStore {
  return createWorkbenchStore(api, {
    storage: memoryStorage(),
    delays: { search: 1, preview: 1, draft: 60_000 },
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

describe('preview rendering', () => {
  it('sends the render with the edit itself, without waiting for typing to pause', () => {
    const held = heldRenders();
    const store = newStore(held.api);
    store.getState().newPrompt('note', 'text');
    const before = held.requests.length;
    store.getState().setTemplateContent('Hello');
    expect(held.requests.length).toBe(before + 1);
    expect(held.requests.at(-1)?.document?.template?.content).toBe('Hello');
  });

  it('says it is rendering only once a render is slow, and stops when it answers', async () => {
    const held = heldRenders();
    const store = newStore(held.api);
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('Hello');
    expect(store.getState().preview.pending).toBe(false);
    const asked = Date.now();
    await until(() => store.getState().preview.pending, 'the slow-render notice');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(PENDING_AFTER_MS - 20);
    held.release(held.requests.length - 1);
    await until(() => text(store) === 'Hello', 'the answer');
    expect(store.getState().preview.pending).toBe(false);
  });

  it('renders typing done during a slow render once, with the latest text, when it returns', async () => {
    const held = heldRenders();
    const store = newStore(held.api);
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('H');
    const first = held.requests.length - 1;
    for (const typed of ['He', 'Hel', 'Hell', 'Hello']) store.getState().setTemplateContent(typed);
    expect(held.requests.length).toBe(first + 1);
    held.release(first);
    await until(() => held.requests.length === first + 2, 'the follow-up render');
    expect(held.requests[first + 1]?.document?.template?.content).toBe('Hello');
    held.release(first + 1);
    await until(() => text(store) === 'Hello', 'the latest text');
    expect(store.getState().preview.pending).toBe(false);
    expect(held.requests.length).toBe(first + 2);
  });

  it('shows the answer of a render in flight while the newer one is still on its way', async () => {
    const held = heldRenders();
    const store = newStore(held.api);
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('one');
    const first = held.requests.length - 1;
    store.getState().setTemplateContent('one two');
    held.release(first);
    await until(() => text(store) === 'one', 'the first answer');
    held.release(first + 1);
    await until(() => text(store) === 'one two', 'the second answer');
  });

  it('never replaces a newer answer with an older one that arrives late', async () => {
    const held = heldRenders();
    const store = newStore(held.api);
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('old');
    const old = held.requests.length - 1;
    store.getState().setTemplateContent('new');
    void store.getState().renderNow();
    const newer = held.requests.length - 1;
    expect(held.requests[newer]?.document?.template?.content).toBe('new');
    held.release(newer);
    await until(() => text(store) === 'new', 'the newer answer');
    held.release(old);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(text(store)).toBe('new');
  });

  it("drops the previous prompt's render when another prompt opens", async () => {
    const held = heldRenders();
    const store = newStore(held.api);
    store.getState().newPrompt('first', 'text');
    store.getState().setTemplateContent('From the first prompt');
    const previous = held.requests.length - 1;
    store.getState().newPrompt('second', 'text');
    store.getState().setTemplateContent('From the second prompt');
    for (let index = previous + 1; index < held.requests.length; index++) held.release(index);
    await until(() => text(store) === 'From the second prompt', 'the second prompt');
    held.release(previous);
    await until(() => held.requests.length > 0 && !store.getState().preview.pending, 'quiet');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(text(store)).toBe('From the second prompt');
  });

  it('counts the tokens of the text on screen', async () => {
    const store = newStore();
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('one two three four five six seven eight');
    await until(() => store.getState().preview.tokens !== null, 'a token count');
    expect(store.getState().preview.tokens).toBe(8);
  });

  it('shows template errors and keeps the last good text beside them', async () => {
    const store = newStore();
    store.getState().newPrompt('note', 'text');
    store.getState().setTemplateContent('Fine');
    await until(() => text(store) === 'Fine', 'a first render');
    store.getState().setTemplateContent('Broken {{#if}}');
    await until(() => store.getState().preview.error !== null, 'the error');
    expect(text(store)).toBe('Fine');
    expect(store.getState().preview.pending).toBe(false);
  });
});
