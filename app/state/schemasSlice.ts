// The Schemas panel's state: the list, the schema being edited (as YAML), and test data results.
import type {
  SchemaImpactEntry,
  SchemaSummary,
  SchemaTestResult,
} from '../../src-shared/contract/dto';
import type { ValidationSchema } from '../../src-shared/model/schemaDsl';
import { editSchemaYaml } from '../../src-shared/yaml/schemaEdits';
import type { SchemaEdit } from '../../src-shared/yaml/schemaEdits';
import { exampleData, parseTestData } from '../features/schemas/testData';
import { reloadCollectionList } from './collectionList';
import { latestOnly } from './latestOnly';
import type { SliceCreator } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

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

/** What the Schemas panel shows. */
export interface SchemasData {
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
  /** The prompts the edited YAML affects, once checked (cleared by the next edit). */
  impact: SchemaImpactEntry[] | null;
  checking: boolean;
  testText: string;
  /** Why the test data could not be sent (not JSON), or null. */
  testInputError: string | null;
  testResult: SchemaTestResult | null;
  testError: UiError | null;
  validating: boolean;
}

/** The schemas slice. */
export interface SchemasSlice {
  schemas: SchemasData;
  loadSchemas(): Promise<void>;
  selectSchema(name: string): Promise<void>;
  startNewSchema(): void;
  cancelNewSchema(): Promise<void>;
  setSchemaText(text: string): void;
  /** Applies fields-table edits to the YAML (the rest of the text kept); false when it cannot. */
  editSchema(edits: SchemaEdit[]): boolean;
  /** Asks the service which prompts the edited YAML would affect, and how. */
  checkSchemaImpact(): Promise<SchemaImpactEntry[] | null>;
  /** Saves the YAML; resolves to the saved names, or null when the save failed. */
  saveSchema(): Promise<string[] | null>;
  deleteSchema(): Promise<boolean>;
  setSchemaTestText(text: string): void;
  /** Fills the test data with an example that passes the schema (nested schemas loaded). */
  fillSchemaExample(): Promise<void>;
  validateSchemaTestData(): Promise<void>;
}

/** True when the YAML differs from what is stored (a new schema always counts as changed). */
export function isSchemaDirty(schemas: Pick<SchemasData, 'text' | 'savedText' | 'creating'>) {
  return schemas.creating || schemas.text !== schemas.savedText;
}

/** Results of an earlier schema or test data that no longer apply. */
const NO_TEST_OUTCOME = { testResult: null, testError: null, testInputError: null } as const;

export const createSchemasSlice: SliceCreator<SchemasSlice> = (set, get, { api }) => {
  // Opening another schema voids the answer for the one opened before.
  const opening = latestOnly();
  const patch = (changes: Partial<SchemasData>): void =>
    set({ schemas: { ...get().schemas, ...changes } });
  return {
    schemas: {
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
      impact: null,
      checking: false,
      testText: '',
      testInputError: null,
      testResult: null,
      testError: null,
      validating: false,
    },

    loadSchemas: () =>
      reloadCollectionList({
        get: () => get().schemas,
        set: patch,
        fetchList: () => api.listSchemas({}),
        open: (name) =>
          name
            ? get().selectSchema(name)
            : patch({ selected: null, schema: null, text: '', savedText: '' }),
      }),

    async selectSchema(name) {
      patch({
        selected: name,
        creating: false,
        loadError: null,
        saveError: null,
        impact: null,
        ...NO_TEST_OUTCOME,
      });
      const testText = get().schemas.testText;
      await opening.run(
        () => Promise.all([api.getSchema({ name }), api.schemaYaml({ name })]),
        ([schema, yaml]) =>
          patch({
            schema,
            text: yaml.text,
            savedText: yaml.text,
            // Test data typed while the schema loaded is the user's: no example replaces it.
            ...(get().schemas.testText === testText ? { testText: exampleData(schema) } : {}),
          }),
        (loadError) => patch({ schema: null, loadError }),
      );
    },

    startNewSchema() {
      opening.drop();
      patch({
        selected: null,
        creating: true,
        schema: null,
        text: NEW_SCHEMA_YAML,
        savedText: '',
        loadError: null,
        saveError: null,
        ...NO_TEST_OUTCOME,
        testText: '',
      });
    },

    async cancelNewSchema() {
      patch({ creating: false, text: get().schemas.savedText, saveError: null });
      await get().loadSchemas();
    },

    setSchemaText: (text) => patch({ text, saveError: null, impact: null }),

    editSchema(edits) {
      const { text, selected } = get().schemas;
      try {
        patch({ text: editSchemaYaml(text, selected, edits), saveError: null, impact: null });
        return true;
      } catch (error) {
        get().notify(toUiError(error).message, 'error');
        return false;
      }
    },

    async checkSchemaImpact() {
      const { text } = get().schemas;
      patch({ checking: true, saveError: null });
      try {
        const { prompts } = await api.schemaImpact({ text });
        patch(
          get().schemas.text === text ? { impact: prompts, checking: false } : { checking: false },
        );
        return prompts;
      } catch (error) {
        const problem = toUiError(error);
        // A library that cannot check yet (a team library answering that the operation is not
        // there) saves as before, without the list.
        if (problem.details?.['operation'] === 'schemaImpact') {
          patch({ checking: false });
          return [];
        }
        patch({ checking: false, saveError: problem });
        return null;
      }
    },

    async saveSchema() {
      patch({ saving: true, saveError: null });
      try {
        const { names } = await api.saveSchemaYaml({ text: get().schemas.text });
        patch({ saving: false, creating: false, impact: null });
        const current = get().schemas.selected;
        const open = current !== null && names.includes(current) ? current : names[0];
        await get().loadSchemas();
        if (open) await get().selectSchema(open);
        void get().loadCatalog();
        return names;
      } catch (error) {
        patch({ saving: false, saveError: toUiError(error) });
        return null;
      }
    },

    async deleteSchema() {
      const name = get().schemas.selected;
      if (!name) return false;
      try {
        await api.deleteSchema({ name });
        patch({ selected: null, schema: null, text: '', savedText: '' });
        await get().loadSchemas();
        void get().loadCatalog();
        return true;
      } catch (error) {
        patch({ saveError: toUiError(error) });
        return false;
      }
    },

    setSchemaTestText: (testText) => patch({ testText, testInputError: null }),

    async fillSchemaExample() {
      const schema = get().schemas.schema;
      if (!schema) return;
      // The schemas its fields nest, and theirs (loaded once each; a missing one stays empty).
      const nested = new Map<string, ValidationSchema>();
      const queue = [schema];
      while (queue.length > 0) {
        const next = queue.pop() as ValidationSchema;
        for (const field of next.fields) {
          for (const name of [field.nested_schema, field.item_schema]) {
            if (!name || nested.has(name) || name === schema.name) continue;
            try {
              const loaded = await api.getSchema({ name });
              nested.set(name, loaded);
              queue.push(loaded);
            } catch {
              // Left out: the example gets an empty object there.
            }
          }
        }
      }
      if (get().schemas.schema !== schema) return;
      const lookup = (name: string) => (name === schema.name ? schema : nested.get(name));
      patch({ testText: exampleData(schema, lookup), testInputError: null, testResult: null });
    },

    async validateSchemaTestData() {
      const name = get().schemas.selected;
      if (!name) return;
      const parsed = parseTestData(get().schemas.testText);
      if (!parsed.ok) {
        patch({ testInputError: parsed.message, testResult: null, testError: null });
        return;
      }
      patch({ validating: true, testInputError: null, testError: null });
      try {
        const testResult = await api.testSchema({ name, data: parsed.data });
        patch({ testResult, validating: false });
      } catch (error) {
        patch({ testResult: null, testError: toUiError(error), validating: false });
      }
    },
  };
};
