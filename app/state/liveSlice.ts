// Live updates: changes to the library by anyone (another workbench, `pwb` in a terminal, this
// page) arrive as events; the list, the open prompt's history and its labels follow them.
import type { LibraryChange } from '../../src-shared/contract/events';
import { RECONNECT_MS } from './faultsSlice';
import type { SliceCreator, WorkbenchState } from './storeTypes';

/** How long a burst of changes is gathered before the page reads again, in ms. */
export const LIVE_GATHER_MS = 100;

/** The live slice. */
export interface LiveSlice {
  live: {
    /** True while the page listens to the library's changes. */
    listening: boolean;
    /** The latest change heard, for the status and tests. */
    lastChange: LibraryChange | null;
  };
  /**
   * Listens to the library's changes until the returned function is called. A stream that ends
   * is opened again (every few seconds, or at once by `resumeLiveUpdates`), and what is on
   * screen is read again then, since changes made meanwhile were not heard.
   */
  startLiveUpdates(): Promise<() => void>;
  /** Opens the stream again now if it ended (the library answers again). */
  resumeLiveUpdates(): Promise<void>;
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

/** What a missed stretch of changes means: read everything on screen again. */
const RESYNC: LibraryChange = { kind: 'resync' };

export const createLiveSlice: SliceCreator<LiveSlice> = (set, get, deps) => {
  let gathered: LibraryChange[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** True between startLiveUpdates and its stop. */
  let wanted = false;
  /** Counts opened streams; a stream's callbacks act only while it is the latest. */
  let session = 0;
  let opening = false;
  let stopStream: (() => void) | undefined;
  let reopening: ReturnType<typeof setTimeout> | undefined;

  const setListening = (listening: boolean): void => set({ live: { ...get().live, listening } });

  const flush = (): void => {
    timer = undefined;
    const changes = gathered;
    gathered = [];
    void get().applyLibraryChanges(changes);
  };

  const hear = (change: LibraryChange): void => {
    set({ live: { ...get().live, lastChange: change } });
    gathered.push(change);
    timer ??= setTimeout(flush, deps.delays.live ?? LIVE_GATHER_MS);
  };

  const reopenLater = (): void => {
    if (!wanted || reopening !== undefined) return;
    reopening = setTimeout(() => {
      reopening = undefined;
      void open(true);
    }, deps.delays.reconnect ?? RECONNECT_MS);
  };

  /** Opens the stream; after a gap, what is on screen is read again. */
  const open = async (afterGap: boolean): Promise<void> => {
    const subscribe = deps.api.subscribeLibrary;
    if (!subscribe || !wanted || opening) return;
    opening = true;
    session += 1;
    const mine = session;
    let ended = false;
    const stop = await subscribe(
      ({ change }) => {
        if (mine === session) hear(change);
      },
      () => {
        ended = true;
        if (mine !== session || opening) return;
        stopStream = undefined;
        setListening(false);
        reopenLater();
      },
    ).finally(() => {
      opening = false;
    });
    if (mine !== session || !wanted) {
      stop();
      return;
    }
    if (ended) {
      reopenLater();
      return;
    }
    stopStream = stop;
    setListening(true);
    if (afterGap) hear(RESYNC);
  };

  return {
    live: { listening: false, lastChange: null },

    async startLiveUpdates() {
      if (!deps.api.subscribeLibrary) return () => undefined;
      wanted = true;
      await open(false);
      return () => {
        wanted = false;
        session += 1;
        clearTimeout(timer);
        clearTimeout(reopening);
        timer = undefined;
        reopening = undefined;
        gathered = [];
        stopStream?.();
        stopStream = undefined;
        setListening(false);
      };
    },

    async resumeLiveUpdates() {
      if (!wanted || get().live.listening || opening) return;
      clearTimeout(reopening);
      reopening = undefined;
      await open(true);
    },

    async applyLibraryChanges(changes) {
      const resync = changes.some((change) => change.kind === 'resync');
      const touched = new Set<string>();
      let catalog = resync;
      for (const change of changes) {
        if ('id' in change) touched.add(change.id);
        else catalog = true;
      }
      const open = get().history.id;
      await Promise.all([
        resync || touched.size > 0 ? get().reloadLibrary() : undefined,
        open !== null && (resync || touched.has(open)) ? get().loadHistory(open) : undefined,
        // Schema and partial names serve the editor's completion and the settings' choices.
        catalog ? get().loadCatalog() : undefined,
        // A role granted meanwhile sends no change: after a gap, ask who we are again.
        resync ? get().checkLibrary() : undefined,
      ]);
    },
  };
};
