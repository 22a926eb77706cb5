// The Evaluation panel: the matrix of the open prompt's test cases × versions (and unsaved
// changes) × models, streaming in cell by cell, compared with the baseline run.
import { useEffect, useMemo } from 'react';
import type { EvalRunSummary } from '../../../src-shared/evaluation/runs';
import { isDirty } from '../../state/editorSlice';
import { recommendedModels } from '../../state/runSlice';
import { canHoldTests } from '../../state/testsSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { PaneHeader } from '../../ui/PaneHeader';
import { Select } from '../../ui/Select';
import { Toolbar } from '../../ui/Toolbar';
import { ModelPicker } from '../run/ModelPicker';
import { useProviders } from '../run/RunPaneFrame';
import { NeedsSavedPrompt } from '../tests/NeedsSavedPrompt';
import { CellDetail } from './CellDetail';
import { baselineCellOf, buildMatrix } from './matrix';
import type { ColumnTotals, Matrix } from './matrix';
import '../run/run.css';
import './evaluation.css';

function runLabel(run: EvalRunSummary, id: string): string {
  const when = new Date(run.started_at).toLocaleString();
  const mark = run.baseline_of.includes(id) ? ' · baseline' : '';
  return `${when} · ${run.passed} passed, ${run.failed} failed${mark}`;
}

const money = (usd: number | null) => (usd === null ? '—' : `$${usd.toFixed(usd < 0.01 ? 6 : 4)}`);
const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);
const rate = (totals: ColumnTotals | undefined) =>
  totals?.passRate == null
    ? '—'
    : `${Math.round(totals.passRate * 100)} % (${totals.passed}/${totals.done})`;

/** The matrix table: a row per case, a column per version × model, totals at the foot. */
function MatrixTable({ matrix }: { matrix: Matrix }) {
  const store = useWorkbenchStore();
  const selected = useWorkbench((s) => s.evaluation.selected);
  const running = useWorkbench((s) => s.evaluation.status !== 'idle');
  return (
    <div className="matrix__scroll">
      <table className="data-table matrix" aria-label="Evaluation matrix">
        <thead>
          <tr>
            <th scope="col">Case</th>
            {matrix.columns.map((column) => (
              <th key={column.key} scope="col">
                <span className="matrix__version">{column.version ?? 'unsaved changes'}</span>
                <span className="matrix__model">{column.model}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row}>
              <th scope="row">{row}</th>
              {matrix.columns.map((column) => {
                const cell = matrix.cell(row, column.key);
                const change = matrix.change(row, column.key);
                const open = selected?.case === row && selected.column === column.key;
                if (!cell) {
                  return (
                    <td key={column.key} className="matrix__cell matrix__cell--waiting">
                      <span
                        aria-label={`${row} on ${column.key}: ${running ? 'waiting' : 'not run'}`}
                      >
                        {running ? '…' : '—'}
                      </span>
                    </td>
                  );
                }
                const verdict = cell.pass ? 'pass' : 'fail';
                const name = `${row} on ${column.key}: ${verdict}${change === 'regression' ? ', regression' : change === 'fix' ? ', fixed' : ''}`;
                return (
                  <td
                    key={column.key}
                    className={`matrix__cell matrix__cell--${verdict}${change ? ` matrix__cell--${change}` : ''}`}
                  >
                    <button
                      type="button"
                      className="matrix__button"
                      aria-label={name}
                      aria-pressed={open}
                      onClick={() =>
                        store.getState().selectCell(open ? null : { case: row, column: column.key })
                      }
                    >
                      <span className={`verdict verdict--${verdict}`}>{verdict}</span>
                      {change ? (
                        <span className={`change change--${change}`}>
                          {change === 'regression' ? 'regression' : 'fixed'}
                        </span>
                      ) : null}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Pass rate</th>
            {matrix.columns.map((column) => (
              <td key={column.key}>{rate(matrix.totals.get(column.key))}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">Cost</th>
            {matrix.columns.map((column) => (
              <td key={column.key}>{money(matrix.totals.get(column.key)?.costUsd ?? null)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">Latency p50 / p95</th>
            {matrix.columns.map((column) => {
              const totals = matrix.totals.get(column.key);
              return (
                <td key={column.key}>
                  {ms(totals?.p50 ?? null)} / {ms(totals?.p95 ?? null)}
                </td>
              );
            })}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Regressions and fixes against the baseline, each a link to its cell. */
function Changes({ matrix }: { matrix: Matrix }) {
  const store = useWorkbenchStore();
  if (matrix.regressions.length === 0 && matrix.fixes.length === 0) return null;
  const list = (label: string, cells: Matrix['regressions']) =>
    cells.length === 0 ? null : (
      <div className={`changes changes--${label === 'Regressions' ? 'regression' : 'fix'}`}>
        <h3 className="changes__title">
          {label} ({cells.length})
        </h3>
        <ul aria-label={label}>
          {cells.map((cell) => {
            const column = `${cell.version ?? 'unsaved'} · ${cell.model}`;
            return (
              <li key={`${cell.case} ${column}`}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => store.getState().selectCell({ case: cell.case, column })}
                >
                  {cell.case} on {column}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    );
  return (
    <div className="changes__row">
      {list('Regressions', matrix.regressions)}
      {list('Fixes', matrix.fixes)}
    </div>
  );
}

/** The Evaluation region. */
export function EvaluationPanel() {
  const store = useWorkbenchStore();
  const actions = store.getState();
  const state = useWorkbench((s) => s.evaluation);
  const id = useWorkbench((s) => s.editor.id);
  const canTest = useWorkbench(canHoldTests);
  const dirty = useWorkbench((s) => isDirty(s.editor));
  const versions = useWorkbench((s) => s.history.versions);
  const caseCount = useWorkbench((s) => (s.tests.id === s.editor.id ? s.tests.saved.length : null));
  const visible = useWorkbench((s) => s.ui.activeTab === 'evaluation');
  useProviders();
  const providers = useWorkbench((s) => s.run.providers);
  const document = useWorkbench((s) => s.editor.document);
  const runModels = useWorkbench((s) => s.run.models);
  const compareModels = useWorkbench((s) => s.run.compare.models);
  // Offered: the prompt's recommendations and the models picked in Run and Side by side.
  const offeredModels = useMemo(
    () => [...new Set([...recommendedModels(document), ...runModels, ...compareModels])],
    [document, runModels, compareModels],
  );
  const chosenModels = state.models.split(/[\s,]+/).filter((name) => name !== '');

  useEffect(() => {
    if (!visible || !id || !canTest) return;
    void store.getState().loadEvaluation(id);
    void store.getState().loadTests(id);
  }, [store, visible, id, canTest]);

  const baselineCells = useMemo(
    () =>
      state.baseline && state.baseline.id !== state.run?.id
        ? state.baseline.cells.filter((cell) => cell.prompt === state.id)
        : null,
    [state.baseline, state.run, state.id],
  );
  const matrix = useMemo(
    () => buildMatrix(state.cells, state.planned, baselineCells),
    [state.cells, state.planned, baselineCells],
  );

  if (!id || !canTest) {
    return (
      <NeedsSavedPrompt
        label="Evaluation"
        className="evaluation"
        promptOpen={id !== null}
        openHint="Open a prompt to evaluate it."
      />
    );
  }

  const running = state.status !== 'idle';
  const opened = state.selected
    ? matrix.cell(state.selected.case, state.selected.column)
    : undefined;
  const isBaseline = state.run !== null && state.baseline?.id === state.run.id;
  const shownRun = state.run?.id ?? '';
  return (
    <section className="pwb-feature evaluation" aria-label="Evaluation">
      <PaneHeader title="Evaluation">
        <Toolbar label="Evaluation actions" className="pane-header__actions">
          <Button
            small
            tone="primary"
            disabled={running || state.id !== id}
            onClick={() => void actions.runMatrix()}
          >
            Run tests
          </Button>
          <Button
            small
            tone="danger"
            disabled={state.status !== 'running'}
            onClick={() => void actions.stopMatrix()}
          >
            Stop
          </Button>
          <Button
            small
            disabled={running || !state.run || isBaseline}
            onClick={() => void actions.markBaseline()}
          >
            Mark as baseline
          </Button>
          <Select
            aria-label="Run"
            disabled={running || state.runs.length === 0}
            value={shownRun}
            options={[
              ...(shownRun === '' ? [{ value: '', label: 'no run shown' }] : []),
              ...state.runs.map((run) => ({ value: run.id, label: runLabel(run, id) })),
            ]}
            onChange={(run) => run && void actions.showRun(run)}
          />
        </Toolbar>
      </PaneHeader>
      <div className="evaluation__body">
        <div className="evaluation__options">
          <fieldset className="evaluation__versions">
            <legend className="field__label">Versions</legend>
            {versions.map((record) => (
              <label key={record.version} className="check-label">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={state.versions.includes(record.version)}
                  disabled={running}
                  onChange={() => actions.toggleMatrixVersion(record.version)}
                />
                {record.version}
              </label>
            ))}
            <label className="check-label">
              <input
                type="checkbox"
                className="checkbox"
                checked={state.unsaved}
                disabled={running || !dirty}
                onChange={(event) => actions.setMatrixUnsaved(event.target.checked)}
              />
              Unsaved changes
            </label>
          </fieldset>
          <div className="field evaluation__models">
            <span className="field__label">Models</span>
            <ModelPicker
              models={chosenModels}
              onChange={(next) => actions.setMatrixModels(next.join(', '))}
              suggestions={offeredModels}
              providers={providers}
              emptyText="The prompt’s own model"
              disabled={running}
            />
          </div>
        </div>
        <p className="hint evaluation__status" role="status">
          {running
            ? `${state.status === 'stopping' ? 'Stopping' : 'Running'}: ${state.cells.length} of ${state.total || '…'} cells`
            : (state.notice ??
              (state.run
                ? `Run ${state.run.id}: ${state.run.summary.passed} passed, ${state.run.summary.failed} failed.`
                : caseCount === 0
                  ? 'No test cases yet: add some in the Tests panel.'
                  : 'No run yet: pick versions and models, then Run tests.'))}{' '}
          {state.baseline
            ? isBaseline
              ? 'This run is the baseline.'
              : `Compared with the baseline run ${state.baseline.id}.`
            : 'No baseline yet.'}
        </p>
        {state.error ? (
          <p className="callout callout--error" role="alert">
            {state.error.message}
          </p>
        ) : null}
        {matrix.rows.length > 0 || matrix.columns.length > 0 ? (
          <>
            <MatrixTable matrix={matrix} />
            <Changes matrix={matrix} />
          </>
        ) : null}
        {opened ? (
          <CellDetail
            cell={opened}
            change={
              state.selected ? matrix.change(state.selected.case, state.selected.column) : null
            }
            before={baselineCellOf(opened, baselineCells)}
            hasBaseline={baselineCells !== null}
          />
        ) : null}
      </div>
    </section>
  );
}
