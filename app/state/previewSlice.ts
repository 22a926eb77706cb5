// Variables and the live preview: typed values remembered per prompt, renders that follow typing.
import type { RenderResult } from '../../src-shared/contract/dto';
import type { ValidationSchema } from '../../src-shared/model/schemaDsl';
import { buildVariableFields, convertValues } from '../features/variables/variableFields';
import type { RawValue, VariableField } from '../features/variables/variableFields';
import { chatToText } from '../../src-shared/template';
import { latestTokenCount } from '../features/preview/tokenCount';
import { STORAGE_KEYS, readJson, writeJson } from './storage';
import type { SliceCreator, WorkbenchState } from './storeTypes';
import { LibraryPartials, renderPreviewLocally, sameRendering } from './localPreview';
import {
  isBlankDocument,
  previewableDocument,
  promptPosition,
  variablesOfDocument,
} from './templateInsight';
import type { BlankMessage } from './templateInsight';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The Variables and Preview panels' data. */
export interface PreviewState {
  values: Readonly<Record<string, RawValue>>;
  schemaName: string | null;
  schema: ValidationSchema | null;
  schemaError: UiError | null;
  result: RenderResult | null;
  /** Chat messages not typed yet, left out of `result` (the preview shows placeholders). */
  blank: BlankMessage[];
  /** o200k tokens of the rendered prompt (null until counted). */
  tokens: number | null;
  error: UiError | null;
  /** True while a render that has taken over PENDING_AFTER_MS is still outstanding. */
  pending: boolean;
}

/** The preview slice. */
export interface PreviewSlice {
  preview: PreviewState;
  setVariable(name: string, value: RawValue): void;
  clearVariables(): void;
  /** Renders the working copy now (edits render at once, or right after a render in flight). */
  renderNow(): Promise<void>;
  /** Called by the editor after every edit of the working copy. */
  documentChanged(): void;
  /** Called by the editor when another prompt (or none) is shown. */
  promptOpened(): void;
  /** Called when the library's partials or schemas changed: schemas reload, the preview renders. */
  libraryChanged(): void;
}

/** How long a render may take before the Preview says it is rendering. */
export const PENDING_AFTER_MS = 150;

/**
 * When the page rendered an edit itself, how long typing must pause before the Node side
 * renders it too (and the tokens are counted): serialising and sending a 20 KB document cost
 * milliseconds per key, and the Node side records every render it does as a metric.
 */
export const CONFIRM_AFTER_MS = 120;

const EMPTY_PREVIEW: PreviewState = {
  values: {},
  schemaName: null,
  schema: null,
  schemaError: null,
  result: null,
  blank: [],
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

/** An error about the previewed messages, its message positions counted in the whole prompt. */
function atPromptPositions(error: UiError, blank: readonly BlankMessage[]): UiError {
  const details = error.details;
  if (blank.length === 0 || !details) return error;
  const moved: Record<string, unknown> = { ...details };
  const index = details['messageIndex'];
  if (typeof index === 'number') moved['messageIndex'] = promptPosition(index, blank);
  const missing = details['missing'];
  if (Array.isArray(missing)) {
    moved['missing'] = missing.map((entry: unknown) => {
      const at = (entry as { messageIndex?: unknown } | null)?.messageIndex;
      return typeof at === 'number'
        ? { ...(entry as object), messageIndex: promptPosition(at, blank) }
        : entry;
    });
  }
  return { ...error, details: moved };
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
  // Render numbers: `started` is the newest render begun, `shown` the one whose answer is on
  // screen. An answer older than what is shown is dropped, so stale output never returns.
  let started = 0;
  let shown = 0;
  // Renders in flight for the prompt open now (`prompts` counts prompt switches).
  let inFlight = 0;
  let prompts = 0;
  // Edits made while a render is in flight only mark the preview stale: when the answer
  // arrives, one render of the latest working copy follows, however many keys were typed.
  let stale = false;
  let slowRender: ReturnType<typeof setTimeout> | undefined;
  // The last answer of the Node side, for renders in the page while typing: valid while the
  // same prompt is open with the same form values (a new value waits for the Node side).
  let basis: {
    prompts: number;
    values: PreviewState['values'];
    variables: Record<string, unknown>;
  } | null = null;
  // The prompt's output schema, which a render in the page needs for its requirements block.
  let output: { name: string; schema: ValidationSchema | null } | null = null;
  // True while the result on screen was rendered in the page (the Node side's answer follows).
  let localShown = false;
  let confirm: ReturnType<typeof setTimeout> | undefined;
  const libraryPartials = new LibraryPartials(
    async (name) => (await api.getPartial({ name })).content,
  );
  const clearSlowRender = (): void => {
    clearTimeout(slowRender);
    slowRender = undefined;
  };
  const patch = (changes: Partial<PreviewState>): void =>
    set({ preview: { ...get().preview, ...changes } });

  // Counted off the main thread, newest text only; a count for a render no longer shown is dropped.
  const tokens = latestTokenCount((count, render) => {
    // Typing inside a word rarely changes the count: no update then, so nothing re-renders.
    if (render === shown && count !== get().preview.tokens) patch({ tokens: count });
  });

  const countTokens = (result: RenderResult, render: number): void =>
    tokens.count(result.kind === 'chat' ? chatToText(result.messages) : result.text, render);

  const requestRender = (): void => {
    clearTimeout(confirm);
    confirm = undefined;
    if (inFlight > 0) stale = true;
    else void get().renderNow();
  };

  const loadSchema = async (name: string | null): Promise<void> => {
    patch({ schemaName: name, schema: null, schemaError: null });
    if (!name) return;
    try {
      const schema = await api.getSchema({ name });
      if (get().preview.schemaName === name) patch({ schema });
    } catch (error) {
      if (get().preview.schemaName === name) patch({ schemaError: toUiError(error) });
    }
    requestRender();
  };

  const loadOutputSchema = async (name: string): Promise<void> => {
    output = { name, schema: null };
    try {
      const schema = await api.getSchema({ name });
      if (output.name === name) output = { name, schema };
    } catch {
      // The Node side's render reports a missing schema; the page just keeps waiting for it.
    }
  };

  const followSchema = (): void => {
    const wanted = get().editor.document?.input_schema ?? null;
    if (wanted !== get().preview.schemaName) void loadSchema(wanted);
    const wantedOutput = get().editor.document?.output_schema ?? null;
    if (wantedOutput && wantedOutput !== output?.name) void loadOutputSchema(wantedOutput);
  };

  /** Shows the edited document rendered in the page, when the page can render it exactly. */
  const renderHere = (): boolean => {
    const edited = get().editor.document;
    const { values, schemaName, schema } = get().preview;
    if (!edited || !basis || basis.prompts !== prompts || basis.values !== values) return false;
    if (isBlankDocument(edited)) return false;
    const { document, blank } = previewableDocument(edited);
    const schemas = new Map<string, ValidationSchema>();
    if (schemaName && schema) schemas.set(schemaName, schema);
    if (output?.schema) schemas.set(output.name, output.schema);
    const partials = libraryPartials.sources(get().catalog.partials);
    const result = renderPreviewLocally(document, {
      variables: basis.variables,
      schemas,
      partials,
    });
    if (!result) return false;
    const mine = ++started;
    shown = mine;
    localShown = true;
    patch({ result, blank, error: null });
    return true;
  };

  // The Node side's render of edits the page already shows, once typing pauses.
  const confirmLater = (): void => {
    clearTimeout(confirm);
    confirm = setTimeout(() => {
      confirm = undefined;
      requestRender();
    }, CONFIRM_AFTER_MS);
  };

  return {
    preview: EMPTY_PREVIEW,

    setVariable(name, value) {
      const values = { ...get().preview.values, [name]: value };
      patch({ values });
      const id = get().editor.id;
      if (id) writeJson(storage, STORAGE_KEYS.variables(id), values);
      requestRender();
    },

    clearVariables() {
      patch({ values: {} });
      const id = get().editor.id;
      if (id) storage.removeItem(STORAGE_KEYS.variables(id));
      requestRender();
    },

    async renderNow() {
      const edited = get().editor.document;
      if (!edited) return;
      stale = false;
      const mine = ++started;
      if (isBlankDocument(edited)) {
        // Nothing to render yet; the server would (rightly) refuse an empty template.
        shown = mine;
        clearSlowRender();
        patch({ result: null, blank: [], error: null, pending: false, tokens: null });
        return;
      }
      const { document, blank } = previewableDocument(edited);
      const { variables } = selectConvertedVariables(get());
      const values = get().preview.values;
      const opened = prompts;
      inFlight++;
      const answer = api.renderPreview({ document, variables, preview: true });
      // Most renders answer within a frame or two: only a slow one shows the spinner, so typing
      // neither flickers it nor pays for two more store updates per key.
      slowRender ??= setTimeout(() => {
        slowRender = undefined;
        if (inFlight > 0 || stale) patch({ pending: true });
      }, PENDING_AFTER_MS);
      let changes: Partial<PreviewState>;
      try {
        changes = { result: await answer, blank, error: null };
      } catch (error) {
        // Nothing stale under an error: the text and its count belong to an older document.
        changes = {
          error: atPromptPositions(toUiError(error), blank),
          result: null,
          blank: [],
          tokens: null,
        };
      } finally {
        if (opened === prompts) inFlight--;
      }
      const result = changes.result;
      if (result && opened === prompts) {
        basis = { prompts, values, variables: result.variables };
        void libraryPartials.follow(document, get().catalog.partials);
      }
      if (mine > shown) {
        const more = stale || inFlight > 0;
        if (!more) clearSlowRender();
        const onScreen = get().preview.result;
        // The page's own render of the same text stays on screen (no second layout of the
        // preview), and so does its token count, which belongs to its render number.
        const same = localShown && result && onScreen && sameRendering(onScreen, result);
        localShown = false;
        if (same) {
          patch({ blank, error: null, pending: more && get().preview.pending });
          countTokens(result, shown);
        } else {
          shown = mine;
          patch({ ...changes, pending: more && get().preview.pending });
          if (result) countTokens(result, mine);
        }
      }
      if (opened === prompts && stale && inFlight === 0) void get().renderNow();
    },

    documentChanged() {
      followSchema();
      if (renderHere()) confirmLater();
      else requestRender();
    },

    libraryChanged() {
      if (!get().editor.document) return;
      const { schemaName } = get().preview;
      const reloads: Promise<void>[] = [];
      if (schemaName) {
        reloads.push(
          api.getSchema({ name: schemaName }).then(
            (schema) => {
              if (get().preview.schemaName === schemaName) patch({ schema, schemaError: null });
            },
            (error: unknown) => {
              if (get().preview.schemaName === schemaName) {
                patch({ schema: null, schemaError: toUiError(error) });
              }
            },
          ),
        );
      }
      if (output) reloads.push(loadOutputSchema(output.name));
      // The page's own render may hold an old schema: only the Node side's answer is trusted now.
      basis = null;
      void Promise.all(reloads).then(() => requestRender());
    },

    promptOpened() {
      // Whatever is still in flight belongs to the previous prompt: its answer is dropped, and
      // the new prompt's first edits need not wait for it.
      shown = ++started;
      prompts++;
      inFlight = 0;
      stale = false;
      basis = null;
      localShown = false;
      clearTimeout(confirm);
      confirm = undefined;
      clearSlowRender();
      const id = get().editor.id;
      const values = id ? rememberedValues(readJson(storage, STORAGE_KEYS.variables(id), {})) : {};
      set({ preview: { ...EMPTY_PREVIEW, values } });
      if (!get().editor.document) return;
      followSchema();
      void get().renderNow();
    },
  };
};
