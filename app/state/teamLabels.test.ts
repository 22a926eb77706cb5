// Moving labels from the page on a team library (a real PostgreSQL server): an editor's page does
// not offer Promote once it knows the role, and a refusal by the database itself is said plainly
// and stops the offer; another client's label move reaches the page live.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import type { Transport } from '../api/transport';
import { teamPages } from '../testing/teamLibrary';
import type { TeamPage } from '../testing/teamLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { labelsAt, mayMoveLabel } from './historySlice';
import { createWorkbenchStore } from './store';

const team = teamPages();
let owner: TeamPage['owner'];
let transport: Transport;

beforeAll(async () => {
  ({ owner, transport } = await team.open('editor'));
  await owner.save({ document: draftTextPrompt('greet', 'Hi') });
  await owner.save({ document: draftTextPrompt('greet', 'Hello'), base: '1.0.0' });
});

function editorStore() {
  return createWorkbenchStore(createClient(transport), {
    delays: { search: 1, draft: 1, live: 10 },
  });
}

describe("an editor's page on a team library", () => {
  it('is refused production by the database, says so, and stops offering it', async () => {
    const store = editorStore();
    await store.getState().openPrompt('greet');
    await store.getState().loadHistory('greet');
    // The role is not known yet (appInfo not asked): the database decides.
    expect(mayMoveLabel(store.getState(), 'production')).toBe(true);
    expect(await store.getState().moveLabel('production', '1.0.1')).toBe(false);
    expect(store.getState().ui.toasts.at(-1)?.text).toMatch(
      /^Could not move production to 1\.0\.1: PostgreSQL refused: user 'edi_\w+' \(editor\) may not move the production label/,
    );
    expect(mayMoveLabel(store.getState(), 'production')).toBe(false);
    expect(await owner.labels('greet')).toEqual([]);
    // Editors may move other labels.
    expect(mayMoveLabel(store.getState(), 'staging')).toBe(true);
    expect(await store.getState().moveLabel('staging', '1.0.1')).toBe(true);
    expect(labelsAt(store.getState().history.labels, '1.0.1')).toEqual(['staging']);
  });

  it('is refused removing production by the database, says so, and may remove staging', async () => {
    await owner.setLabel('greet', 'production', '1.0.0');
    await owner.setLabel('greet', 'canary', '1.0.0');
    const store = editorStore();
    await store.getState().openPrompt('greet');
    await store.getState().loadHistory('greet');
    expect(mayMoveLabel(store.getState(), 'production')).toBe(true);
    expect(await store.getState().removeLabel('production')).toMatch(
      /^PostgreSQL refused: user 'edi_\w+' \(editor\) may not move the production label/,
    );
    expect(mayMoveLabel(store.getState(), 'production')).toBe(false);
    expect(await store.getState().removeLabel('canary')).toBeNull();
    expect((await owner.labels('greet')).map((entry) => entry.label)).toEqual([
      'production',
      'staging',
    ]);
    expect((await owner.audit({ entity_id: 'greet' }))[0]).toMatchObject({
      action: 'label_remove',
      actor: expect.stringMatching(/^edi_/),
    });
    await owner.removeLabel('greet', 'production');
  });

  it('knows the role from the server and offers no Promote before any refusal', async () => {
    const store = editorStore();
    await store.getState().checkLibrary();
    expect(store.getState().connection?.role).toBe('editor');
    expect(mayMoveLabel(store.getState(), 'production')).toBe(false);
    expect(mayMoveLabel(store.getState(), 'canary')).toBe(true);
  });

  it("hears a publisher's move of production live", async () => {
    const store = editorStore();
    const stop = await store.getState().startLiveUpdates();
    try {
      await store.getState().refreshLibrary();
      await store.getState().openPrompt('greet');
      await owner.setLabel('greet', 'production', '1.0.0');
      await expect
        .poll(() => labelsAt(store.getState().history.labels, '1.0.0'))
        .toEqual(['production']);
      await expect
        .poll(() => store.getState().library.labels['greet']?.['production'])
        .toBe('1.0.0');
    } finally {
      stop();
    }
  });
});
