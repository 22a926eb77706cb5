// The Export panel's state: the chosen provider and option, and the export of the open prompt.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ExportResult, Provider } from '../../../src-shared/contract/dto';
import type { Api } from '../../../src-shared/contract/operations';
import { latestOnly } from '../../state/latestOnly';
import { onePerApi } from '../../state/onePerApi';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { UiError } from '../../state/uiError';

/** What is exported: the editor's working copy and the current variables. */
export interface ExportSource {
  document: Prompt | null;
  variables: Record<string, unknown>;
}

/** The Export panel's state and verbs. */
export interface ExportState {
  provider: Provider;
  mergeConsecutive: boolean;
  status: 'idle' | 'loading' | 'ready' | 'error';
  result: ExportResult | null;
  error: UiError | null;
  setProvider(provider: Provider): void;
  setMergeConsecutive(merge: boolean): void;
  /** Exports `source` for the chosen provider; answers to older requests are dropped. */
  refresh(source: ExportSource): Promise<void>;
}

/** Creates the Export panel's store over the API. */
export function createExportStore(api: Api): StoreApi<ExportState> {
  const loads = latestOnly();
  return createStore<ExportState>()((set, get) => ({
    provider: 'openai',
    mergeConsecutive: false,
    status: 'idle',
    result: null,
    error: null,
    setProvider: (provider) => set({ provider }),
    setMergeConsecutive: (mergeConsecutive) => set({ mergeConsecutive }),
    async refresh({ document, variables }) {
      if (!document) {
        loads.drop();
        set({ status: 'idle', result: null, error: null });
        return;
      }
      const { provider, mergeConsecutive } = get();
      set({ status: 'loading' });
      await loads.run(
        () =>
          api.exportPrompt({
            document,
            variables,
            provider,
            ...(provider === 'anthropic' ? { mergeConsecutive } : {}),
          }),
        (result) => set({ status: 'ready', result, error: null }),
        (error) => set({ status: 'error', result: null, error }),
      );
    },
  }));
}

/** The panel's store for this API: one per app, so the chosen provider survives switching tabs. */
export const exportStoreFor = onePerApi(createExportStore);
