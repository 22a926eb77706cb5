// The Metrics dashboard: events, error rate and latency over time, and a table per prompt/version.
import { useEffect, useId, useMemo } from 'react';
import type { MetricsSummary } from '../../../src-shared/contract/dto';
import { Button } from '../../ui/Button';
import { EmptyState, LoadFailure } from '../../ui/EmptyState';
import { PaneHeader } from '../../ui/PaneHeader';
import { Select, optionsOf } from '../../ui/Select';
import { Toolbar } from '../../ui/Toolbar';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { chartColumns } from './chartData';
import { CHART_THEMES } from './chartTheme';
import { formatCount, formatMicros, formatRate } from './formatDuration';
import type { ModelCallsSummary } from '../../../src-shared/models/modelCalls';
import { formatCost } from '../run/formatCost';
import { MetricsTable } from './MetricsTable';
import { ModelCallsTable } from './ModelCallsTable';
import { TIME_RANGES } from './timeRange';
import type { KindFilter, TimeRange } from './timeRange';
import { TimeChart } from './TimeChart';
import type { ChartSeries } from './TimeChart';
import { useColorScheme } from './useColorScheme';
import './metrics.css';

const KINDS: readonly { id: KindFilter; label: string; noun: string }[] = [
  { id: 'render', label: 'Renders', noun: 'Renders' },
  { id: 'export', label: 'Exports', noun: 'Exports' },
  { id: 'validate', label: 'Validations', noun: 'Validations' },
  { id: 'model', label: 'Model calls', noun: 'Model calls' },
  { id: 'all', label: 'All events', noun: 'Events' },
];

const KIND_OPTIONS = KINDS.map((kind) => ({ value: kind.id, label: kind.label }));
const RANGE_OPTIONS = TIME_RANGES.map((range) => ({ value: range.id, label: range.label }));

const EMPTY_HINT =
  'Renders by pwb render and the API, exports and schema validations are counted here (pick ' +
  'them under Events). The editor’s own previews count only with “Include editor previews”.';

const MODEL_HINT = 'Run a prompt in the Run panel (or with pwb run) to see its model calls here.';

/** How often the open dashboard refreshes itself. */
const REFRESH_MS = 15_000;

const ms = (value: number): string => formatMicros(value * 1000);
const percent = (value: number): string => `${Number(value.toFixed(1))} %`;
const whole = (value: number): string => (Number.isInteger(value) ? formatCount(value) : '');
// Axis ticks: three significant digits at most, no trailing zeros ("0.5 ms", "120 ms").
const msTick = (value: number): string => `${Number(value.toPrecision(3))} ms`;
const percentTick = (value: number): string => `${Number(value.toPrecision(3))} %`;

/** The headline figures, one tile each; errors are marked bad when there are any. */
function totalTiles(totals: MetricsSummary['totals'], noun: string) {
  return [
    { label: noun, value: formatCount(totals.count) },
    { label: 'Errors', value: formatCount(totals.errors), bad: totals.errors > 0 },
    { label: 'Error rate', value: formatRate(totals.error_rate) },
    { label: 'p50', value: formatMicros(totals.p50_us) },
    { label: 'p95', value: formatMicros(totals.p95_us) },
    { label: 'p99', value: formatMicros(totals.p99_us) },
  ];
}

/** The Model calls view's headline figures. */
function modelCallTiles(totals: ModelCallsSummary['totals']) {
  const msOrDash = (value: number | null): string =>
    value === null ? '—' : formatMicros(value * 1000);
  return [
    { label: 'Model calls', value: formatCount(totals.calls) },
    { label: 'Error rate', value: formatRate(totals.error_rate), bad: totals.errors > 0 },
    { label: 'Latency p50', value: msOrDash(totals.latency_p50_ms) },
    { label: 'Latency p95', value: msOrDash(totals.latency_p95_ms) },
    { label: 'TTFT p50', value: msOrDash(totals.ttft_p50_ms) },
    { label: 'TTFT p95', value: msOrDash(totals.ttft_p95_ms) },
    {
      label: 'Tokens in / out',
      value: `${formatCount(totals.input_tokens)} / ${formatCount(totals.output_tokens)}`,
    },
    { label: 'Cost', value: formatCost(totals.cost_usd) },
  ];
}

/** The Metrics region. */
export function MetricsPanel() {
  const store = useWorkbenchStore();
  const state = useWorkbench((s) => s.metrics);
  const actions = store.getState();
  const scheme = useColorScheme();
  const theme = CHART_THEMES[scheme];
  const id = useId();
  // The shell keeps panels mounted once shown: only refresh while this one is on screen.
  const visible = useWorkbench((s) => s.ui.activeTab === 'metrics');

  useEffect(() => {
    if (!visible) return;
    void store.getState().refreshMetrics();
    const timer = setInterval(() => void store.getState().refreshMetrics(), REFRESH_MS);
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
  // The three charts: what they plot, how their axis reads, and the least range it spans.
  const charts = useMemo(() => {
    if (!columns) return [];
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
    return [
      { key: 'count', title: `${noun} over time`, series: count, axis: whole, minMax: 4 },
      {
        key: 'errors',
        title: 'Error rate',
        series: errors,
        axis: percentTick,
        minMax: 10,
        maxMax: 100,
      },
      { key: 'latency', title: 'Latency', series: latency, axis: msTick, minMax: 0.1 },
    ];
  }, [columns, theme, noun]);

  const empty = summary !== null && summary.totals.count === 0;

  return (
    <section className="pwb-feature metrics" aria-label="Metrics">
      <PaneHeader title="Metrics">
        <Toolbar label="Metrics filters" className="pane-header__actions">
          <label className="inline-field" htmlFor={`${id}-range`}>
            Time range
          </label>
          <Select
            id={`${id}-range`}
            value={state.rangeId}
            options={RANGE_OPTIONS}
            onChange={(value) => actions.setMetricsRange(value as TimeRange['id'])}
          />
          <label className="inline-field" htmlFor={`${id}-kind`}>
            Events
          </label>
          <Select
            id={`${id}-kind`}
            value={state.kind}
            options={KIND_OPTIONS}
            onChange={(value) => actions.setMetricsKind(value as KindFilter)}
          />
          <label className="inline-field" htmlFor={`${id}-prompt`}>
            Prompt
          </label>
          <Select
            id={`${id}-prompt`}
            value={state.promptId ?? ''}
            options={[{ value: '', label: 'All prompts' }, ...optionsOf(state.promptIds)]}
            onChange={(value) => actions.setMetricsPrompt(value || null)}
          />
          <label className="inline-field inline-field--check">
            <input
              type="checkbox"
              checked={state.previews}
              onChange={(event) => actions.setMetricsPreviews(event.target.checked)}
            />
            Include editor previews
          </label>
          <Button small onClick={() => void actions.refreshMetrics()}>
            Refresh
          </Button>
        </Toolbar>
      </PaneHeader>

      {state.status === 'error' ? (
        <LoadFailure
          what="metrics"
          error={state.error}
          onRetry={() => void actions.refreshMetrics()}
        />
      ) : state.status !== 'ready' || !summary ? (
        <p className="hint metrics__loading">Loading metrics…</p>
      ) : empty ? (
        <EmptyState hint={state.kind === 'model' ? MODEL_HINT : EMPTY_HINT}>
          No {noun.toLowerCase()} in the{' '}
          {TIME_RANGES.find((r) => r.id === state.rangeId)?.label.toLowerCase()}.
        </EmptyState>
      ) : (
        <div className="metrics__body">
          <dl className="metrics__tiles" aria-label="Totals">
            {(state.modelCalls && state.kind === 'model'
              ? modelCallTiles(state.modelCalls.totals)
              : totalTiles(summary.totals, noun)
            ).map((tile) => (
              <div key={tile.label} className="metrics__tile">
                <dt>{tile.label}</dt>
                <dd className={tile.bad ? 'metrics__bad' : undefined}>{tile.value}</dd>
              </div>
            ))}
          </dl>
          {summary.approximate ? (
            <p className="hint metrics__approximate">
              Approximate percentiles: this range holds too many events to rank them all, so p50,
              p95 and p99 come from latency histograms (within 1 %). Counts, errors and averages are
              exact.
            </p>
          ) : null}
          {columns ? (
            <div className="metrics__charts">
              {charts.map((chart) => (
                <TimeChart
                  key={`${chart.key}-${scheme}`}
                  title={chart.title}
                  x={columns.x}
                  slot={columns.slot}
                  series={chart.series}
                  theme={theme}
                  axisFormat={chart.axis}
                  minMax={chart.minMax}
                  maxMax={chart.maxMax}
                />
              ))}
            </div>
          ) : null}
          {state.modelCalls && state.kind === 'model' ? (
            <ModelCallsTable rows={state.modelCalls.rows} />
          ) : (
            <MetricsTable
              rows={summary.by_prompt}
              sort={state.sort}
              onSort={(column) => actions.sortMetricsBy(column)}
            />
          )}
        </div>
      )}
    </section>
  );
}
