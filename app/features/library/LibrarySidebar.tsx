// The left sidebar: navigation "Prompt library" with search, filters, the list and its actions.
import type { ReactNode } from 'react';
import { PROMPT_STATUSES } from '../../../src-shared/model/prompt';
import type { PromptStatus } from '../../../src-shared/model/prompt';
import { CommandButton } from '../../commands/CommandButton';
import { LIBRARY_SEARCH_ID } from '../../commands/workbenchCommands';
import { newPromptsMatching } from '../../state/librarySlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Select, optionsOf } from '../../ui/Select';
import { Toolbar } from '../../ui/Toolbar';
import { PromptList } from './PromptList';

const FOLDER_ACTIONS = [
  ['library.import', 'Import folder…'],
  ['library.export', 'Export folder…'],
] as const;

const STATUS_OPTIONS = [{ value: '', label: 'any' }, ...optionsOf(PROMPT_STATUSES)];

/** One library filter: a small label beside its control. */
function Filter({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="filter">
      <span className="filter__label">{label}</span>
      {children}
    </label>
  );
}

/** A free-text library filter; empty matches any. */
function TextFilter(props: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <Filter label={props.label}>
      <input
        className="input input--small"
        placeholder="any"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </Filter>
  );
}

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
  const { filters, total, loading, error, generation, drafts } = useWorkbench(
    (state) => state.library,
  );
  const set = store.getState().setLibraryFilters;
  const fresh = newPromptsMatching(drafts, filters).length;
  const filtered = Boolean(filters.search || filters.tags || filters.status || filters.category);

  return (
    <nav aria-label="Prompt library" className="sidebar">
      <div className="sidebar__header">
        <div className="sidebar__titlebar">
          <h1 className="sidebar__title">Prompts</h1>
          <CommandButton command="prompt.new" small tone="primary">
            New prompt
          </CommandButton>
        </div>
        <Toolbar label="Library folders" className="sidebar__actions">
          {FOLDER_ACTIONS.map(([command, title]) => (
            <CommandButton key={command} command={command} small tone="quiet">
              {title}
            </CommandButton>
          ))}
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
        <TextFilter label="Tag" value={filters.tags} onChange={(tags) => set({ tags })} />
        <Filter label="Status">
          <Select
            value={filters.status}
            options={STATUS_OPTIONS}
            onChange={(status) => set({ status: status as PromptStatus | '' })}
          />
        </Filter>
        <TextFilter
          label="Category"
          value={filters.category}
          onChange={(category) => set({ category })}
        />
      </div>
      {error ? (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {total === 0 && fresh === 0 && !loading && generation > 0 ? (
        <EmptyLibrary filtered={filtered} />
      ) : (
        <PromptList />
      )}
      <div className="sidebar__footer" aria-live="polite">
        {loading ? 'Searching…' : `${total.toLocaleString()} ${total === 1 ? 'prompt' : 'prompts'}`}
        {!loading && fresh > 0 ? ` · ${fresh} new, not saved` : ''}
      </div>
    </nav>
  );
}
