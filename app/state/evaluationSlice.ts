// The evaluation matrix of the open prompt: which versions × models to run, the cells as they
// stream in, Stop, the stored runs and the baseline they are compared with.
import type { EvalCell, EvalRun, EvalRunSummary } from '../../src-shared/evaluation/runs';
import { isErrorCode } from '../api/client';
import { columnKey } from '../features/evaluation/matrix';
import type { MatrixColumn } from '../features/evaluation/matrix';
import type { SliceCreator } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The matrix panel's data. */
export interface EvaluationState {
  id: string | null;
  /** Saved versions picked as columns, in the order of the history (oldest first). */
  versions: string[];
  /** Run the unsaved changes as a column of their own. */
  unsaved: boolean;
  /** Models as typed: `provider:model`, separated by commas or spaces; empty: the prompt's own. */
  models: string;
  status: 'idle' | 'running' | 'stopping';
  /** The running evaluation's job id. */
  job: string | null;
  /** Cells the running evaluation will check. */
  total: number;
  /** The planned rows and columns (cells may add more as they arrive). */
  planned: { rows: string[]; columns: MatrixColumn[] };
  /** Cells that arrived, or the shown run's cells. */
  cells: EvalCell[];
  /** The run shown (finished or picked from the list). */
  run: EvalRun | null;
  runs: EvalRunSummary[];
  /** The prompt's baseline run, compared with whatever is shown. */
  baseline: EvalRun | null;
  selected: { case: string; column: string } | null;
  error: UiError | null;
  /** A sentence about the last run (stopped, nothing kept). */
  notice: string | null;
}

/** The evaluation slice. */
export interface EvaluationSlice {
  evaluation: EvaluationState;
  loadEvaluation(id: string): Promise<void>;
  toggleMatrixVersion(version: string): void;
  setMatrixUnsaved(on: boolean): void;
  setMatrixModels(text: string): void;
  /** Runs the matrix; resolves when it finished, failed or was stopped. */
  runMatrix(): Promise<void>;
  stopMatrix(): Promise<void>;
  showRun(run: string): Promise<void>;
  markBaseline(): Promise<boolean>;
  selectCell(selected: { case: string; column: string } | null): void;
}

const EMPTY_EVALUATION: EvaluationState = {
  id: null,
  versions: [],
  unsaved: false,
  models: '',
  status: 'idle',
  job: null,
  total: 0,
  planned: { rows: [], columns: [] },
  cells: [],
  run: null,
  runs: [],
  baseline: null,
  selected: null,
  error: null,
  notice: null,
};

/** How often arriving cells are handed to the page at most (ms): typing stays smooth. */
export const CELL_FLUSH_MS = 50;

const MODEL_NAME = /^[^:\s]+:\S+$/;

/** The models typed in the box, or the first one that is not `provider:model`. */
export function parseModels(text: string): { models: string[] } | { bad: string } {
  const models = [...new Set(text.split(/[\s,]+/).filter((name) => name !== ''))];
  const bad = models.find((name) => !MODEL_NAME.test(name));
  return bad === undefined ? { models } : { bad };
}

export const createEvaluationSlice: SliceCreator<EvaluationSlice> = (set, get, deps) => {
  const { api } = deps;
  const patch = (changes: Partial<EvaluationState>): void =>
    set({ evaluation: { ...get().evaluation, ...changes } });

  const refreshRuns = async (id: string): Promise<void> => {
    const runs = await api.listEvalRuns({ id });
    const marked = runs.find((run) => run.baseline_of.includes(id));
    const known = get().evaluation.baseline;
    const baseline = !marked
      ? null
      : known?.id === marked.id
        ? known
        : await api.getEvalRun({ run: marked.id });
    if (get().evaluation.id !== id) return;
    patch({ runs, baseline });
  };

  return {
    evaluation: EMPTY_EVALUATION,

    async loadEvaluation(id) {
      if (get().evaluation.id !== id) {
        const base = get().editor.id === id ? get().editor.base : null;
        patch({ ...EMPTY_EVALUATION, id, versions: base ? [base] : [] });
      }
      try {
        await refreshRuns(id);
        const state = get().evaluation;
        const newest = state.runs[0];
        if (state.id === id && state.status === 'idle' && !state.run && newest) {
          await get().showRun(newest.id);
        }
      } catch (error) {
        if (get().evaluation.id === id) patch({ error: toUiError(error) });
      }
    },

    toggleMatrixVersion(version) {
      const picked = get().evaluation.versions;
      const next = picked.includes(version)
        ? picked.filter((item) => item !== version)
        : [...picked, version];
      // Columns follow the history: oldest version first.
      const order = get()
        .history.versions.map((record) => record.version)
        .reverse();
      next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      patch({ versions: next });
    },

    setMatrixUnsaved: (unsaved) => patch({ unsaved }),
    setMatrixModels: (models) => patch({ models }),

    async runMatrix() {
      const id = get().editor.id;
      const state = get().evaluation;
      if (!id || state.id !== id || state.status !== 'idle') return;
      const parsed = parseModels(state.models);
      if ('bad' in parsed) {
        patch({
          error: {
            code: 'invalid_input',
            message: `Models are written provider:model (openai:gpt-4o-mini), not '${parsed.bad}'.`,
          },
        });
        return;
      }
      const document = get().editor.document;
      const unsaved = state.unsaved && document ? [document] : [];
      if (state.versions.length === 0 && unsaved.length === 0) {
        patch({
          error: {
            code: 'invalid_input',
            message: 'Pick at least one version, or the unsaved changes, to run.',
          },
        });
        return;
      }
      if (get().tests.id === id && get().tests.dirty && !(await get().saveTests())) {
        patch({ error: { code: 'invalid_input', message: 'Save the test cases first.' } });
        return;
      }
      const rows = get().tests.id === id ? get().tests.saved.map((testCase) => testCase.name) : [];
      const columns: MatrixColumn[] = [];
      for (const version of [...state.versions, ...(unsaved.length > 0 ? [null] : [])]) {
        for (const model of parsed.models) {
          columns.push({ key: columnKey(version, model), version, model });
        }
      }
      const job = deps.newUid();
      patch({
        status: 'running',
        job,
        total: 0,
        planned: { rows, columns },
        cells: [],
        run: null,
        selected: null,
        error: null,
        notice: null,
      });
      // Cells are handed over in batches so a fast matrix does not redraw the page per cell.
      let buffer: EvalCell[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = (): void => {
        timer = undefined;
        if (buffer.length === 0 || get().evaluation.job !== job) return;
        patch({ cells: [...get().evaluation.cells, ...buffer] });
        buffer = [];
      };
      const stop = await api.subscribeEvaluation?.(({ job: from, event }) => {
        if (from !== job) return;
        if (event.type === 'planned') patch({ total: event.total });
        if (event.type === 'cell') {
          buffer.push(event.cell);
          timer ??= setTimeout(flush, CELL_FLUSH_MS);
        }
      });
      try {
        const run = await api.runEvaluation({
          prompts: [id],
          ...(state.versions.length > 0 ? { versions: state.versions } : {}),
          ...(unsaved.length > 0 ? { unsaved } : {}),
          ...(parsed.models.length > 0 ? { models: parsed.models } : {}),
          job,
        });
        clearTimeout(timer);
        if (get().evaluation.job !== job) return;
        patch({ status: 'idle', job: null, run, cells: run.cells, total: run.cells.length });
        await refreshRuns(id);
      } catch (error) {
        clearTimeout(timer);
        flush();
        if (get().evaluation.job !== job) return;
        patch(
          isErrorCode(error, 'cancelled')
            ? { status: 'idle', job: null, notice: 'Stopped: nothing was kept.' }
            : { status: 'idle', job: null, error: toUiError(error) },
        );
      } finally {
        stop?.();
      }
    },

    async stopMatrix() {
      const job = get().evaluation.job;
      if (!job || get().evaluation.status !== 'running') return;
      patch({ status: 'stopping' });
      try {
        await api.cancelEvaluation({ job });
      } catch (error) {
        patch({ error: toUiError(error) });
      }
    },

    async showRun(runId) {
      const id = get().evaluation.id;
      if (get().evaluation.status !== 'idle') return;
      try {
        const run = await api.getEvalRun({ run: runId });
        if (get().evaluation.id !== id || get().evaluation.status !== 'idle') return;
        const cells = run.cells.filter((cell) => cell.prompt === id);
        patch({
          run,
          cells,
          total: cells.length,
          planned: { rows: [], columns: [] },
          selected: null,
          error: null,
          notice: null,
        });
      } catch (error) {
        patch({ error: toUiError(error) });
      }
    },

    async markBaseline() {
      const { id, run } = get().evaluation;
      if (!id || !run) return false;
      try {
        await api.markBaseline({ run: run.id, prompts: [id] });
        if (get().evaluation.id !== id) return true;
        patch({ baseline: run });
        await refreshRuns(id);
        get().notify(`Run ${run.id} is now the baseline of ${id}`);
        return true;
      } catch (error) {
        patch({ error: toUiError(error) });
        return false;
      }
    },

    selectCell: (selected) => patch({ selected }),
  };
};
