// The open prompt's versions, the two picked for comparison and their diff.
import type { VersionDiff } from '../../src-shared/contract/dto';
import type { PromptVersionRecord } from '../../src-shared/model/prompt';
import type { SliceCreator } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The History and Diff panels' data. */
export interface HistoryState {
  id: string | null;
  /** Newest first. */
  versions: PromptVersionRecord[];
  loading: boolean;
  error: UiError | null;
  /** The versions picked for comparison: older on the left, newer on the right. */
  from: string | null;
  to: string | null;
  diff: VersionDiff | null;
  diffError: UiError | null;
  diffLoading: boolean;
}

/** The history slice. */
export interface HistorySlice {
  history: HistoryState;
  loadHistory(id: string): Promise<void>;
  clearHistory(): void;
  pickVersions(from: string | null, to: string | null): void;
  /** Diffs the picked versions and shows the Diff panel. */
  compareVersions(): Promise<void>;
}

const EMPTY_HISTORY: HistoryState = {
  id: null,
  versions: [],
  loading: false,
  error: null,
  from: null,
  to: null,
  diff: null,
  diffError: null,
  diffLoading: false,
};

export const createHistorySlice: SliceCreator<HistorySlice> = (set, get, { api }) => {
  const patch = (changes: Partial<HistoryState>): void =>
    set({ history: { ...get().history, ...changes } });

  return {
    history: EMPTY_HISTORY,

    async loadHistory(id) {
      const same = get().history.id === id;
      patch(same ? { loading: true } : { ...EMPTY_HISTORY, id, loading: true });
      try {
        const versions = await api.getHistory({ id });
        if (get().history.id !== id) return;
        // Preselect the two newest so "Compare" works in one click; keep the user's picks
        // until a newer version arrives.
        const previous = get().history;
        const sameNewest = previous.versions[0]?.version === versions[0]?.version;
        const known = (version: string | null): boolean =>
          version !== null && versions.some((entry) => entry.version === version);
        const keep = sameNewest && known(previous.from) && known(previous.to);
        patch({
          versions,
          loading: false,
          error: null,
          to: keep ? previous.to : (versions[0]?.version ?? null),
          from: keep ? previous.from : (versions[1]?.version ?? null),
        });
      } catch (error) {
        if (get().history.id === id) patch({ loading: false, error: toUiError(error) });
      }
    },

    clearHistory: () => set({ history: EMPTY_HISTORY }),

    pickVersions: (from, to) => patch({ from, to }),

    async compareVersions() {
      const { id, from, to } = get().history;
      if (!id || !from || !to) return;
      patch({ diffLoading: true, diffError: null });
      get().showTab('diff');
      try {
        const diff = await api.diffVersions({ id, from, to });
        if (get().history.id === id) patch({ diff, diffLoading: false });
      } catch (error) {
        if (get().history.id === id) patch({ diffError: toUiError(error), diffLoading: false });
      }
    },
  };
};
