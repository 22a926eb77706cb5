// A team library user's role changed by an admin while their workbench is open: appInfo answers
// the role as it is now (lowered or raised), and a refusal names the new role, not the one read
// when the library was opened.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../src-shared/contract/dto';
import { usePostgres } from '../../testKit/postgres';
import { textDoc } from '../prompts/fixtures/testLibrary';
import { openPostgresLibrary } from './pgLibrary';
import type { PostgresLibrary } from './pgLibrary';
import { addUser } from './pgUsers';
import { openPostgresWorkbench } from './pgWorkbench';
import type { PostgresWorkbench } from './pgWorkbench';

const postgres = usePostgres();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh library, its owner's client, and a workbench open as a new editor. */
async function editorWorkbench(): Promise<{
  owner: PostgresLibrary;
  name: string;
  workbench: PostgresWorkbench;
}> {
  const url = await postgres.freshDatabase();
  const owner = await openPostgresLibrary({ url });
  cleanups.push(() => owner.close());
  const as = new URL(url);
  as.username = `role_${randomBytes(3).toString('hex')}`;
  as.password = await addUser(owner, as.username, 'editor');
  const workbench = await openPostgresWorkbench({ url: as.toString(), transport: 'http' });
  cleanups.push(() => workbench.dispose());
  return { owner, name: as.username, workbench };
}

async function roleOf(workbench: PostgresWorkbench): Promise<AppInfo['role']> {
  const outcome = await workbench.dispatcher.dispatch('appInfo', {});
  if (!outcome.ok) expect.unreachable(outcome.error.message);
  return (outcome.value as AppInfo).role;
}

describe("a user's role changed while their workbench is open", () => {
  it('lowered to viewer: the save is refused naming viewer, and appInfo says viewer', async () => {
    const { owner, name, workbench } = await editorWorkbench();
    expect(await roleOf(workbench)).toBe('editor');
    // Once read, the role is kept for naming the user in refusals.
    expect(await workbench.library.whoami()).toEqual({ user: name, role: 'editor' });

    await owner.pool.query(`REVOKE pwb_editor FROM ${name}; GRANT pwb_viewer TO ${name}`);
    const saved = await workbench.dispatcher.dispatch('savePrompt', {
      document: textDoc('greet', 'Hi'),
    });
    expect(saved).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining(
          `PostgreSQL refused: user '${name}' (viewer) may not save prompts`,
        ) as unknown,
      },
    });
    expect(await roleOf(workbench)).toBe('viewer');
    expect((await owner.list()).total).toBe(0);
  });

  it('raised to publisher: appInfo says publisher without any refusal first', async () => {
    const { owner, name, workbench } = await editorWorkbench();
    expect(await roleOf(workbench)).toBe('editor');
    await owner.pool.query(`REVOKE pwb_editor FROM ${name}; GRANT pwb_publisher TO ${name}`);
    expect(await roleOf(workbench)).toBe('publisher');
    // And what the new role allows is done.
    const saved = await workbench.dispatcher.dispatch('savePrompt', {
      document: textDoc('greet', 'Hi'),
    });
    expect(saved.ok).toBe(true);
    const moved = await workbench.dispatcher.dispatch('setLabel', {
      id: 'greet',
      label: 'production',
      version: '1.0.0',
    });
    expect(moved.ok).toBe(true);
  });
});
