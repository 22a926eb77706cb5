// The Metrics dashboard: events, error rate and latency over time, and a table per prompt/version.
import { useEffect, useId, useMemo } from 'react';
import { useStore } from 'zustand';
import { Toolbar } from '../../ui/Toolbar';
import { useApi, useWorkbench } from '../../state/useWorkbench';
import { chartColumns } from './chartData';
import { CHART_THEMES } from './chartTheme';
import { formatCount, formatMicros, formatRate } from './formatDuration';
import { metricsStoreFor } from './metricsStore';
import { MetricsTable } from './MetricsTable';
import { TIME_RANGES } from './timeRange';
import type { KindFilter, TimeRange } from './timeRange';
import { TimeChart } from './TimeChart';
import type { ChartSeries } from './TimeChart';
import { useColorScheme } from './useColorScheme';
import '../schemas/featurePanels.css';
import './metrics.css';

const KINDS: readonly { id: KindFilter; label: string; noun: string }[] = [
  { id: 'render', label: 'Renders', noun: 'Renders' },
  { id: 'export', label: 'Exports', noun: 'Exports' },
  { id: 'validate', label: 'Validations', noun: 'Validations' },
  { id: 'all', label: 'All events', noun: 'Events' },
];

/** How often the open dashboard refreshes itself. */
const REFRESH_MS = 15_000;

const ms = (value: number): string => formatMicros(value * 1000);
const percent = (value: number): string => `${Number(value.toFixed(1))} %`;
const whole = (value: number): string => (Number.isInteger(value) ? formatCount(value) : '');
// Axis ticks: three significant digits at most, no trailing zeros ("0.5 ms", "120 ms").
const msTick = (value: number): string => `${Number(value.toPrecision(3))} ms`;
const percentTick = (value: number): string => `${Number(value.toPrecision(3))} %`;

/** The Metrics region. */
export function MetricsPanel() {
  const api = useApi();
  const store = metricsStoreFor(api);
  const state = useStore(store);
  const scheme = useColorScheme();
  const theme = CHART_THEMES[scheme];
  const id = useId();
  // The shell keeps panels mounted once shown: only refresh while this one is on screen.
  const visible = useWorkbench((s) => s.ui.activeTab === 'metrics');

  useEffect(() => {
    if (!visible) return;
    void store.getState().refresh();
    const timer = setInterval(() => void store.getState().refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [store, visible]);

  const { summary, query } = state;
  const columns = useMemo(
    () =>
      summary && query?.from !== undefined && query.to !== undefined && query.bucket
        ? chartColumns(summary.buckets, { from: query.from, to: query.to, bucket: query.bucket })
        : null,
    [summary, query],
  );
  const noun = KINDS.find((kind) => kind.id === state.kind)?.noun ?? 'Events';
  const series = useMemo(() => {
    if (!columns) return null;
    const count: ChartSeries[] = [
      {
        label: noun,
        values: columns.count,
        color: theme.count,
        fill: theme.countFill,
        bars: true,
        format: whole,
      },
    ];
    const errors: ChartSeries[] = [
      { label: 'Error rate', values: columns.errorRate, color: theme.error, format: percent },
    ];
    const latency: ChartSeries[] = [
      { label: 'p50', values: columns.p50, color: theme.p50, format: ms },
      { label: 'p95', values: columns.p95, color: theme.p95, format: ms },
      { label: 'p99', values: columns.p99, color: theme.p99, format: ms },
    ];
    return { count, errors, latency };
  }, [columns, theme, noun]);

  const empty = summary !== null && summary.totals.count === 0;

  return (
    <section className="pwb-feature metrics" aria-label="Metrics">
      <div className="pane-header">
        <h2 className="pane-header__title">Metrics</h2>
        <Toolbar label="Metrics filters" className="pane-header__actions">
          <label className="inline-field" htmlFor={`${id}-range`}>
            Time range
          </label>
          <select
            id={`${id}-range`}
            className="input input--small"
            value={state.rangeId}
            onChange={(event) => state.setRange(event.target.value as TimeRange['id'])}
          >
            {TIME_RANGES.map((range) => (
              <option key={range.id} value={range.id}>
                {range.label}
              </option>
            ))}
          </select>
          <label className="inline-field" htmlFor={`${id}-kind`}>
            Events
          </label>
          <select
            id={`${id}-kind`}
            className="input input--small"
            value={state.kind}
            onChange={(event) => state.setKind(event.target.value as KindFilter)}
          >
            {KINDS.map((kind) => (
              <option key={kind.id} value={kind.id}>
                {kind.label}
              </option>
            ))}
          </select>
          <label className="inline-field" htmlFor={`${id}-prompt`}>
            Prompt
          </label>
          <select
            id={`${id}-prompt`}
            className="input input--small"
            value={state.promptId ?? ''}
            onChange={(event) => state.setPromptId(event.target.value || null)}
          >
            <option value="">All prompts</option>
            {state.promptIds.map((promptId) => (
              <option key={promptId} value={promptId}>
                {promptId}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            onClick={() => void state.refresh()}
          >
            Refresh
          </button>
        </Toolbar>
      </div>

      {state.status === 'error' ? (
        <div className="empty-state" role="alert">
          <p>Could not load metrics: {state.error?.message}</p>
          <button
            type="button"
            className="button button--small"
            onClick={() => void state.refresh()}
          >
            Retry
          </button>
        </div>
      ) : state.status !== 'ready' || !summary ? (
        <p className="hint metrics__loading">Loading metrics…</p>
      ) : empty ? (
        <div className="empty-state">
          <p>
            No {noun.toLowerCase()} in the{' '}
            {TIME_RANGES.find((r) => r.id === state.rangeId)?.label.toLowerCase()}.
          </p>
          <p className="hint">
            Render a prompt in the Preview to see metrics here. Exports and schema validations are
            counted too (pick them under Events), or choose a longer time range.
          </p>
        </div>
      ) : (
        <div className="metrics__body">
          <dl className="metrics__tiles" aria-label="Totals">
            <div className="metrics__tile">
              <dt>{noun}</dt>
              <dd>{formatCount(summary.totals.count)}</dd>
            </div>
            <div className="metrics__tile">
              <dt>Errors</dt>
              <dd className={summary.totals.errors > 0 ? 'metrics__bad' : undefined}>
                {formatCount(summary.totals.errors)}
              </dd>
            </div>
            <div className="metrics__tile">
              <dt>Error rate</dt>
              <dd>{formatRate(summary.totals.error_rate)}</dd>
            </div>
            <div className="metrics__tile">
              <dt>p50</dt>
              <dd>{formatMicros(summary.totals.p50_us)}</dd>
            </div>
            <div className="metrics__tile">
              <dt>p95</dt>
              <dd>{formatMicros(summary.totals.p95_us)}</dd>
            </div>
            <div className="metrics__tile">
              <dt>p99</dt>
              <dd>{formatMicros(summary.totals.p99_us)}</dd>
            </div>
          </dl>
          {columns && series ? (
            <div className="metrics__charts">
              <TimeChart
                key={`count-${scheme}`}
                title={`${noun} over time`}
                x={columns.x}
                series={series.count}
                theme={theme}
                axisFormat={whole}
                minMax={4}
              />
              <TimeChart
                key={`errors-${scheme}`}
                title="Error rate"
                x={columns.x}
                series={series.errors}
                theme={theme}
                axisFormat={percentTick}
                minMax={10}
              />
              <TimeChart
                key={`latency-${scheme}`}
                title="Latency"
                x={columns.x}
                series={series.latency}
                theme={theme}
                axisFormat={msTick}
                minMax={0.1}
              />
            </div>
          ) : null}
          <MetricsTable
            rows={summary.by_prompt}
            sort={state.sort}
            onSort={(column) => state.sortBy(column)}
          />
        </div>
      )}
    </section>
  );
}
