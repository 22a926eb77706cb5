// The Audit log panel's state: the filter, the entries loaded so far, and paging.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AuditEntry } from '../../../src-shared/contract/dto';
import type { Api } from '../../../src-shared/contract/operations';
import { latestOnly } from '../../state/latestOnly';
import { onePerApi } from '../../state/onePerApi';
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
  const loads = latestOnly();
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
      const filter = get().filter;
      set({ status: 'loading', error: null });
      await loads.run(
        () => fetchPage(filter, 0),
        (entries) => set({ entries, more: entries.length === AUDIT_PAGE_SIZE, status: 'ready' }),
        (error) => set({ status: 'error', error }),
      );
    },
    async loadMore() {
      const { filter, entries } = get();
      set({ status: 'loading' });
      await loads.run(
        () => fetchPage(filter, entries.length),
        (page) =>
          set({
            entries: [...entries, ...page],
            more: page.length === AUDIT_PAGE_SIZE,
            status: 'ready',
          }),
        (error) => set({ status: 'error', error }),
      );
    },
  }));
}

/** The panel's store for this API: one per app, so the filter survives switching tabs. */
export const auditStoreFor = onePerApi(createAuditStore);
