// The open prompt's test cases as the Tests panel edits them: loaded, changed in place, saved as
// a whole, and started from the Variables the person just typed.
import type { TestCase } from '../../src-shared/evaluation/testCases';
import {
  draftFromVariables,
  freshCaseName,
  fromDrafts,
  newAssertion,
  toDraft,
} from '../features/tests/caseDrafts';
import type { AssertionDraft, CaseDraft } from '../features/tests/caseDrafts';
import type { RawValue } from '../features/variables/variableFields';
import { selectVariableFields } from './previewSlice';
import type { SliceCreator, WorkbenchState } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The Tests panel's data. */
export interface TestsState {
  /** The prompt whose cases these are. */
  id: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The cases as stored. */
  saved: TestCase[];
  /** The cases being edited. */
  drafts: CaseDraft[];
  selected: number | null;
  dirty: boolean;
  saving: boolean;
  error: UiError | null;
  /** Problems found reading the drafts before a save (nothing was sent). */
  problems: string[];
}

/** The tests slice. */
export interface TestsSlice {
  tests: TestsState;
  loadTests(id: string): Promise<void>;
  selectCase(index: number): void;
  addCase(): void;
  removeCase(index: number): void;
  setCase(index: number, patch: Partial<Pick<CaseDraft, 'name' | 'description'>>): void;
  setCaseVariable(index: number, name: string, value: RawValue): void;
  addAssertion(index: number): void;
  setAssertion(index: number, at: number, patch: Partial<AssertionDraft>): void;
  removeAssertion(index: number, at: number): void;
  /** Saves every case; true when stored. */
  saveTests(): Promise<boolean>;
  revertTests(): void;
  /** Adds a case with the Variables as typed, saves it and shows it in the Tests panel. */
  saveVariablesAsCase(): Promise<boolean>;
}

const EMPTY_TESTS: TestsState = {
  id: null,
  status: 'idle',
  saved: [],
  drafts: [],
  selected: null,
  dirty: false,
  saving: false,
  error: null,
  problems: [],
};

/** True when the open prompt is stored, so it can hold test cases. */
export const canHoldTests = (state: WorkbenchState): boolean =>
  state.editor.id !== null && state.editor.saved !== null;

export const createTestsSlice: SliceCreator<TestsSlice> = (set, get, { api }) => {
  const patch = (changes: Partial<TestsState>): void =>
    set({ tests: { ...get().tests, ...changes } });

  /** Changes the drafts; any edit clears the last save's problems. */
  const edit = (drafts: CaseDraft[], selected = get().tests.selected): void =>
    patch({ drafts, selected, dirty: true, problems: [], error: null });

  const changeCase = (index: number, change: (draft: CaseDraft) => CaseDraft): void => {
    const drafts = get().tests.drafts;
    const draft = drafts[index];
    if (!draft) return;
    edit(drafts.map((item, at) => (at === index ? change(draft) : item)));
  };

  const store = async (drafts: CaseDraft[], selected: number | null): Promise<boolean> => {
    const id = get().tests.id;
    if (!id) return false;
    const { cases, problems } = fromDrafts(drafts, selectVariableFields(get()));
    if (problems.length > 0) {
      patch({ drafts, selected, dirty: true, problems });
      return false;
    }
    patch({ saving: true, error: null, problems: [] });
    try {
      const stored = await api.saveTestCases({ id, cases });
      if (get().tests.id !== id) return true;
      patch({
        saved: stored,
        drafts: stored.map(toDraft),
        selected,
        dirty: false,
        saving: false,
        status: 'ready',
      });
      return true;
    } catch (error) {
      patch({ drafts, selected, dirty: true, saving: false, error: toUiError(error) });
      return false;
    }
  };

  return {
    tests: EMPTY_TESTS,

    async loadTests(id) {
      const state = get().tests;
      // Keep unsaved edits of the same prompt; a visit to the panel reloads only when clean.
      if (state.id === id && state.dirty) return;
      patch(state.id === id ? { status: 'loading' } : { ...EMPTY_TESTS, id, status: 'loading' });
      try {
        const saved = await api.listTestCases({ id });
        if (get().tests.id !== id || get().tests.dirty) return;
        const selected = get().tests.selected;
        patch({
          status: 'ready',
          saved,
          drafts: saved.map(toDraft),
          selected: saved.length === 0 ? null : Math.min(selected ?? 0, saved.length - 1),
          error: null,
        });
      } catch (error) {
        if (get().tests.id === id) patch({ status: 'error', error: toUiError(error) });
      }
    },

    selectCase: (index) => patch({ selected: index }),

    addCase() {
      const drafts = get().tests.drafts;
      const draft = draftFromVariables(freshCaseName(drafts), {});
      edit([...drafts, { ...draft, assert: [newAssertion()] }], drafts.length);
    },

    removeCase(index) {
      const drafts = get().tests.drafts.filter((_, at) => at !== index);
      const selected = drafts.length === 0 ? null : Math.min(index, drafts.length - 1);
      edit(drafts, selected);
    },

    setCase: (index, changes) => changeCase(index, (draft) => ({ ...draft, ...changes })),

    setCaseVariable: (index, name, value) =>
      changeCase(index, (draft) => ({ ...draft, typed: { ...draft.typed, [name]: value } })),

    addAssertion: (index) =>
      changeCase(index, (draft) => ({ ...draft, assert: [...draft.assert, newAssertion()] })),

    setAssertion: (index, at, changes) =>
      changeCase(index, (draft) => ({
        ...draft,
        assert: draft.assert.map((item, position) =>
          position === at ? { ...item, ...changes } : item,
        ),
      })),

    removeAssertion: (index, at) =>
      changeCase(index, (draft) => ({
        ...draft,
        assert: draft.assert.filter((_, position) => position !== at),
      })),

    saveTests: () => store(get().tests.drafts, get().tests.selected),

    revertTests() {
      const saved = get().tests.saved;
      patch({
        drafts: saved.map(toDraft),
        selected: saved.length === 0 ? null : 0,
        dirty: false,
        problems: [],
        error: null,
      });
    },

    async saveVariablesAsCase() {
      const id = get().editor.id;
      if (!id || !canHoldTests(get())) return false;
      if (get().tests.id !== id || get().tests.status !== 'ready') await get().loadTests(id);
      if (get().tests.id !== id) return false;
      const drafts = get().tests.drafts;
      const values = get().preview.values;
      const typed: Record<string, RawValue> = {};
      for (const field of selectVariableFields(get())) {
        const value = values[field.name];
        if (value !== undefined) typed[field.name] = value;
      }
      const draft = draftFromVariables(freshCaseName(drafts), typed);
      get().showTab('tests');
      return store([...drafts, draft], drafts.length);
    },
  };
};
