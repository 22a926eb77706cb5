// The Audit log panel's slice of the store, driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { AUDIT_PAGE_SIZE } from './auditSlice';
import { createWorkbenchStore } from './store';

const api = liveLibraryApi();

describe('audit slice', () => {
  it('lists changes newest first, with the actor', async () => {
    await api.savePrompt({ document: draftTextPrompt('alpha', 'Hi') });
    await api.savePartial({ name: 'sign_off', content: 'Bye' });
    const store = createWorkbenchStore(api);
    await store.getState().reloadAudit();
    expect(store.getState().audit.entries.map((e) => [e.entity_id, e.actor])).toEqual([
      ['sign_off', 'tester'],
      ['alpha', 'tester'],
    ]);
    expect(store.getState().audit.more).toBe(false);
  });

  it('filters by prompt id', async () => {
    await api.savePrompt({ document: draftTextPrompt('alpha', 'Hi') });
    await api.savePrompt({ document: draftTextPrompt('beta', 'Hi') });
    const store = createWorkbenchStore(api);
    store.getState().setAuditFilter(' beta ');
    await store.getState().reloadAudit();
    expect(store.getState().audit.entries.map((e) => e.entity_id)).toEqual(['beta']);
  });

  it('pages through a long log', async () => {
    for (let i = 0; i <= AUDIT_PAGE_SIZE; i++) {
      await api.savePartial({ name: `p${i}`, content: 'x' });
    }
    const store = createWorkbenchStore(api);
    await store.getState().reloadAudit();
    expect(store.getState().audit.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(store.getState().audit.more).toBe(true);
    await store.getState().loadMoreAudit();
    expect(store.getState().audit.entries).toHaveLength(AUDIT_PAGE_SIZE + 1);
    expect(store.getState().audit.more).toBe(false);
  });
});
