// The Audit log panel's state: the filter, the entries loaded so far, and paging.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AuditEntry } from '../../../src-shared/contract/dto';
import type { Api } from '../../../src-shared/contract/operations';
import { toUiError } from '../../state/uiError';
import type { UiError } from '../../state/uiError';

/** Entries fetched per page. */
export const AUDIT_PAGE_SIZE = 100;

/** The Audit log panel's state and verbs. */
export interface AuditState {
  filter: string;
  entries: AuditEntry[];
  /** True when the last page came back full: there may be more. */
  more: boolean;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UiError | null;
  setFilter(filter: string): void;
  /** Loads the first page for the current filter. */
  reload(): Promise<void>;
  loadMore(): Promise<void>;
}

/** Creates the Audit log panel's store over the API. */
export function createAuditStore(api: Api): StoreApi<AuditState> {
  let sequence = 0;
  const fetchPage = async (filter: string, offset: number): Promise<AuditEntry[]> => {
    const entityId = filter.trim();
    return api.listAudit({
      ...(entityId ? { entity_id: entityId } : {}),
      limit: AUDIT_PAGE_SIZE,
      offset,
    });
  };
  return createStore<AuditState>()((set, get) => ({
    filter: '',
    entries: [],
    more: false,
    status: 'idle',
    error: null,
    setFilter: (filter) => set({ filter }),
    async reload() {
      const mine = ++sequence;
      const filter = get().filter;
      set({ status: 'loading', error: null });
      try {
        const entries = await fetchPage(filter, 0);
        if (mine === sequence) {
          set({ entries, more: entries.length === AUDIT_PAGE_SIZE, status: 'ready' });
        }
      } catch (error) {
        if (mine === sequence) set({ status: 'error', error: toUiError(error) });
      }
    },
    async loadMore() {
      const mine = ++sequence;
      const { filter, entries } = get();
      set({ status: 'loading' });
      try {
        const page = await fetchPage(filter, entries.length);
        if (mine === sequence) {
          set({
            entries: [...entries, ...page],
            more: page.length === AUDIT_PAGE_SIZE,
            status: 'ready',
          });
        }
      } catch (error) {
        if (mine === sequence) set({ status: 'error', error: toUiError(error) });
      }
    },
  }));
}

const stores = new WeakMap<Api, StoreApi<AuditState>>();

/** The panel's store for this API: one per app, so the filter survives switching tabs. */
export function auditStoreFor(api: Api): StoreApi<AuditState> {
  let store = stores.get(api);
  if (!store) {
    store = createAuditStore(api);
    stores.set(api, store);
  }
  return store;
}
