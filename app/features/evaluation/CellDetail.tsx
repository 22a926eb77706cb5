// The cell a person opened: the answer, each assertion with its reason, and the answer of the same
// case and model in the baseline run, word by word.
import type { EvalCell } from '../../../src-shared/evaluation/runs';
import { WordDiff } from '../run/WordDiff';
import type { Change } from './matrix';

function verdict(cell: EvalCell): string {
  return cell.pass ? 'pass' : 'fail';
}

/** Where a cell ran, as its column heading reads. */
export function cellWhere(cell: EvalCell): string {
  return `${cell.version ?? 'unsaved'} · ${cell.model}`;
}

/** Props of the opened cell. */
export interface CellDetailProps {
  cell: EvalCell;
  change: Change;
  /** The baseline's cell for the same case and model, when there is a baseline. */
  before: EvalCell | undefined;
  hasBaseline: boolean;
}

/** The "Cell result" region. */
export function CellDetail({ cell, change, before, hasBaseline }: CellDetailProps) {
  return (
    <section className="cell-detail" aria-label="Cell result">
      <h3 className="cell-detail__title">
        <span className={`verdict verdict--${verdict(cell)}`}>{verdict(cell)}</span>
        {cell.case} <span className="hint">on {cellWhere(cell)}</span>
        {change ? (
          <span className={`change change--${change}`}>
            {change === 'regression' ? 'regression' : 'fixed'}
          </span>
        ) : null}
      </h3>
      {cell.error ? (
        <p className="callout callout--error" role="alert">
          {cell.error}
        </p>
      ) : null}
      <div className="cell-detail__grid">
        <div>
          <h4 className="cell-detail__heading">Answer</h4>
          <pre className="cell-detail__answer" aria-label="Answer">
            {cell.output === '' ? '(no answer)' : cell.output}
          </pre>
          <p className="hint">
            {cell.latency_ms === null ? '' : `${Math.round(cell.latency_ms)} ms`}
            {cell.cost_usd === null ? '' : ` · $${cell.cost_usd.toFixed(6)}`}
            {cell.cached ? ' · from the cache' : ''}
          </p>
        </div>
        <div>
          <h4 className="cell-detail__heading">Assertions</h4>
          {cell.assertions.length === 0 ? (
            <p className="hint">
              {cell.error ? 'Not checked: there is no answer.' : 'This case has no assertions.'}
            </p>
          ) : (
            <ul className="cell-detail__assertions" aria-label="Assertion results">
              {cell.assertions.map((assertion, index) => (
                <li key={index}>
                  <span className={`verdict verdict--${assertion.pass ? 'pass' : 'fail'}`}>
                    {assertion.pass ? 'pass' : 'fail'}
                  </span>
                  <code>{assertion.type}</code> {assertion.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h4 className="cell-detail__heading">Against the baseline</h4>
      {!hasBaseline ? (
        <p className="hint">No baseline yet: mark a run as the baseline to compare with it.</p>
      ) : !before ? (
        <p className="hint">The baseline has no answer for this case and model.</p>
      ) : (
        <>
          <p className="hint">
            Baseline: {verdict(before)} on {cellWhere(before)}.
          </p>
          <WordDiff
            before={before.output}
            after={cell.output}
            beforeLabel="the baseline"
            afterLabel="this answer"
          />
        </>
      )}
    </section>
  );
}
