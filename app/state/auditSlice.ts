// The Audit log panel's state: the filter, the entries loaded so far, and paging.
import type { AuditEntry } from '../../src-shared/contract/dto';
import { latestOnly } from './latestOnly';
import type { SliceCreator } from './storeTypes';
import type { UiError } from './uiError';

/** Entries fetched per page. */
export const AUDIT_PAGE_SIZE = 100;

/** What the Audit log panel shows. */
export interface AuditData {
  filter: string;
  entries: AuditEntry[];
  /** True when the last page came back full: there may be more. */
  more: boolean;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UiError | null;
}

/** The audit slice. */
export interface AuditSlice {
  audit: AuditData;
  setAuditFilter(filter: string): void;
  /** Loads the first page for the current filter. */
  reloadAudit(): Promise<void>;
  loadMoreAudit(): Promise<void>;
}

export const createAuditSlice: SliceCreator<AuditSlice> = (set, get, { api }) => {
  const loads = latestOnly();
  const patch = (changes: Partial<AuditData>): void =>
    set({ audit: { ...get().audit, ...changes } });
  const fetchPage = (filter: string, offset: number): Promise<AuditEntry[]> => {
    const entityId = filter.trim();
    return api.listAudit({
      ...(entityId ? { entity_id: entityId } : {}),
      limit: AUDIT_PAGE_SIZE,
      offset,
    });
  };
  return {
    audit: { filter: '', entries: [], more: false, status: 'idle', error: null },
    setAuditFilter: (filter) => patch({ filter }),
    async reloadAudit() {
      const filter = get().audit.filter;
      patch({ status: 'loading', error: null });
      await loads.run(
        () => fetchPage(filter, 0),
        (entries) => patch({ entries, more: entries.length === AUDIT_PAGE_SIZE, status: 'ready' }),
        (error) => patch({ status: 'error', error }),
      );
    },
    async loadMoreAudit() {
      const { filter, entries } = get().audit;
      patch({ status: 'loading' });
      await loads.run(
        () => fetchPage(filter, entries.length),
        (page) =>
          patch({
            entries: [...entries, ...page],
            more: page.length === AUDIT_PAGE_SIZE,
            status: 'ready',
          }),
        (error) => patch({ status: 'error', error }),
      );
    },
  };
};
