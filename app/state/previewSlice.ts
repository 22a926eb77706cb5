// Variables and the live preview: typed values remembered per prompt, renders that follow typing.
import type { RenderResult } from '../../src-shared/contract/dto';
import type { ValidationSchema } from '../../src-shared/model/schemaDsl';
import { buildVariableFields, convertValues } from '../features/variables/variableFields';
import type { RawValue, VariableField } from '../features/variables/variableFields';
import { chatToText } from '../../src-shared/template';
import { countTokens } from '../features/preview/tokenCount';
import { debounce } from './debounce';
import { STORAGE_KEYS, readJson, writeJson } from './storage';
import type { SliceCreator, WorkbenchState } from './storeTypes';
import { isBlankDocument, variablesOfDocument } from './templateInsight';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The Variables and Preview panels' data. */
export interface PreviewState {
  values: Readonly<Record<string, RawValue>>;
  schemaName: string | null;
  schema: ValidationSchema | null;
  schemaError: UiError | null;
  result: RenderResult | null;
  /** o200k tokens of the rendered prompt (null until counted). */
  tokens: number | null;
  error: UiError | null;
  pending: boolean;
}

/** The preview slice. */
export interface PreviewSlice {
  preview: PreviewState;
  setVariable(name: string, value: RawValue): void;
  clearVariables(): void;
  /** Renders now (the debounced path calls this). */
  renderNow(): Promise<void>;
  /** Called by the editor after every edit of the working copy. */
  documentChanged(): void;
  /** Called by the editor when another prompt (or none) is shown. */
  promptOpened(): void;
}

const EMPTY_PREVIEW: PreviewState = {
  values: {},
  schemaName: null,
  schema: null,
  schemaError: null,
  result: null,
  tokens: null,
  error: null,
  pending: false,
};

const fieldsCache = new WeakMap<
  object,
  { schema: ValidationSchema | null; fields: VariableField[] }
>();

const NO_FIELDS: VariableField[] = [];

/** The Variables form fields of the open prompt (memoised per template and schema). */
export function selectVariableFields(state: WorkbenchState): VariableField[] {
  const document = state.editor.document;
  if (!document) return NO_FIELDS;
  const names = variablesOfDocument(document);
  const schema = state.preview.schema;
  const cached = fieldsCache.get(names);
  if (cached && cached.schema === schema) return cached.fields;
  const fields = buildVariableFields(names, schema);
  fieldsCache.set(names, { schema, fields });
  return fields;
}

/** The render variables of the open prompt, and problems found reading the form. */
export function selectConvertedVariables(state: WorkbenchState): ReturnType<typeof convertValues> {
  return convertValues(selectVariableFields(state), state.preview.values);
}

/** Keeps only well-formed remembered values (storage is outside our control). */
function rememberedValues(stored: unknown): Record<string, RawValue> {
  const values: Record<string, RawValue> = {};
  if (typeof stored !== 'object' || stored === null) return values;
  for (const [name, value] of Object.entries(stored)) {
    if (typeof value === 'string' || typeof value === 'boolean') values[name] = value;
  }
  return values;
}

export const createPreviewSlice: SliceCreator<PreviewSlice> = (set, get, deps) => {
  const { api, storage } = deps;
  let sequence = 0;
  const patch = (changes: Partial<PreviewState>): void =>
    set({ preview: { ...get().preview, ...changes } });

  const renderLater = debounce(() => void get().renderNow(), deps.delays.preview);

  const loadSchema = async (name: string | null): Promise<void> => {
    patch({ schemaName: name, schema: null, schemaError: null });
    if (!name) return;
    try {
      const schema = await api.getSchema({ name });
      if (get().preview.schemaName === name) patch({ schema });
    } catch (error) {
      if (get().preview.schemaName === name) patch({ schemaError: toUiError(error) });
    }
    renderLater.schedule();
  };

  const followSchema = (): void => {
    const wanted = get().editor.document?.input_schema ?? null;
    if (wanted !== get().preview.schemaName) void loadSchema(wanted);
  };

  return {
    preview: EMPTY_PREVIEW,

    setVariable(name, value) {
      const values = { ...get().preview.values, [name]: value };
      patch({ values });
      const id = get().editor.id;
      if (id) writeJson(storage, STORAGE_KEYS.variables(id), values);
      renderLater.schedule();
    },

    clearVariables() {
      patch({ values: {} });
      const id = get().editor.id;
      if (id) storage.removeItem(STORAGE_KEYS.variables(id));
      renderLater.schedule();
    },

    async renderNow() {
      renderLater.cancel();
      const document = get().editor.document;
      if (!document) return;
      const mine = ++sequence;
      if (isBlankDocument(document)) {
        // Nothing to render yet; the server would (rightly) refuse an empty template.
        patch({ result: null, error: null, pending: false, tokens: null });
        return;
      }
      const { variables } = selectConvertedVariables(get());
      patch({ pending: true });
      try {
        const result = await api.renderPreview({ document, variables });
        // Latest wins: an older answer arriving late must not replace a newer one.
        if (mine !== sequence) return;
        patch({ result, error: null, pending: false });
        const text = result.kind === 'chat' ? chatToText(result.messages) : result.text;
        const tokens = await countTokens(text).catch(() => null);
        if (mine === sequence) patch({ tokens });
      } catch (error) {
        if (mine === sequence) patch({ error: toUiError(error), pending: false });
      }
    },

    documentChanged() {
      followSchema();
      renderLater.schedule();
    },

    promptOpened() {
      sequence++;
      renderLater.cancel();
      const id = get().editor.id;
      const values = id ? rememberedValues(readJson(storage, STORAGE_KEYS.variables(id), {})) : {};
      set({ preview: { ...EMPTY_PREVIEW, values } });
      if (!get().editor.document) return;
      followSchema();
      renderLater.schedule();
    },
  };
};
