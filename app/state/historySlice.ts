// The open prompt's versions, the two picked for comparison and their diff.
import type { VersionDiff } from '../../src-shared/contract/dto';
import type { LabelEntry } from '../../src-shared/model/labels';
import type { PromptVersionRecord } from '../../src-shared/model/prompt';
import { isErrorCode } from '../api/client';
import { latestOnly } from './latestOnly';
import type { SliceCreator, WorkbenchState } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The History and Diff panels' data. */
export interface HistoryState {
  id: string | null;
  /** Newest first. */
  versions: PromptVersionRecord[];
  /** The labels set on the prompt (production, staging, then custom ones by name). */
  labels: LabelEntry[];
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
  /**
   * Labels the library refused this user to move (a role's refusal by the database); `*` when
   * every move was refused. The page stops offering them.
   */
  refusedLabels: readonly string[];
  /** Points `label` of the open prompt at `version`; true when it moved. Errors are notices. */
  moveLabel(label: string, version: string): Promise<boolean>;
  /**
   * Removes `label` from the open prompt (audited as every move); null when it went, else what
   * the library said (a role's refusal also stops the offer).
   */
  removeLabel(label: string): Promise<string | null>;
}

/** The label "Promote" moves. */
export const PRODUCTION = 'production';

/**
 * Whether the page offers moving `label`: the role the server named allows it (only publishers
 * and admins move production; viewers move nothing), and the library did not refuse it before.
 * Before the role is known, the database decides.
 */
export function mayMoveLabel(
  state: Pick<WorkbenchState, 'connection' | 'refusedLabels'>,
  label: string,
): boolean {
  const { refusedLabels } = state;
  if (refusedLabels.includes('*') || refusedLabels.includes(label)) return false;
  const role = state.connection?.role;
  if (role === 'viewer') return false;
  if (label === PRODUCTION) return role !== 'editor';
  return true;
}

/** The labels pointing at `version` of the open prompt, by name. */
export function labelsAt(labels: readonly LabelEntry[], version: string): string[] {
  return labels.filter((entry) => entry.version === version).map((entry) => entry.label);
}

const EMPTY_HISTORY: HistoryState = {
  id: null,
  versions: [],
  labels: [],
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
  /** Refused by the library itself: stop offering what this user may not do. */
  const noteRefusal = (error: unknown, label: string): void => {
    if (!isErrorCode(error, 'forbidden')) return;
    const refused = label === PRODUCTION ? label : '*';
    set({ refusedLabels: [...new Set([...get().refusedLabels, refused])] });
  };
  const historyReads = latestOnly();

  return {
    history: EMPTY_HISTORY,

    async loadHistory(id) {
      const same = get().history.id === id;
      patch(same ? { loading: true } : { ...EMPTY_HISTORY, id, loading: true });
      // Reads may overlap (live changes in a row): only the newest one's answer is shown.
      await historyReads.run(
        () =>
          Promise.all([
            api.getHistory({ id }),
            // Labels are an addition to the list: a library that cannot read them still has one.
            api.listLabels({ id }).catch(() => [] as LabelEntry[]),
          ]),
        ([versions, labels]) => {
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
            labels,
            loading: false,
            error: null,
            to: keep ? previous.to : (versions[0]?.version ?? null),
            from: keep ? previous.from : (versions[1]?.version ?? null),
          });
        },
        (error) => {
          if (get().history.id === id) patch({ loading: false, error });
        },
      );
    },

    clearHistory: () => set({ history: EMPTY_HISTORY }),

    refusedLabels: [],

    async moveLabel(label, version) {
      const id = get().history.id;
      if (!id) return false;
      try {
        await api.setLabel({ id, label, version });
      } catch (error) {
        const { message } = toUiError(error);
        noteRefusal(error, label);
        get().notify(`Could not move ${label} to ${version}: ${message}`, 'error');
        return false;
      }
      get().notify(`${label} now points at ${id} ${version}.`);
      await Promise.all([
        get().history.id === id ? get().loadHistory(id) : undefined,
        get().reloadLibrary(),
      ]);
      return true;
    },

    async removeLabel(label) {
      const id = get().history.id;
      if (!id) return 'Open a saved prompt first.';
      try {
        await api.removeLabel({ id, label });
      } catch (error) {
        noteRefusal(error, label);
        return toUiError(error).message;
      }
      get().notify(`${label} no longer points at a version of ${id}.`);
      await Promise.all([
        get().history.id === id ? get().loadHistory(id) : undefined,
        get().reloadLibrary(),
      ]);
      return null;
    },

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
