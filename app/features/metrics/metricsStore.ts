// The Metrics panel's state: the chosen range and filters, and the summary the service returns.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { MetricsQuery, MetricsSummary } from '../../../src-shared/contract/dto';
import type { Api } from '../../../src-shared/contract/operations';
import { latestOnly } from '../../state/latestOnly';
import { onePerApi } from '../../state/onePerApi';
import type { UiError } from '../../state/uiError';
import { DEFAULT_SORT, nextSort } from './metricsTable';
import type { MetricsColumn, MetricsSort } from './metricsTable';
import { metricsQueryFor, timeRangeById } from './timeRange';
import type { KindFilter, TimeRange } from './timeRange';

/** The Metrics panel's state and verbs. */
export interface MetricsState {
  rangeId: TimeRange['id'];
  kind: KindFilter;
  /** Narrows charts and table to one prompt; null for every prompt. */
  promptId: string | null;
  sort: MetricsSort;
  status: 'idle' | 'loading' | 'ready' | 'error';
  summary: MetricsSummary | null;
  /** The query the summary answers (the charts need its range). */
  query: MetricsQuery | null;
  /** Every prompt seen in the range, for the prompt filter (kept while one is picked). */
  promptIds: string[];
  error: UiError | null;
  setRange(id: TimeRange['id']): void;
  setKind(kind: KindFilter): void;
  setPromptId(id: string | null): void;
  sortBy(column: MetricsColumn): void;
  refresh(): Promise<void>;
}

/** Creates the Metrics panel's store over the API; `now` is the clock (tests fix it). */
export function createMetricsStore(api: Api, now: () => number = Date.now): StoreApi<MetricsState> {
  const loads = latestOnly();
  return createStore<MetricsState>()((set, get) => ({
    rangeId: 'hour',
    kind: 'render',
    promptId: null,
    sort: DEFAULT_SORT,
    status: 'idle',
    summary: null,
    query: null,
    promptIds: [],
    error: null,
    setRange(rangeId) {
      set({ rangeId });
      void get().refresh();
    },
    setKind(kind) {
      set({ kind });
      void get().refresh();
    },
    setPromptId(promptId) {
      set({ promptId });
      void get().refresh();
    },
    sortBy: (column) => set({ sort: nextSort(get().sort, column) }),
    async refresh() {
      const { rangeId, kind, promptId } = get();
      const query = metricsQueryFor(timeRangeById(rangeId), Math.floor(now()), { kind, promptId });
      set({ status: get().summary ? 'ready' : 'loading', error: null });
      await loads.run(
        () => api.metricsSummary(query),
        (summary) => {
          const seen = summary.by_prompt.flatMap((row) => (row.prompt_id ? [row.prompt_id] : []));
          const promptIds = promptId
            ? [...new Set([...get().promptIds, promptId])].sort()
            : [...new Set(seen)].sort();
          set({ status: 'ready', summary, query, promptIds });
        },
        (error) => set({ status: 'error', error }),
      );
    },
  }));
}

/** The panel's store for this API: one per app, so the chosen range survives switching tabs. */
export const metricsStoreFor = onePerApi(createMetricsStore);
