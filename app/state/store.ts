// The workbench store: one vanilla zustand store made of feature slices, built around an Api.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Api } from '../../src-shared/contract/operations';
import { createAuditSlice } from './auditSlice';
import { createCatalogSlice } from './catalogSlice';
import { createEditorSlice } from './editorSlice';
import { createExportSlice } from './exportSlice';
import { createHistorySlice } from './historySlice';
import { createLibrarySlice } from './librarySlice';
import { createMetricsSlice } from './metricsSlice';
import { createPartialsSlice } from './partialsSlice';
import { createPreviewSlice } from './previewSlice';
import { createRunSlice } from './runSlice';
import { createSchemasSlice } from './schemasSlice';
import { memoryStorage } from './storage';
import type { Delays, WorkbenchDeps, WorkbenchState } from './storeTypes';
import { createUiSlice } from './uiSlice';
import { createTestsSlice } from './testsSlice';
import { createEvaluationSlice } from './evaluationSlice';
import { createFaultsSlice, type FaultsSlice } from './faultsSlice';
import { watchFaults } from '../api/faults';
import { createLiveSlice } from './liveSlice';

/** The store type components and tests hold. */
export type WorkbenchStore = StoreApi<WorkbenchState>;

/**
 * Default waits: search ~120 ms, drafts ~400 ms. The preview does not wait for typing to pause:
 * it renders each edit, coalescing behind a render in flight.
 */
export const DEFAULT_DELAYS: Delays = { search: 120, draft: 400 };

/** Builds the store over `api`; everything else has defaults suitable for tests. */
export function createWorkbenchStore(
  api: Api,
  options: Partial<Omit<WorkbenchDeps, 'api'>> = {},
): WorkbenchStore {
  // Every call reports storage faults to the banner and refusals to the role check (see
  // faultsSlice); bound once the store exists.
  let noteFault: FaultsSlice['noteFault'] = () => undefined;
  let noteRefusal: FaultsSlice['noteRefusal'] = () => undefined;
  const deps: WorkbenchDeps = {
    api: watchFaults(api, {
      fault: (code) => noteFault(code),
      refused: (operation) => noteRefusal(operation),
    }),
    storage: options.storage ?? memoryStorage(),
    newUid: options.newUid ?? (() => globalThis.crypto.randomUUID()),
    now: options.now ?? (() => new Date()),
    delays: options.delays ?? DEFAULT_DELAYS,
  };
  const store = createStore<WorkbenchState>()((set, get) => ({
    deps,
    ...createLibrarySlice(set, get, deps),
    ...createEditorSlice(set, get, deps),
    ...createPreviewSlice(set, get, deps),
    ...createHistorySlice(set, get, deps),
    ...createCatalogSlice(set, get, deps),
    ...createSchemasSlice(set, get, deps),
    ...createPartialsSlice(set, get, deps),
    ...createExportSlice(set, get, deps),
    ...createMetricsSlice(set, get, deps),
    ...createAuditSlice(set, get, deps),
    ...createRunSlice(set, get, deps),
    ...createTestsSlice(set, get, deps),
    ...createEvaluationSlice(set, get, deps),
    ...createFaultsSlice(set, get, deps),
    ...createLiveSlice(set, get, deps),
    ...createUiSlice(set, get, deps),
  }));
  noteFault = (code) => store.getState().noteFault(code);
  noteRefusal = (operation) => store.getState().noteRefusal(operation);
  return store;
}
