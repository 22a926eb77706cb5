// The list side of a panel that edits a named collection (partials, schemas): load it, keep a
// sensible item open.
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** The list state such a panel keeps. */
export interface CollectionListState<Item> {
  list: Item[];
  listStatus: 'idle' | 'loading' | 'ready' | 'error';
  listError: UiError | null;
  /** The open item's name. */
  selected: string | null;
  /** True while a new, unsaved item is open. */
  creating: boolean;
}

/** How to reach the panel's state and what to do when the open item has to change. */
export interface CollectionListAccess<Item> {
  get: () => CollectionListState<Item>;
  set: (patch: Partial<CollectionListState<Item>>) => void;
  fetchList: () => Promise<Item[]>;
  /** Opens the named item, or clears the editor when the list is empty (null). */
  open: (name: string | null) => Promise<void> | void;
}

/**
 * Reloads the list. The open item stays open while it exists (or is new); otherwise the first
 * item opens, or none when the list is empty. A list already shown stays up while it reloads.
 */
export async function reloadCollectionList<Item extends { name: string }>(
  access: CollectionListAccess<Item>,
): Promise<void> {
  const { get, set } = access;
  set({ listStatus: get().list.length > 0 ? 'ready' : 'loading', listError: null });
  try {
    const list = await access.fetchList();
    set({ list, listStatus: 'ready' });
    const { selected, creating } = get();
    if (creating || (selected !== null && list.some((item) => item.name === selected))) return;
    await access.open(list[0]?.name ?? null);
  } catch (error) {
    set({ listStatus: 'error', listError: toUiError(error) });
  }
}
