// The shape shared by every slice: dependencies, the whole state type and the slice signature.
import type { Api } from '../../src-shared/contract/operations';
import type { KeyValueStorage } from './storage';
import type { LibrarySlice } from './librarySlice';
import type { EditorSlice } from './editorSlice';
import type { PreviewSlice } from './previewSlice';
import type { HistorySlice } from './historySlice';
import type { CatalogSlice } from './catalogSlice';
import type { UiSlice } from './uiSlice';
import type { SchemasSlice } from './schemasSlice';
import type { PartialsSlice } from './partialsSlice';
import type { ExportSlice } from './exportSlice';
import type { MetricsSlice } from './metricsSlice';
import type { AuditSlice } from './auditSlice';
import type { RunSlice } from './runSlice';
import type { TestsSlice } from './testsSlice';
import type { EvaluationSlice } from './evaluationSlice';
import type { FaultsSlice } from './faultsSlice';
import type { LiveSlice } from './liveSlice';

/** Waits (ms) of the debounced actions. */
export interface Delays {
  search: number;
  draft: number;
  /** Pause between attempts to reach a team library that went away (default 3 s). */
  reconnect?: number;
  /** Gathering a burst of library changes before reading again (default LIVE_GATHER_MS). */
  live?: number;
}

/** What the store needs from the outside world; tests pass a real API over HTTP. */
export interface WorkbenchDeps {
  api: Api;
  storage: KeyValueStorage;
  newUid: () => string;
  now: () => Date;
  delays: Delays;
}

/** The whole workbench state: every slice's data and verbs. */
export type WorkbenchState = LibrarySlice &
  EditorSlice &
  PreviewSlice &
  HistorySlice &
  CatalogSlice &
  SchemasSlice &
  PartialsSlice &
  ExportSlice &
  MetricsSlice &
  AuditSlice &
  RunSlice &
  TestsSlice &
  EvaluationSlice &
  FaultsSlice &
  LiveSlice &
  UiSlice & { readonly deps: WorkbenchDeps };

/** zustand's `set`, narrowed to partial updates. */
export type SetState = (partial: Partial<WorkbenchState>) => void;

/** Builds one slice from `set`, `get` and the dependencies. */
export type SliceCreator<T> = (set: SetState, get: () => WorkbenchState, deps: WorkbenchDeps) => T;
