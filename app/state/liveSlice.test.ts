// The page's store follows the library live: another program's save and label move reach the
// list, the open prompt's history and its labels, and a "newer version" note, through the real
// HTTP server's event stream; unsaved edits stay as typed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import { otherProgram, startLiveLibrary } from '../testing/liveLibrary';
import type { LiveLibrary, OtherProgram } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { labelsAt, mayMoveLabel } from './historySlice';
import { newerVersion } from './liveSlice';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

let live: LiveLibrary;
let other: OtherProgram;
let store: WorkbenchStore;
let stopLive: () => void = () => undefined;

beforeEach(async () => {
  live = await startLiveLibrary();
  // Another program on the same file: its own connection, as `pwb` in a terminal.
  other = otherProgram(live.dbPath);
  store = createWorkbenchStore(createClient(live.transport), {
    delays: { search: 1, draft: 1, live: 10 },
  });
});

afterEach(async () => {
  stopLive();
  await other.close();
  await live.close();
});

const rowOf = (id: string) =>
  Object.values(store.getState().library.rows).find((row) => row.id === id);

describe('labels in the library list', () => {
  it('come with each page of rows in one read, only for prompts that carry labels', async () => {
    const api = createClient(live.transport);
    await api.savePrompt({ document: draftTextPrompt('greet', 'Hi {{name}}') });
    await api.savePrompt({ document: draftTextPrompt('plain', 'Plain') });
    await api.setLabel({ id: 'greet', label: 'production', version: '1.0.0' });
    await store.getState().refreshLibrary();
    expect(store.getState().library.labels).toEqual({ greet: { production: '1.0.0' } });
  });
});

describe('live updates', () => {
  it("show another program's save and label move in the list, history and editor", async () => {
    other.save(draftTextPrompt('greet', 'Hi {{name}}'));
    stopLive = await store.getState().startLiveUpdates();
    expect(store.getState().live.listening).toBe(true);
    await store.getState().refreshLibrary();
    await store.getState().openPrompt('greet');
    store.getState().setTemplateContent('Hi {{name}}, typed here');
    expect(newerVersion(store.getState())).toBeNull();

    other.save(draftTextPrompt('greet', 'Hello {{name}}'), '1.0.0');
    other.setLabel('greet', 'production', '1.0.1');
    other.save(draftTextPrompt('fresh', 'New here'));

    await expect.poll(() => rowOf('greet')?.version).toBe('1.0.1');
    await expect
      .poll(() => store.getState().library.labels['greet'])
      .toEqual({
        production: '1.0.1',
      });
    await expect.poll(() => rowOf('fresh')?.version).toBe('1.0.0');
    await expect
      .poll(() => store.getState().history.versions.map((entry) => entry.version))
      .toEqual(['1.0.1', '1.0.0']);
    await expect
      .poll(() => labelsAt(store.getState().history.labels, '1.0.1'))
      .toEqual(['production']);
    expect(newerVersion(store.getState())).toBe('1.0.1');
    // The edits are the user's until they choose: nothing was reloaded under them.
    expect(store.getState().editor.document?.template?.content).toBe('Hi {{name}}, typed here');
    expect(store.getState().editor.base).toBe('1.0.0');
    expect(store.getState().live.lastChange).toEqual({
      kind: 'saved',
      id: 'fresh',
      version: '1.0.0',
    });
  });
});

describe('a live stream that ends', () => {
  const versionsOf = () => store.getState().history.versions.map((entry) => entry.version);

  it('is opened again, and what was missed meanwhile is read again', async () => {
    store = createWorkbenchStore(createClient(live.transport), {
      delays: { search: 1, draft: 1, live: 10, reconnect: 20 },
    });
    other.save(draftTextPrompt('greet', 'Hi {{name}}'));
    stopLive = await store.getState().startLiveUpdates();
    await store.getState().refreshLibrary();
    await store.getState().openPrompt('greet');
    await expect.poll(versionsOf).toEqual(['1.0.0']);

    await live.restart(async () => {
      await expect.poll(() => store.getState().live.listening).toBe(false);
      // Saved while the server could tell nobody: only reading again brings it.
      other.save(draftTextPrompt('greet', 'Hello {{name}}'), '1.0.0');
    });
    await expect.poll(() => store.getState().live.listening).toBe(true);
    await expect.poll(() => rowOf('greet')?.version).toBe('1.0.1');
    await expect.poll(versionsOf).toEqual(['1.0.1', '1.0.0']);

    // …and what happens from now on arrives as before.
    other.save(draftTextPrompt('later', 'Later'));
    await expect.poll(() => rowOf('later')?.version).toBe('1.0.0');
    expect(store.getState().live.lastChange).toEqual({
      kind: 'saved',
      id: 'later',
      version: '1.0.0',
    });
  });

  it('is opened again at once when the lost-connection retry reaches the library', async () => {
    // A retry far away: only reconnect (the banner's retry) can bring the stream back here.
    store = createWorkbenchStore(createClient(live.transport), {
      delays: { search: 1, draft: 1, live: 10, reconnect: 600_000 },
    });
    stopLive = await store.getState().startLiveUpdates();
    await live.restart(async () => {
      await expect.poll(() => store.getState().live.listening).toBe(false);
      other.save(draftTextPrompt('missed', 'Missed'));
    });
    expect(store.getState().live.listening).toBe(false);
    expect(await store.getState().reconnect()).toBe(true);
    expect(store.getState().live.listening).toBe(true);
    await expect.poll(() => rowOf('missed')?.version).toBe('1.0.0');
    other.save(draftTextPrompt('heard', 'Heard'));
    await expect.poll(() => rowOf('heard')?.version).toBe('1.0.0');
  });

  it('stays closed once stopped', async () => {
    store = createWorkbenchStore(createClient(live.transport), {
      delays: { search: 1, draft: 1, live: 10, reconnect: 20 },
    });
    const stop = await store.getState().startLiveUpdates();
    stop();
    await live.restart();
    await store.getState().resumeLiveUpdates();
    expect(store.getState().live.listening).toBe(false);
  });
});

describe('moving labels', () => {
  it('points a label at a version, re-reads the history and list, and audits the move', async () => {
    const api = createClient(live.transport);
    await api.savePrompt({ document: draftTextPrompt('greet', 'Hi') });
    await api.savePrompt({ document: draftTextPrompt('greet', 'Hello'), base: '1.0.0' });
    await store.getState().refreshLibrary();
    await store.getState().openPrompt('greet');
    await store.getState().loadHistory('greet');
    expect(mayMoveLabel(store.getState(), 'production')).toBe(true);
    expect(await store.getState().moveLabel('production', '1.0.0')).toBe(true);
    expect(labelsAt(store.getState().history.labels, '1.0.0')).toEqual(['production']);
    expect(store.getState().library.labels['greet']).toEqual({ production: '1.0.0' });
    expect(store.getState().ui.toasts.at(-1)?.text).toBe('production now points at greet 1.0.0.');
    const audit = await api.listAudit({ entity_id: 'greet' });
    expect(audit[0]).toMatchObject({ action: 'label_set', version: '1.0.0' });
  });

  it('removes a label, re-reads the history and list, and audits the removal', async () => {
    const api = createClient(live.transport);
    await api.savePrompt({ document: draftTextPrompt('greet', 'Hi') });
    await api.setLabel({ id: 'greet', label: 'staging', version: '1.0.0' });
    await api.setLabel({ id: 'greet', label: 'production', version: '1.0.0' });
    await store.getState().refreshLibrary();
    await store.getState().openPrompt('greet');
    await store.getState().loadHistory('greet');
    expect(await store.getState().removeLabel('staging')).toBeNull();
    expect(labelsAt(store.getState().history.labels, '1.0.0')).toEqual(['production']);
    expect(store.getState().library.labels['greet']).toEqual({ production: '1.0.0' });
    expect(store.getState().ui.toasts.at(-1)?.text).toBe(
      'staging no longer points at a version of greet.',
    );
    const audit = await api.listAudit({ entity_id: 'greet' });
    expect(audit[0]).toMatchObject({
      action: 'label_remove',
      version: '1.0.0',
      summary: 'staging removed (was 1.0.0)',
    });
    // A label that is not set (any more) is said, and nothing else changes.
    expect(await store.getState().removeLabel('staging')).toBe(
      "prompt 'greet' has no label 'staging'",
    );
    expect(await api.listLabels({ id: 'greet' })).toMatchObject([{ label: 'production' }]);
    expect(mayMoveLabel(store.getState(), 'staging')).toBe(true);
  });

  it('says why a move failed and keeps offering a move the role allows', async () => {
    const api = createClient(live.transport);
    await api.savePrompt({ document: draftTextPrompt('greet', 'Hi') });
    await store.getState().openPrompt('greet');
    await store.getState().loadHistory('greet');
    expect(await store.getState().moveLabel('staging', '9.9.9')).toBe(false);
    expect(store.getState().ui.toasts.at(-1)).toMatchObject({
      tone: 'error',
      text: "Could not move staging to 9.9.9: prompt 'greet' version '9.9.9' not found",
    });
    // Not a refusal by role: the move is still offered.
    expect(mayMoveLabel(store.getState(), 'staging')).toBe(true);
  });
});
