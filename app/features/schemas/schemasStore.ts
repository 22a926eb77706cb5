// The Schemas panel's state: the list, the schema being edited (as YAML), and test data results.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchemaSummary, SchemaTestResult } from '../../../src-shared/contract/dto';
import type { Api } from '../../../src-shared/contract/operations';
import { reloadCollectionList } from '../../state/collectionList';
import { latestOnly } from '../../state/latestOnly';
import { onePerApi } from '../../state/onePerApi';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { toUiError } from '../../state/uiError';
import type { UiError } from '../../state/uiError';
import { exampleData, parseTestData } from './testData';

/** The YAML a new schema starts from. */
export const NEW_SCHEMA_YAML = `schemas:
  - name: new_schema
    version: "1.0.0"
    description: What this data is
    strict: true
    fields:
      - name: title
        type: string
        validators:
          - type: min_length
            min_value: 1
`;

/** The Schemas panel's state and verbs. */
export interface SchemasState {
  list: SchemaSummary[];
  listStatus: 'idle' | 'loading' | 'ready' | 'error';
  listError: UiError | null;
  /** The schema open in the editor; null with `creating` for a new one. */
  selected: string | null;
  creating: boolean;
  schema: ValidationSchema | null;
  /** The YAML as stored, and as edited. */
  savedText: string;
  text: string;
  loadError: UiError | null;
  saving: boolean;
  saveError: UiError | null;
  testText: string;
  /** Why the test data could not be sent (not JSON), or null. */
  testInputError: string | null;
  testResult: SchemaTestResult | null;
  testError: UiError | null;
  validating: boolean;
  loadList(): Promise<void>;
  select(name: string): Promise<void>;
  startNew(): void;
  cancelNew(): Promise<void>;
  setText(text: string): void;
  /** Saves the YAML; resolves to the saved names, or null when the save failed. */
  save(): Promise<string[] | null>;
  remove(): Promise<boolean>;
  setTestText(text: string): void;
  fillExample(): void;
  validate(): Promise<void>;
}

/** True when the YAML differs from what is stored (a new schema always counts as changed). */
export function isSchemaDirty(state: Pick<SchemasState, 'text' | 'savedText' | 'creating'>) {
  return state.creating || state.text !== state.savedText;
}

/** Creates the Schemas panel's store over the API. */
export function createSchemasStore(api: Api): StoreApi<SchemasState> {
  // Opening another schema voids the answer for the one opened before.
  const opening = latestOnly();
  return createStore<SchemasState>()((set, get) => ({
    list: [],
    listStatus: 'idle',
    listError: null,
    selected: null,
    creating: false,
    schema: null,
    savedText: '',
    text: '',
    loadError: null,
    saving: false,
    saveError: null,
    testText: '',
    testInputError: null,
    testResult: null,
    testError: null,
    validating: false,

    loadList: () =>
      reloadCollectionList({
        get,
        set,
        fetchList: () => api.listSchemas({}),
        open: (name) =>
          name
            ? get().select(name)
            : set({ selected: null, schema: null, text: '', savedText: '' }),
      }),

    async select(name) {
      set({
        selected: name,
        creating: false,
        loadError: null,
        saveError: null,
        testResult: null,
        testError: null,
        testInputError: null,
      });
      await opening.run(
        () => Promise.all([api.getSchema({ name }), api.schemaYaml({ name })]),
        ([schema, yaml]) =>
          set({ schema, text: yaml.text, savedText: yaml.text, testText: exampleData(schema) }),
        (loadError) => set({ schema: null, loadError }),
      );
    },

    startNew() {
      opening.drop();
      set({
        selected: null,
        creating: true,
        schema: null,
        text: NEW_SCHEMA_YAML,
        savedText: '',
        loadError: null,
        saveError: null,
        testResult: null,
        testError: null,
        testInputError: null,
        testText: '',
      });
    },

    async cancelNew() {
      set({ creating: false, text: get().savedText, saveError: null });
      await get().loadList();
    },

    setText: (text) => set({ text, saveError: null }),

    async save() {
      set({ saving: true, saveError: null });
      try {
        const { names } = await api.saveSchemaYaml({ text: get().text });
        set({ saving: false, creating: false });
        const current = get().selected;
        const open = current !== null && names.includes(current) ? current : names[0];
        await get().loadList();
        if (open) await get().select(open);
        return names;
      } catch (error) {
        set({ saving: false, saveError: toUiError(error) });
        return null;
      }
    },

    async remove() {
      const name = get().selected;
      if (!name) return false;
      try {
        await api.deleteSchema({ name });
        set({ selected: null, schema: null, text: '', savedText: '' });
        await get().loadList();
        return true;
      } catch (error) {
        set({ saveError: toUiError(error) });
        return false;
      }
    },

    setTestText: (testText) => set({ testText, testInputError: null }),

    fillExample() {
      const schema = get().schema;
      if (schema) set({ testText: exampleData(schema), testInputError: null, testResult: null });
    },

    async validate() {
      const name = get().selected;
      if (!name) return;
      const parsed = parseTestData(get().testText);
      if (!parsed.ok) {
        set({ testInputError: parsed.message, testResult: null, testError: null });
        return;
      }
      set({ validating: true, testInputError: null, testError: null });
      try {
        const testResult = await api.testSchema({ name, data: parsed.data });
        set({ testResult, validating: false });
      } catch (error) {
        set({ testResult: null, testError: toUiError(error), validating: false });
      }
    },
  }));
}

/** The panel's store for this API: one per app, so edits survive switching tabs. */
export const schemasStoreFor = onePerApi(createSchemasStore);
