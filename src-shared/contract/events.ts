// Progress events of long operations (folder import and export) and the streamed events of model
// runs, declared once for every transport.
import type { RunEvent } from '../models/runs';
import type { EvalEvent } from '../evaluation/runs';

/** Operations that report progress while they run. */
export const PROGRESS_OPERATIONS = ['importFolder', 'exportFolder'] as const;

/** An operation that reports progress. */
export type ProgressOperation = (typeof PROGRESS_OPERATIONS)[number];

/** Where a folder operation is: reading and checking files, or writing. */
export type ProgressStage = 'reading' | 'writing';

/** How far one job has got, as a service reports it. */
export interface ProgressStep {
  stage: ProgressStage;
  done: number;
  total: number;
}

/** One progress event: a step of the job the caller named in its request. */
export interface ProgressEvent extends ProgressStep {
  /** The id the caller chose for this call (the `job` field of its request). */
  job: string;
  operation: ProgressOperation;
}

/** Receives progress events. */
export type ProgressListener = (event: ProgressEvent) => void;

/** The Electron channel progress events travel on, from main to the calling frame. */
export const PROGRESS_CHANNEL = 'pwb:progress';

/** The HTTP path of the browser-mode event stream (server-sent events). */
export const EVENTS_PATH = '/api/events';

/** A job id: a short token the caller picks (a UUID fits). */
export const JOB_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

const JOB = new RegExp(JOB_PATTERN);

/** True when `value` is a valid job id. */
export function isJobId(value: unknown): value is string {
  return typeof value === 'string' && JOB.test(value);
}

/** True when `operation` reports progress. */
export function isProgressOperation(operation: string): operation is ProgressOperation {
  return (PROGRESS_OPERATIONS as readonly string[]).includes(operation);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Checks an event that crossed a boundary (the page trusts nothing it parses). */
export function isProgressEvent(value: unknown): value is ProgressEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    isJobId(event['job']) &&
    typeof event['operation'] === 'string' &&
    isProgressOperation(event['operation']) &&
    (event['stage'] === 'reading' || event['stage'] === 'writing') &&
    isCount(event['done']) &&
    isCount(event['total'])
  );
}

/** One event of a model run (`runPrompt` with a `job`): deltas, usage, retries, done or error. */
export interface RunJobEvent {
  job: string;
  operation: 'runPrompt';
  event: RunEvent;
}

/** Receives the events of model runs. */
export type RunEventListener = (event: RunJobEvent) => void;

/** The Electron channel run events travel on, from main to the calling frame. */
export const RUN_EVENT_CHANNEL = 'pwb:run-event';

const RUN_EVENT_TYPES = ['delta', 'usage', 'retry', 'done', 'error'];

/** Checks a run event that crossed a boundary (its `type` and job; fields per type). */
export function isRunJobEvent(value: unknown): value is RunJobEvent {
  if (typeof value !== 'object' || value === null) return false;
  const outer = value as Record<string, unknown>;
  const event = outer['event'] as Record<string, unknown> | null | undefined;
  if (!isJobId(outer['job']) || outer['operation'] !== 'runPrompt') return false;
  if (typeof event !== 'object' || event === null) return false;
  if (!RUN_EVENT_TYPES.includes(event['type'] as string)) return false;
  if (event['type'] === 'delta') return typeof event['text'] === 'string';
  if (event['type'] === 'done')
    return typeof event['result'] === 'object' && event['result'] !== null;
  if (event['type'] === 'error')
    return typeof event['error'] === 'object' && event['error'] !== null;
  return true;
}

/** One event of an evaluation (`runEvaluation` with a `job`): planned, each cell, done. */
export interface EvalJobEvent {
  job: string;
  operation: 'runEvaluation';
  event: EvalEvent;
}

/** Receives the events of evaluations. */
export type EvalEventListener = (event: EvalJobEvent) => void;

/** A change to a team library made by any client (saved version, deletion, label move). */
export type LibraryChange =
  | { kind: 'saved'; id: string; version: string }
  | { kind: 'deleted'; id: string }
  | { kind: 'label'; id: string; label: string; version: string | null }
  /** A library schema or partial was saved (`deleted` false) or removed. */
  | { kind: 'schema' | 'partial'; name: string; deleted: boolean }
  /** Changes may have been missed (the listener was reconnected): read everything again. */
  | { kind: 'resync' };

/** A library change as browser mode's event stream sends it (`event: library`). */
export interface LibraryChangeEvent {
  operation: 'library';
  change: LibraryChange;
}

/** Receives the changes other clients (and this one) make to the library. */
export type LibraryChangeListener = (event: LibraryChangeEvent) => void;

/** The Electron channel library changes travel on, from main to the app's window. */
export const LIBRARY_EVENT_CHANNEL = 'pwb:library-event';

/** Checks a library change that crossed a boundary (its kind and the fields of that kind). */
export function isLibraryChangeEvent(value: unknown): value is LibraryChangeEvent {
  if (!isRecord(value) || value['operation'] !== 'library') return false;
  const change = value['change'];
  if (!isRecord(change)) return false;
  if (change['kind'] === 'resync') return true;
  if (change['kind'] === 'schema' || change['kind'] === 'partial') {
    return typeof change['name'] === 'string' && typeof change['deleted'] === 'boolean';
  }
  if (typeof change['id'] !== 'string') return false;
  switch (change['kind']) {
    case 'saved':
      return typeof change['version'] === 'string';
    case 'deleted':
      return true;
    case 'label':
      return (
        typeof change['label'] === 'string' &&
        (typeof change['version'] === 'string' || change['version'] === null)
      );
    default:
      return false;
  }
}

/** The Electron channel evaluation events travel on, from main to the calling frame. */
export const EVAL_EVENT_CHANNEL = 'pwb:eval-event';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks an evaluation event that crossed a boundary (its `type` and job; fields per type). */
export function isEvalJobEvent(value: unknown): value is EvalJobEvent {
  if (!isRecord(value)) return false;
  const event = value['event'];
  if (!isJobId(value['job']) || value['operation'] !== 'runEvaluation') return false;
  if (!isRecord(event)) return false;
  switch (event['type']) {
    case 'planned':
      return isCount(event['total']);
    case 'cell': {
      const cell = event['cell'];
      return (
        isRecord(cell) &&
        typeof cell['prompt'] === 'string' &&
        typeof cell['case'] === 'string' &&
        typeof cell['model'] === 'string' &&
        typeof cell['pass'] === 'boolean' &&
        Array.isArray(cell['assertions'])
      );
    }
    case 'done': {
      const run = event['run'];
      return isRecord(run) && typeof run['id'] === 'string' && Array.isArray(run['cells']);
    }
    default:
      return false;
  }
}
