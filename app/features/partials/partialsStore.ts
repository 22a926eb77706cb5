// The Partials panel's state: the shared snippets, the one being edited, and what a change affects.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { PartialSummary } from '../../../src-shared/contract/dto';
import type { Api } from '../../../src-shared/contract/operations';
import { reloadCollectionList } from '../../state/collectionList';
import { latestOnly } from '../../state/latestOnly';
import { onePerApi } from '../../state/onePerApi';
import { toUiError } from '../../state/uiError';
import type { UiError } from '../../state/uiError';

/** Prompts whose rendered output a change alters, and those that would fail to render. */
export interface PartialImpact {
  changed: string[];
  failed: string[];
}

/** The Partials panel's state and verbs. */
export interface PartialsState {
  list: PartialSummary[];
  listStatus: 'idle' | 'loading' | 'ready' | 'error';
  listError: UiError | null;
  selected: string | null;
  /** True while `selected` names a partial not saved yet. */
  creating: boolean;
  savedContent: string;
  content: string;
  loadError: UiError | null;
  impact: PartialImpact | null;
  checking: boolean;
  saving: boolean;
  saveError: UiError | null;
  loadList(): Promise<void>;
  select(name: string): Promise<void>;
  /** Starts a new partial; returns why the name is refused, or null. */
  startNew(name: string): string | null;
  setContent(content: string): void;
  /** Asks the service which prompts the edited content would change. */
  checkImpact(): Promise<PartialImpact | null>;
  /** Saves the partial; `allowSecrets` overrides the secret check after a refusal. */
  save(allowSecrets?: boolean): Promise<boolean>;
  remove(): Promise<boolean>;
}

/** Partial names the contract accepts (and Handlebars reads as one `{{> name}}` token). */
const PARTIAL_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** True when the edited content differs from what is stored. */
export function isPartialDirty(
  state: Pick<PartialsState, 'content' | 'savedContent' | 'creating'>,
) {
  return state.creating || state.content !== state.savedContent;
}

/** Why a new partial name is refused, or null when it is fine. */
export function partialNameProblem(
  name: string,
  existing: readonly PartialSummary[],
): string | null {
  if (name.trim() === '') return 'Enter a name, e.g. house_style.';
  if (!PARTIAL_NAME.test(name)) {
    return 'Use letters, digits, "_" and "-" only (at most 128).';
  }
  if (existing.some((partial) => partial.name === name))
    return `A partial '${name}' exists already.`;
  return null;
}

/** Creates the Partials panel's store over the API. */
export function createPartialsStore(api: Api): StoreApi<PartialsState> {
  // Opening another item voids the answer for the one opened before.
  const opening = latestOnly();
  return createStore<PartialsState>()((set, get) => ({
    list: [],
    listStatus: 'idle',
    listError: null,
    selected: null,
    creating: false,
    savedContent: '',
    content: '',
    loadError: null,
    impact: null,
    checking: false,
    saving: false,
    saveError: null,

    loadList: () =>
      reloadCollectionList({
        get,
        set,
        fetchList: () => api.listPartials({}),
        open: (name) =>
          name ? get().select(name) : set({ selected: null, content: '', savedContent: '' }),
      }),

    async select(name) {
      set({ selected: name, creating: false, loadError: null, saveError: null, impact: null });
      await opening.run(
        () => api.getPartial({ name }),
        (partial) => set({ content: partial.content, savedContent: partial.content }),
        (loadError) => set({ loadError }),
      );
    },

    startNew(name) {
      const problem = partialNameProblem(name, get().list);
      if (problem) return problem;
      opening.drop();
      set({
        selected: name,
        creating: true,
        content: '',
        savedContent: '',
        loadError: null,
        saveError: null,
        impact: null,
      });
      return null;
    },

    setContent: (content) => set({ content, impact: null, saveError: null }),

    async checkImpact() {
      const { selected, content } = get();
      if (!selected) return null;
      set({ checking: true, saveError: null });
      try {
        const impact = await api.partialImpact({ name: selected, content });
        if (get().content === content) set({ impact, checking: false });
        else set({ checking: false });
        return impact;
      } catch (error) {
        set({ checking: false, saveError: toUiError(error) });
        return null;
      }
    },

    async save(allowSecrets = false) {
      const { selected, content } = get();
      if (!selected) return false;
      set({ saving: true, saveError: null });
      try {
        await api.savePartial({
          name: selected,
          content,
          ...(allowSecrets ? { allowSecrets: true } : {}),
        });
        set({ saving: false, creating: false, savedContent: content, impact: null });
        await get().loadList();
        return true;
      } catch (error) {
        set({ saving: false, saveError: toUiError(error) });
        return false;
      }
    },

    async remove() {
      const { selected, creating } = get();
      if (!selected) return false;
      if (creating) {
        set({ creating: false, selected: null });
        await get().loadList();
        return true;
      }
      try {
        await api.deletePartial({ name: selected });
        set({ selected: null, content: '', savedContent: '' });
        await get().loadList();
        return true;
      } catch (error) {
        set({ saveError: toUiError(error) });
        return false;
      }
    },
  }));
}

/** The panel's store for this API: one per app, so edits survive switching tabs. */
export const partialsStoreFor = onePerApi(createPartialsStore);
