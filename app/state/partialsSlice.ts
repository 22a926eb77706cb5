// The Partials panel's state: the shared snippets, the one being edited, and what a change affects.
import type { PartialSummary } from '../../src-shared/contract/dto';
import { reloadCollectionList } from './collectionList';
import { latestOnly } from './latestOnly';
import type { SliceCreator } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** Prompts whose rendered output a change alters, and those that would fail to render. */
export interface PartialImpact {
  changed: string[];
  failed: string[];
}

/** What the Partials panel shows. */
export interface PartialsData {
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
}

/** The partials slice. */
export interface PartialsSlice {
  partials: PartialsData;
  loadPartials(): Promise<void>;
  selectPartial(name: string): Promise<void>;
  /** Starts a new partial; returns why the name is refused, or null. */
  startNewPartial(name: string): string | null;
  setPartialContent(content: string): void;
  /** Asks the service which prompts the edited content would change. */
  checkPartialImpact(): Promise<PartialImpact | null>;
  /** Saves the partial; `allowSecrets` overrides the secret check after a refusal. */
  savePartial(allowSecrets?: boolean): Promise<boolean>;
  deletePartial(): Promise<boolean>;
}

/** Partial names the contract accepts (and Handlebars reads as one `{{> name}}` token). */
const PARTIAL_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** True when the edited content differs from what is stored. */
export function isPartialDirty(
  partials: Pick<PartialsData, 'content' | 'savedContent' | 'creating'>,
): boolean {
  return partials.creating || partials.content !== partials.savedContent;
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

export const createPartialsSlice: SliceCreator<PartialsSlice> = (set, get, { api }) => {
  // Opening another item voids the answer for the one opened before.
  const opening = latestOnly();
  const patch = (changes: Partial<PartialsData>): void =>
    set({ partials: { ...get().partials, ...changes } });
  return {
    partials: {
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
    },

    loadPartials: () =>
      reloadCollectionList({
        get: () => get().partials,
        set: patch,
        fetchList: () => api.listPartials({}),
        open: (name) =>
          name
            ? get().selectPartial(name)
            : patch({ selected: null, content: '', savedContent: '' }),
      }),

    async selectPartial(name) {
      patch({ selected: name, creating: false, loadError: null, saveError: null, impact: null });
      await opening.run(
        () => api.getPartial({ name }),
        (partial) => patch({ content: partial.content, savedContent: partial.content }),
        (loadError) => patch({ loadError }),
      );
    },

    startNewPartial(name) {
      const problem = partialNameProblem(name, get().partials.list);
      if (problem) return problem;
      opening.drop();
      patch({
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

    setPartialContent: (content) => patch({ content, impact: null, saveError: null }),

    async checkPartialImpact() {
      const { selected, content } = get().partials;
      if (!selected) return null;
      patch({ checking: true, saveError: null });
      try {
        const impact = await api.partialImpact({ name: selected, content });
        if (get().partials.content === content) patch({ impact, checking: false });
        else patch({ checking: false });
        return impact;
      } catch (error) {
        patch({ checking: false, saveError: toUiError(error) });
        return null;
      }
    },

    async savePartial(allowSecrets = false) {
      const { selected, content } = get().partials;
      if (!selected) return false;
      patch({ saving: true, saveError: null });
      try {
        await api.savePartial({
          name: selected,
          content,
          ...(allowSecrets ? { allowSecrets: true } : {}),
        });
        patch({ saving: false, creating: false, savedContent: content, impact: null });
        await get().loadPartials();
        void get().loadCatalog();
        // The open prompt may include this partial: show its new output.
        void get().renderNow();
        return true;
      } catch (error) {
        patch({ saving: false, saveError: toUiError(error) });
        return false;
      }
    },

    async deletePartial() {
      const { selected, creating } = get().partials;
      if (!selected) return false;
      if (creating) {
        patch({ creating: false, selected: null });
        await get().loadPartials();
        return true;
      }
      try {
        await api.deletePartial({ name: selected });
        patch({ selected: null, content: '', savedContent: '' });
        await get().loadPartials();
        void get().loadCatalog();
        return true;
      } catch (error) {
        patch({ saveError: toUiError(error) });
        return false;
      }
    },
  };
};
