// The page on a team library (a real PostgreSQL server, browser mode as an editor) when an admin
// changes the user's role meanwhile: a refusal makes the page ask who it is again, so the status
// bar and the role-aware actions follow; a raise is learnt after a gap in live updates.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import type { Transport } from '../api/transport';
import { WORKBENCH_COMMANDS } from '../commands/workbenchCommands';
import { draftTextPrompt } from '../testing/prompts';
import { teamPages } from '../testing/teamLibrary';
import type { TeamPage } from '../testing/teamLibrary';
import { mayMoveLabel } from './historySlice';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

const team = teamPages();
let page: TeamPage;

beforeAll(async () => {
  page = await team.open('editor');
});

/** The admin makes the page's user `role` (their only Prompt Workbench group). */
async function makeThem(role: 'viewer' | 'editor' | 'publisher'): Promise<void> {
  const groups = ['viewer', 'editor', 'publisher'].map((group) => `pwb_${group}`).join(', ');
  await page.owner.pool.query(
    `REVOKE ${groups} FROM ${page.user}; GRANT pwb_${role} TO ${page.user}`,
  );
}

function enabled(store: WorkbenchStore, id: string): boolean {
  const command = WORKBENCH_COMMANDS.find((each) => each.id === id);
  if (command === undefined) expect.unreachable(`no command ${id}`);
  return command.enabled?.(store.getState()) ?? true;
}

/** The page's transport, counting the appInfo calls it carries. */
function countingAppInfo(): { transport: Transport; asked: () => number } {
  let asked = 0;
  const transport: Transport = {
    ...page.transport,
    call: (name, request) => {
      if (name === 'appInfo') asked += 1;
      return page.transport.call(name, request);
    },
  } as Transport;
  return { transport, asked: () => asked };
}

describe("a team library user's role changed while the page is open", () => {
  it('lowered to viewer: the refused save is shown, then the page knows viewer and offers no save', async () => {
    await makeThem('editor');
    await page.owner.save({ document: draftTextPrompt('greet', 'Hi') });
    const store = createWorkbenchStore(createClient(page.transport));
    await store.getState().checkLibrary();
    expect(store.getState().connection).toMatchObject({ user: page.user, role: 'editor' });
    await store.getState().openPrompt('greet');
    store.getState().setTemplateContent('Hi there');
    expect(enabled(store, 'prompt.save')).toBe(true);

    await makeThem('viewer');
    expect(await store.getState().saveVersion('patch', 'edit')).toBe('error');
    expect(store.getState().editor.saveError?.message).toContain(
      `PostgreSQL refused: user '${page.user}' (viewer) may not save prompts`,
    );
    await expect.poll(() => store.getState().connection?.role).toBe('viewer');
    expect([
      enabled(store, 'prompt.save'),
      enabled(store, 'prompt.delete'),
      enabled(store, 'library.import'),
    ]).toEqual([false, false, false]);
    expect(store.getState().ui.toasts.at(-1)?.text).toBe('Your role in this library is now viewer');
    // The edits are kept; nothing reached the library.
    expect(store.getState().editor.document?.template?.content).toBe('Hi there');
    expect((await page.owner.history('greet')).map((entry) => entry.version)).toEqual(['1.0.0']);
  });

  it('raised to publisher: after a gap in live updates the page knows, and offers Promote again', async () => {
    await makeThem('editor');
    const store = createWorkbenchStore(createClient(page.transport));
    await store.getState().checkLibrary();
    // Refused production as an editor: the page stopped offering it.
    store.setState({ refusedLabels: ['production'] });
    expect(mayMoveLabel(store.getState(), 'production')).toBe(false);

    await makeThem('publisher');
    // Granting a role refuses nothing and sends no change: the store still holds editor.
    expect(store.getState().connection?.role).toBe('editor');
    await store.getState().applyLibraryChanges([{ kind: 'resync' }]);
    expect(store.getState().connection?.role).toBe('publisher');
    expect(store.getState().refusedLabels).toEqual([]);
    expect(mayMoveLabel(store.getState(), 'production')).toBe(true);
  });

  it('a refusal of appInfo itself is not asked again (a login left with no role at all)', async () => {
    await makeThem('editor');
    const { transport, asked } = countingAppInfo();
    const store = createWorkbenchStore(createClient(transport));
    await store.getState().checkLibrary();
    expect(store.getState().connection?.role).toBe('editor');
    await page.owner.pool.query(`REVOKE pwb_viewer, pwb_editor, pwb_publisher FROM ${page.user}`);
    const before = asked();
    await store.getState().checkLibrary();
    expect(asked()).toBe(before + 1);
    // What the page knew stays shown; the next refused action says what is wrong.
    expect(store.getState().connection?.role).toBe('editor');
    await makeThem('editor');
  });
});
