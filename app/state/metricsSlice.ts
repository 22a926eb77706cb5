// The Metrics panel's state: the chosen range and filters, and the summary the service returns.
import type { MetricsQuery, MetricsSummary } from '../../src-shared/contract/dto';
import { DEFAULT_SORT, nextSort } from '../features/metrics/metricsTable';
import type { MetricsColumn, MetricsSort } from '../features/metrics/metricsTable';
import { metricsQueryFor, timeRangeById } from '../features/metrics/timeRange';
import type { KindFilter, TimeRange } from '../features/metrics/timeRange';
import type { ModelCallsSummary } from '../../src-shared/models/modelCalls';
import { latestOnly } from './latestOnly';
import type { SliceCreator } from './storeTypes';
import type { UiError } from './uiError';

/** What the Metrics panel shows. */
export interface MetricsData {
  rangeId: TimeRange['id'];
  kind: KindFilter;
  /** Counts the editor's live previews too (off: real usage only). */
  previews: boolean;
  /** Narrows charts and table to one prompt; null for every prompt. */
  promptId: string | null;
  sort: MetricsSort;
  status: 'idle' | 'loading' | 'ready' | 'error';
  summary: MetricsSummary | null;
  /** The query the summary answers (the charts need its range). */
  query: MetricsQuery | null;
  /** Model calls by prompt, version and model (when the dashboard shows model calls). */
  modelCalls: ModelCallsSummary | null;
  /** Every prompt seen in the range, for the prompt filter (kept while one is picked). */
  promptIds: string[];
  error: UiError | null;
}

/** The metrics slice. */
export interface MetricsSlice {
  metrics: MetricsData;
  setMetricsRange(id: TimeRange['id']): void;
  setMetricsKind(kind: KindFilter): void;
  setMetricsPreviews(previews: boolean): void;
  setMetricsPrompt(id: string | null): void;
  sortMetricsBy(column: MetricsColumn): void;
  refreshMetrics(): Promise<void>;
}

export const createMetricsSlice: SliceCreator<MetricsSlice> = (set, get, { api, now }) => {
  const loads = latestOnly();
  const patch = (changes: Partial<MetricsData>): void =>
    set({ metrics: { ...get().metrics, ...changes } });
  const refilter = (changes: Partial<MetricsData>): void => {
    patch(changes);
    void get().refreshMetrics();
  };
  return {
    metrics: {
      rangeId: 'hour',
      kind: 'render',
      previews: false,
      promptId: null,
      sort: DEFAULT_SORT,
      status: 'idle',
      summary: null,
      query: null,
      promptIds: [],
      error: null,
      modelCalls: null,
    },
    setMetricsRange: (rangeId) => refilter({ rangeId }),
    setMetricsKind: (kind) => refilter({ kind }),
    setMetricsPreviews: (previews) => refilter({ previews }),
    setMetricsPrompt: (promptId) => refilter({ promptId }),
    sortMetricsBy: (column) => patch({ sort: nextSort(get().metrics.sort, column) }),
    async refreshMetrics() {
      const { rangeId, kind, previews, promptId, summary } = get().metrics;
      const query = metricsQueryFor(timeRangeById(rangeId), now().getTime(), {
        kind,
        promptId,
        previews,
      });
      patch({ status: summary ? 'ready' : 'loading', error: null });
      const calls =
        kind === 'model'
          ? {
              ...(query.from !== undefined ? { from: query.from } : {}),
              ...(query.to !== undefined ? { to: query.to } : {}),
              ...(promptId ? { prompt_id: promptId } : {}),
            }
          : null;
      await loads.run(
        () =>
          Promise.all([
            api.metricsSummary(query),
            calls ? api.modelCallsSummary(calls) : Promise.resolve(null),
          ]),
        ([answer, modelCalls]) => {
          const seen = answer.by_prompt.flatMap((row) => (row.prompt_id ? [row.prompt_id] : []));
          const promptIds = promptId
            ? [...new Set([...get().metrics.promptIds, promptId])].sort()
            : [...new Set(seen)].sort();
          patch({ status: 'ready', summary: answer, query, promptIds, modelCalls });
        },
        (error) => patch({ status: 'error', error }),
      );
    },
  };
};
