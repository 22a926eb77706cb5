// The layout of a panel that edits a collection (partials, schemas): a list on the side with its
// load states and a New button, the open item beside it.
import type { ReactNode } from 'react';
import { Button } from './Button';
import { EmptyState, LoadFailure } from './EmptyState';

/** Props of a collection panel. */
export interface CollectionPanelProps {
  /** The region's accessible name and the list's heading ("Partials"). */
  label: string;
  className: string;
  /** The item's noun, singular and plural ("partial", "partials"). */
  noun: { one: string; many: string };
  onNew: () => void;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: { message: string } | null;
  onRetry: () => void;
  /** True when there is nothing to list (and nothing being created). */
  empty: boolean;
  /** What an empty collection is for and how to start one. */
  emptyHint: ReactNode;
  /** The list, shown once loaded and not empty. */
  list: ReactNode;
  /** The open item's view, or null when none is open. */
  item: ReactNode;
  /** Said when items exist but none is open. */
  pickHint: string;
  /** Dialogs of the panel. */
  children?: ReactNode;
}

/** A feature region: the collection's list beside its open item. */
export function CollectionPanel(props: CollectionPanelProps) {
  const { noun, status } = props;
  return (
    <section className={`pwb-feature feature-panel ${props.className}`} aria-label={props.label}>
      <aside className="feature-panel__side">
        <div className="pane-header">
          <h2 className="pane-header__title">{props.label}</h2>
          <Button small onClick={props.onNew}>
            New {noun.one}
          </Button>
        </div>
        {status === 'error' ? (
          <LoadFailure what={`the ${noun.many}`} error={props.error} onRetry={props.onRetry} />
        ) : status !== 'ready' ? (
          <p className="hint side-loading">Loading {noun.many}…</p>
        ) : props.empty ? (
          <EmptyState hint={props.emptyHint}>No {noun.many} yet.</EmptyState>
        ) : (
          props.list
        )}
      </aside>
      <div className="feature-panel__main">
        {props.item ??
          (status === 'ready' && !props.empty ? <EmptyState>{props.pickHint}</EmptyState> : null)}
      </div>
      {props.children}
    </section>
  );
}
