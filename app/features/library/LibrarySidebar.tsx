// The left sidebar: navigation "Prompt library" with search, filters, the list and its actions.
import { PROMPT_STATUSES } from '../../../src-shared/model/prompt';
import type { PromptStatus } from '../../../src-shared/model/prompt';
import { LIBRARY_SEARCH_ID } from '../../commands/workbenchCommands';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Toolbar } from '../../ui/Toolbar';
import { PromptList } from './PromptList';

function EmptyLibrary({ filtered }: { filtered: boolean }) {
  const store = useWorkbenchStore();
  if (filtered) {
    return (
      <div className="empty-state">
        <p>No prompt matches these filters.</p>
        <button
          type="button"
          className="link-button"
          onClick={() =>
            store.getState().setLibraryFilters({ search: '', tags: '', status: '', category: '' })
          }
        >
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <p>The library is empty.</p>
      <p>
        Create a prompt with “New prompt”, or bring in a folder of YAML prompts with “Import
        folder…”.
      </p>
    </div>
  );
}

/** The library sidebar. */
export function LibrarySidebar() {
  const store = useWorkbenchStore();
  const { filters, total, loading, error, generation } = useWorkbench((state) => state.library);
  const set = store.getState().setLibraryFilters;
  const filtered = Boolean(filters.search || filters.tags || filters.status || filters.category);

  return (
    <nav aria-label="Prompt library" className="sidebar">
      <div className="sidebar__header">
        <div className="sidebar__titlebar">
          <h1 className="sidebar__title">Prompts</h1>
          <button
            type="button"
            className="button button--primary button--small"
            aria-keyshortcuts="Alt+N"
            onClick={() => store.getState().openDialog({ kind: 'new' })}
          >
            New prompt
          </button>
        </div>
        <Toolbar label="Library folders" className="sidebar__actions">
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => store.getState().openDialog({ kind: 'import' })}
          >
            Import folder…
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => store.getState().openDialog({ kind: 'export' })}
          >
            Export folder…
          </button>
        </Toolbar>
      </div>
      <div className="sidebar__search">
        <input
          id={LIBRARY_SEARCH_ID}
          type="search"
          className="input"
          aria-label="Search prompts"
          placeholder="Search prompts"
          value={filters.search}
          onChange={(event) => set({ search: event.target.value })}
        />
      </div>
      <div className="sidebar__filters" role="group" aria-label="Filters">
        <label className="filter">
          <span className="filter__label">Tag</span>
          <input
            className="input input--small"
            placeholder="any"
            value={filters.tags}
            onChange={(event) => set({ tags: event.target.value })}
          />
        </label>
        <label className="filter">
          <span className="filter__label">Status</span>
          <select
            className="input input--small"
            value={filters.status}
            onChange={(event) => set({ status: event.target.value as PromptStatus | '' })}
          >
            <option value="">any</option>
            {PROMPT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter__label">Category</span>
          <input
            className="input input--small"
            placeholder="any"
            value={filters.category}
            onChange={(event) => set({ category: event.target.value })}
          />
        </label>
      </div>
      {error ? (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {total === 0 && !loading && generation > 0 ? (
        <EmptyLibrary filtered={filtered} />
      ) : (
        <PromptList />
      )}
      <div className="sidebar__footer" aria-live="polite">
        {loading ? 'Searching…' : `${total.toLocaleString()} ${total === 1 ? 'prompt' : 'prompts'}`}
      </div>
    </nav>
  );
}
