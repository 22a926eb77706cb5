// The prompt library: filters, a paged list that loads only what is on screen, import and export
// with their progress.
import type {
  DraftSummary,
  FolderListing,
  ImportReport,
  PromptQuery,
  PromptSummary,
} from '../../src-shared/contract/dto';
import type { ExportFormat } from '../../src-shared/formats/exportFormats';
import { isJobId } from '../../src-shared/contract/events';
import type { ProgressStep } from '../../src-shared/contract/events';
import type { LabelsByPrompt } from '../../src-shared/model/labels';
import type { PromptStatus } from '../../src-shared/model/prompt';
import { debounce } from './debounce';
import { latestOnly } from './latestOnly';
import type { LatestOnly } from './latestOnly';
import type { SliceCreator } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** Rows fetched per request; the list asks for pages as they scroll into view. */
export const LIBRARY_PAGE_SIZE = 200;

/** How long a finished folder operation waits for its last progress event, in ms. */
const SETTLE_MS = 250;

/** The library filters as the sidebar edits them. */
export interface LibraryFilters {
  search: string;
  /** Comma-separated tags; a prompt must carry all of them. */
  tags: string;
  status: PromptStatus | '';
  category: string;
}

/** A running or finished import/export of a folder. */
export type FolderOperation =
  | {
      kind: 'import' | 'export';
      status: 'running';
      path: string;
      /** The id its progress events carry, when the transport delivers them. */
      job?: string;
      /** The latest progress event; null until the first arrives. */
      progress: ProgressStep | null;
    }
  | { kind: 'import'; status: 'done'; path: string; report: ImportReport }
  | { kind: 'export'; status: 'done'; path: string; files: number }
  | { kind: 'import' | 'export'; status: 'error'; path: string; error: UiError };

/** The library's data. */
export interface LibraryState {
  filters: LibraryFilters;
  /** Rows by list index; pages not yet loaded are absent. */
  rows: Readonly<Record<number, PromptSummary>>;
  total: number;
  /** Bumped on every new query; answers of older queries are dropped. */
  generation: number;
  loading: boolean;
  error: UiError | null;
  operation: FolderOperation | null;
  /** Kept drafts: new prompts (listed above the saved ones) and unsaved changes (marked). */
  drafts: DraftSummary[];
  /** Labels of the listed prompts (id → label → version), read once per page of rows. */
  labels: LabelsByPrompt;
}

/** The library slice. */
export interface LibrarySlice {
  library: LibraryState;
  setLibraryFilters(patch: Partial<LibraryFilters>): void;
  refreshLibrary(): Promise<void>;
  /**
   * Reads the pages already shown again (after a change by anyone), keeping the query, the
   * scroll position and the rows until their new values arrive.
   */
  reloadLibrary(): Promise<void>;
  /** Reloads the list of kept drafts (after one is first kept or forgotten). */
  refreshDrafts(): Promise<void>;
  ensureLibraryRange(first: number, last: number): void;
  deletePrompt(id: string): Promise<boolean>;
  importFolder(path: string, allowSecrets?: boolean): Promise<void>;
  /** Writes the library into a folder, in the seed layout or another tool's format. */
  exportFolder(path: string, format?: ExportFormat): Promise<void>;
  clearFolderOperation(): void;
  /** The folders inside `path` on the serving machine (default: where relative paths start). */
  browseFolders(path?: string): Promise<FolderListing>;
}

/** The new prompts (never saved) that match the filters, as the list shows them first. */
export function newPromptsMatching(
  drafts: DraftSummary[],
  filters: LibraryFilters,
): DraftSummary[] {
  const query = queryOf(filters);
  const search = query.search?.toLowerCase();
  return drafts.filter(
    (draft) =>
      draft.base_version === null &&
      (!search || draft.prompt_id.toLowerCase().includes(search)) &&
      (query.tags ?? []).every((tag) => draft.tags.some((own) => own.toLowerCase() === tag)) &&
      (!query.status || draft.status === query.status) &&
      (!query.category || draft.category === query.category),
  );
}

/** The API query for a set of filters. */
export function queryOf(filters: LibraryFilters): PromptQuery {
  const query: PromptQuery = {};
  const search = filters.search.trim();
  if (search) query.search = search;
  const tags = filters.tags
    .split(',')
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
  if (tags.length > 0) query.tags = tags;
  if (filters.status) query.status = filters.status;
  const category = filters.category.trim();
  if (category) query.category = category;
  return query;
}

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get, deps) => {
  const { api } = deps;
  // Pages loaded or in flight for the current generation; kept out of state (never rendered).
  let requested = new Set<number>();
  const patch = (changes: Partial<LibraryState>): void =>
    set({ library: { ...get().library, ...changes } });

  /** The labels of a page's prompts in one read; none (not an error) where the API has none. */
  const labelsOf = async (items: PromptSummary[]): Promise<LabelsByPrompt> => {
    if (items.length === 0) return {};
    try {
      return await api.listLabelsFor({ ids: items.map((item) => item.id) });
    } catch {
      return {};
    }
  };

  // Reads of one page may overlap (a live change, then another, while the first is in flight);
  // their answers can come back in any order, and an older one must not overwrite a newer one.
  const pageReads = new Map<number, LatestOnly>();
  const readsOf = (page: number): LatestOnly => {
    let reads = pageReads.get(page);
    if (reads === undefined) {
      reads = latestOnly();
      pageReads.set(page, reads);
    }
    return reads;
  };
  /** The generation whose first page replaced every row (a reload keeps rows only after it). */
  let replacedFor = -1;

  /** Loads one page of rows; `keep` leaves the other pages' rows (a reload, not a new query). */
  const loadPage = async (page: number, generation: number, keep = false): Promise<void> => {
    requested.add(page);
    await readsOf(page).run(
      async () => {
        const answer = await api.listPrompts({
          ...queryOf(get().library.filters),
          limit: LIBRARY_PAGE_SIZE,
          offset: page * LIBRARY_PAGE_SIZE,
        });
        return { answer, labels: await labelsOf(answer.items) };
      },
      ({ answer, labels }) => {
        if (get().library.generation !== generation) return;
        // The first page of a new query replaces everything; later pages add to it. A reload
        // that overtook the new query's first read replaces everything in its stead.
        const fresh = page === 0 && (!keep || replacedFor !== generation);
        if (fresh) replacedFor = generation;
        const rows: Record<number, PromptSummary> = fresh ? {} : { ...get().library.rows };
        const known: LabelsByPrompt = fresh ? {} : { ...get().library.labels };
        answer.items.forEach((item, index) => {
          rows[page * LIBRARY_PAGE_SIZE + index] = item;
          const own = labels[item.id];
          if (own) known[item.id] = own;
          else delete known[item.id];
        });
        patch({ rows, labels: known, total: answer.total, loading: false, error: null });
      },
      (error) => {
        if (get().library.generation !== generation) return;
        requested.delete(page);
        patch({ loading: false, error });
      },
    );
  };

  const refreshDrafts = async (): Promise<void> => {
    try {
      patch({ drafts: await api.listDrafts({}) });
    } catch {
      // The saved prompts still list; the drafts stay as last read.
    }
  };

  const refresh = async (): Promise<void> => {
    const generation = get().library.generation + 1;
    requested = new Set();
    patch({ generation, loading: true });
    await Promise.all([loadPage(0, generation), refreshDrafts()]);
  };
  const searchLater = debounce(() => void refresh(), deps.delays.search);

  /**
   * Marks a folder operation as running and, where the API carries progress, listens for the
   * events of its job before the call starts (so none is missed). Returns what to add to the
   * request, a wait for the job's last event, and how to stop listening.
   */
  const followProgress = async (kind: 'import' | 'export', path: string) => {
    const uid = deps.newUid();
    const job = api.subscribeProgress && isJobId(uid) ? uid : undefined;
    patch({
      operation: { kind, status: 'running', path, progress: null, ...(job ? { job } : {}) },
    });
    if (!job || !api.subscribeProgress) {
      return { request: {}, settle: () => Promise.resolve(), stop: () => undefined };
    }
    let ended = (): void => undefined;
    const last = new Promise<void>((resolve) => (ended = resolve));
    const stop = await api.subscribeProgress((event) => {
      const operation = get().library.operation;
      if (event.job !== job || operation?.status !== 'running' || operation.job !== job) return;
      const { stage, done, total } = event;
      patch({ operation: { ...operation, progress: { stage, done, total } } });
      if (stage === 'writing' && done >= total) ended();
    });
    // Over HTTP the events travel on another connection than the answer and may come just
    // after it: wait briefly for the last one, so the bar ends full before the report shows.
    const settle = (): Promise<void> =>
      Promise.race([last, new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS))]);
    return { request: { job }, settle, stop };
  };

  return {
    library: {
      filters: { search: '', tags: '', status: '', category: '' },
      rows: {},
      total: 0,
      generation: 0,
      loading: false,
      error: null,
      operation: null,
      drafts: [],
      labels: {},
    },
    setLibraryFilters(changes) {
      patch({ filters: { ...get().library.filters, ...changes } });
      searchLater.schedule();
    },
    refreshLibrary: () => {
      searchLater.cancel();
      return refresh();
    },
    async reloadLibrary() {
      const { generation } = get().library;
      // A page whose read failed (the library was away) is not requested any more: read the
      // first one again at least.
      const pages = requested.size > 0 ? [...requested] : [0];
      await Promise.all([
        ...pages.map((page) => loadPage(page, generation, true)),
        refreshDrafts(),
      ]);
    },
    refreshDrafts,
    ensureLibraryRange(first, last) {
      const { total, generation } = get().library;
      if (total === 0) return;
      const end = Math.min(last, total - 1);
      for (
        let page = Math.floor(Math.max(first, 0) / LIBRARY_PAGE_SIZE);
        page <= Math.floor(end / LIBRARY_PAGE_SIZE);
        page++
      ) {
        if (!requested.has(page)) void loadPage(page, generation);
      }
    },
    async deletePrompt(id) {
      try {
        await api.deletePrompt({ id });
      } catch (error) {
        get().notify(`Could not delete ${id}: ${toUiError(error).message}`, 'error');
        return false;
      }
      if (get().editor.id === id) get().closePrompt();
      get().notify(`Deleted ${id}`);
      await refresh();
      return true;
    },
    async importFolder(path, allowSecrets = false) {
      const job = await followProgress('import', path);
      try {
        const report = await api.importFolder({
          paths: [path],
          ...(allowSecrets ? { allowSecrets: true } : {}),
          ...job.request,
        });
        await job.settle();
        patch({ operation: { kind: 'import', status: 'done', path, report } });
        await Promise.all([refresh(), get().loadCatalog()]);
      } catch (error) {
        patch({ operation: { kind: 'import', status: 'error', path, error: toUiError(error) } });
      } finally {
        job.stop();
      }
    },
    async exportFolder(path, format = 'seed') {
      const job = await followProgress('export', path);
      try {
        const request = format === 'seed' ? { path } : { path, format };
        const { files } = await api.exportFolder({ ...request, ...job.request });
        await job.settle();
        patch({ operation: { kind: 'export', status: 'done', path, files } });
      } catch (error) {
        patch({ operation: { kind: 'export', status: 'error', path, error: toUiError(error) } });
      } finally {
        job.stop();
      }
    },
    clearFolderOperation: () => patch({ operation: null }),
    browseFolders: (path) => api.listFolders(path === undefined ? {} : { path }),
  };
};
