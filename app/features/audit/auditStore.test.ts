// The Audit log panel's store driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../../testing/liveLibrary';
import { draftTextPrompt } from '../../testing/prompts';
import { AUDIT_PAGE_SIZE, createAuditStore } from './auditStore';

const api = liveLibraryApi();

describe('audit store', () => {
  it('lists changes newest first, with the actor', async () => {
    await api.savePrompt({ document: draftTextPrompt('alpha', 'Hi') });
    await api.savePartial({ name: 'sign_off', content: 'Bye' });
    const store = createAuditStore(api);
    await store.getState().reload();
    expect(store.getState().entries.map((e) => [e.entity_id, e.actor])).toEqual([
      ['sign_off', 'tester'],
      ['alpha', 'tester'],
    ]);
    expect(store.getState().more).toBe(false);
  });

  it('filters by prompt id', async () => {
    await api.savePrompt({ document: draftTextPrompt('alpha', 'Hi') });
    await api.savePrompt({ document: draftTextPrompt('beta', 'Hi') });
    const store = createAuditStore(api);
    store.getState().setFilter(' beta ');
    await store.getState().reload();
    expect(store.getState().entries.map((e) => e.entity_id)).toEqual(['beta']);
  });

  it('pages through a long log', async () => {
    for (let i = 0; i <= AUDIT_PAGE_SIZE; i++) {
      await api.savePartial({ name: `p${i}`, content: 'x' });
    }
    const store = createAuditStore(api);
    await store.getState().reload();
    expect(store.getState().entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(store.getState().more).toBe(true);
    await store.getState().loadMore();
    expect(store.getState().entries).toHaveLength(AUDIT_PAGE_SIZE + 1);
    expect(store.getState().more).toBe(false);
  });
});
