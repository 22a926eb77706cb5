// The Export panel's state: the chosen provider and option, and the export of the open prompt.
import type { ExportResult, Provider } from '../../src-shared/contract/dto';
import { latestOnly } from './latestOnly';
import { selectConvertedVariables } from './previewSlice';
import type { SliceCreator, WorkbenchState } from './storeTypes';
import type { UiError } from './uiError';

/** The options an export answers to: a result made for others must not show. */
export interface ExportOptions {
  provider: Provider;
  /** Anthropic only: merge consecutive messages of one role. */
  mergeConsecutive: boolean;
}

/** What the Export panel shows. */
export interface ExportData {
  provider: Provider;
  mergeConsecutive: boolean;
  status: 'idle' | 'loading' | 'ready' | 'error';
  result: ExportResult | null;
  error: UiError | null;
  /** The options the result or error was made for; null before the first answer. */
  answered: ExportOptions | null;
}

/** The export slice. */
export interface ExportSlice {
  export: ExportData;
  /** Switches the provider and exports for it at once. */
  setExportProvider(provider: Provider): void;
  setExportMergeConsecutive(merge: boolean): void;
  /**
   * Exports the editor's working copy with the current variables for the chosen options;
   * answers to older requests are dropped.
   */
  refreshExport(): Promise<void>;
}

/** The options that matter for `provider` (merging exists only for Anthropic). */
function optionsOf(data: Pick<ExportData, 'provider' | 'mergeConsecutive'>): ExportOptions {
  return {
    provider: data.provider,
    mergeConsecutive: data.provider === 'anthropic' && data.mergeConsecutive,
  };
}

/** True when the last answer was made for the options chosen now. */
function answersChoice(data: ExportData): boolean {
  const wanted = optionsOf(data);
  return (
    data.answered !== null &&
    data.answered.provider === wanted.provider &&
    data.answered.mergeConsecutive === wanted.mergeConsecutive
  );
}

/** The export for the chosen options, or null (never another provider's). */
export const selectExportResult = (state: WorkbenchState): ExportResult | null =>
  answersChoice(state.export) ? state.export.result : null;

/** Why the export for the chosen options failed, or null. */
export const selectExportError = (state: WorkbenchState): UiError | null =>
  answersChoice(state.export) ? state.export.error : null;

/** True while a prompt is open and nothing has answered the chosen options yet. */
export const selectExportPending = (state: WorkbenchState): boolean =>
  state.editor.document !== null && !answersChoice(state.export);

export const createExportSlice: SliceCreator<ExportSlice> = (set, get, { api }) => {
  const loads = latestOnly();
  const patch = (changes: Partial<ExportData>): void =>
    set({ export: { ...get().export, ...changes } });
  return {
    export: {
      provider: 'openai',
      mergeConsecutive: false,
      status: 'idle',
      result: null,
      error: null,
      answered: null,
    },
    setExportProvider(provider) {
      patch({ provider });
      void get().refreshExport();
    },
    setExportMergeConsecutive(mergeConsecutive) {
      patch({ mergeConsecutive });
      void get().refreshExport();
    },
    async refreshExport() {
      const document = get().editor.document;
      if (!document) {
        loads.drop();
        patch({ status: 'idle', result: null, error: null, answered: null });
        return;
      }
      const { variables } = selectConvertedVariables(get());
      const options = optionsOf(get().export);
      patch({ status: 'loading' });
      await loads.run(
        () =>
          api.exportPrompt({
            document,
            variables,
            provider: options.provider,
            ...(options.provider === 'anthropic'
              ? { mergeConsecutive: options.mergeConsecutive }
              : {}),
          }),
        (result) => patch({ status: 'ready', result, error: null, answered: options }),
        (error) => patch({ status: 'error', result: null, error, answered: options }),
      );
    },
  };
};
