// One model answer: its text as it streams, then the figures (time to first token, latency,
// tokens, cost, finish reason, cached) and the output checked against the prompt's output schema.
import type { ReactNode } from 'react';
import type { RunResult } from '../../../src-shared/models/runs';
import type { RunAnswer } from '../../state/runSlice';
import { formatCost } from './formatCost';

const ms = (value: number | null): string =>
  value === null
    ? '—'
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${Math.round(value)} ms`;
const count = (value: number | null): string =>
  value === null ? '—' : value.toLocaleString('en-US');

function Figures({ result }: { result: RunResult }) {
  const figures: [string, string][] = [
    ['Time to first token', ms(result.ttft_ms)],
    ['Latency', ms(result.latency_ms)],
    ['Input tokens', count(result.input_tokens)],
    ['Output tokens', count(result.output_tokens)],
    ['Cost', formatCost(result.cost_usd)],
    ['Finish reason', result.finish_reason ?? '—'],
  ];
  return (
    <dl className="answer__figures" aria-label="Figures">
      {figures.map(([name, value]) => (
        <div key={name} className="answer__figure">
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SchemaCheck({ result }: { result: RunResult }) {
  if (result.schema_errors.length === 0) return null;
  return (
    <div className="answer__schema" role="group" aria-label="Output schema errors">
      <strong>Does not match the output schema</strong>
      <ul>
        {result.schema_errors.map((error, index) => (
          <li key={index}>
            <code>{error.path === '' ? '(answer)' : error.path}</code> {error.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function statusText(answer: RunAnswer): string {
  switch (answer.status) {
    case 'running':
      return answer.text === '' ? 'Waiting for the first token…' : 'Streaming…';
    case 'cancelled':
      return 'Stopped';
    case 'error':
      return 'Failed';
    default:
      return answer.result?.cached ? 'Cached' : 'Done';
  }
}

/** Props of an answer: the answer, whether to name its target, and anything to show below. */
export interface AnswerViewProps {
  answer: RunAnswer;
  /** Shows "Unsaved changes" or the version beside the model (side by side). */
  showTarget?: boolean;
  /** Whether this answer is checked against an output schema (shows "Matches the output schema"). */
  hasOutputSchema?: boolean;
  children?: ReactNode;
}

/** An answer as an article named after its model (and target). */
export function AnswerView({ answer, showTarget, hasOutputSchema, children }: AnswerViewProps) {
  const name = showTarget ? `${answer.label} · ${answer.model}` : answer.model;
  const { result } = answer;
  return (
    <article className={`answer answer--${answer.status}`} aria-label={`Answer from ${name}`}>
      <header className="answer__header">
        <span className="answer__model">{name}</span>
        <span className="answer__status" role="status">
          {statusText(answer)}
        </span>
        {result?.cached ? (
          <span className="badge badge--small" title="Answered from the cache: cost nothing">
            cached
          </span>
        ) : null}
      </header>
      {answer.retry ? <p className="run__muted">{answer.retry}</p> : null}
      <pre
        className="answer__text"
        aria-label="Answer text"
        aria-busy={answer.status === 'running'}
        tabIndex={0}
      >
        {answer.text}
      </pre>
      {answer.error ? (
        <p className="inline-error" role="alert">
          {answer.error.message}
        </p>
      ) : null}
      {result ? <Figures result={result} /> : null}
      {result ? <SchemaCheck result={result} /> : null}
      {result && hasOutputSchema && result.schema_errors.length === 0 ? (
        <p className="answer__ok">Matches the output schema</p>
      ) : null}
      {children}
    </article>
  );
}
