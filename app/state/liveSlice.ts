// Live updates: changes to the library by anyone (another workbench, `pwb` in a terminal, this
// page) arrive as events; the list, the open prompt's history and its labels follow them.
import type { LibraryChange } from '../../src-shared/contract/events';
import type { SliceCreator, WorkbenchState } from './storeTypes';

/** How long a burst of changes is gathered before the page reads again, in ms. */
export const LIVE_GATHER_MS = 100;

/** The live slice. */
export interface LiveSlice {
  live: {
    /** True once the page listens to the library's changes. */
    listening: boolean;
    /** The latest change heard, for the status and tests. */
    lastChange: LibraryChange | null;
  };
  /** Listens to the library's changes until the returned function is called. */
  startLiveUpdates(): Promise<() => void>;
  /** Reads again what the changes touch: the listed rows, and the open prompt's history. */
  applyLibraryChanges(changes: readonly LibraryChange[]): Promise<void>;
}

/**
 * The version someone saved after the one the open prompt's edits are based on, or null. Read
 * from the history, which follows the library live; quiet while a save of ours is under way or a
 * refused save already says so.
 */
export function newerVersion(state: WorkbenchState): string | null {
  const { editor, history } = state;
  if (editor.status !== 'ready' || editor.id === null || editor.base === null) return null;
  if (editor.saving || editor.conflict !== null || history.id !== editor.id) return null;
  const newest = history.versions[0]?.version;
  return newest !== undefined && newest !== editor.base ? newest : null;
}

export const createLiveSlice: SliceCreator<LiveSlice> = (set, get, deps) => {
  let gathered: LibraryChange[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    timer = undefined;
    const changes = gathered;
    gathered = [];
    void get().applyLibraryChanges(changes);
  };

  return {
    live: { listening: false, lastChange: null },

    async startLiveUpdates() {
      const subscribe = deps.api.subscribeLibrary;
      if (!subscribe) return () => undefined;
      const stop = await subscribe(({ change }) => {
        set({ live: { ...get().live, lastChange: change } });
        gathered.push(change);
        timer ??= setTimeout(flush, deps.delays.live ?? LIVE_GATHER_MS);
      });
      set({ live: { ...get().live, listening: true } });
      return () => {
        clearTimeout(timer);
        timer = undefined;
        gathered = [];
        stop();
        set({ live: { ...get().live, listening: false } });
      };
    },

    async applyLibraryChanges(changes) {
      const touched = new Set<string>();
      let catalog = false;
      for (const change of changes) {
        if ('id' in change) touched.add(change.id);
        else catalog = true;
      }
      const open = get().history.id;
      await Promise.all([
        touched.size > 0 ? get().reloadLibrary() : undefined,
        open !== null && touched.has(open) ? get().loadHistory(open) : undefined,
        // Schema and partial names serve the editor's completion and the settings' choices.
        catalog ? get().loadCatalog() : undefined,
      ]);
    },
  };
};
