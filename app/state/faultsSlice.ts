// The library's health as the page knows it: opened read-only, or the last storage fault a call
// met (busy, disk full, damaged), which the banner shows until a write succeeds or it is dismissed.
import type { AppInfo } from '../../src-shared/contract/dto';
import type { OperationName } from '../../src-shared/contract/operations';
import type { FaultCode } from '../api/faults';
import { latestOnly } from './latestOnly';
import type { SliceCreator } from './storeTypes';

/** Pause between two attempts to reach a team library that went away (ms). */
export const RECONNECT_MS = 3000;

/** The library the page is connected to, and as whom. */
export type LibraryConnection = Pick<AppInfo, 'engine' | 'user' | 'role' | 'dbPath'>;

/** The faults slice. */
export interface FaultsSlice {
  libraryHealth: { fault: FaultCode | null; readOnly: boolean };
  /** Which library, engine, user and role (null until the server said). */
  connection: LibraryConnection | null;
  /** A call met `code`; null: a write succeeded, so a busy or full library is past. */
  noteFault(code: FaultCode | null): void;
  dismissFault(): void;
  /**
   * Asks the server which library this is, as whom and in which role, and whether it was opened
   * read-only. A role that changed since the last answer is said in a notice, and the labels the
   * library refused under the old role are offered again (the new role decides).
   */
  checkLibrary(): Promise<void>;
  /**
   * The library refused `operation` (`forbidden`): an admin may have changed this user's role
   * since the page asked, so it asks again and the status bar and the role-aware actions follow.
   */
  noteRefusal(operation: OperationName): void;
  /**
   * Asks the team library's server once whether it answers again; when it does, the banner goes
   * and the library list is read afresh. Runs on a timer while the library is unavailable.
   */
  reconnect(): Promise<boolean>;
}

export const createFaultsSlice: SliceCreator<FaultsSlice> = (set, get, deps) => {
  const patch = (changes: Partial<FaultsSlice['libraryHealth']>): void =>
    set({ libraryHealth: { ...get().libraryHealth, ...changes } });
  let retrying: ReturnType<typeof setTimeout> | undefined;
  // Asked at start, after refusals, on focus and after a gap in live updates: the newest answers.
  const asking = latestOnly();
  /** Asks again after a pause, until the server answers. */
  const retryLater = (): void => {
    if (retrying !== undefined) return;
    retrying = setTimeout(() => {
      retrying = undefined;
      void get()
        .reconnect()
        .then((back) => {
          if (!back) retryLater();
        });
    }, deps.delays.reconnect ?? RECONNECT_MS);
  };
  return {
    libraryHealth: { fault: null, readOnly: false },
    connection: null,
    noteFault(code) {
      if (code === 'unavailable') retryLater();
      if (code === 'read_only') patch({ readOnly: true, fault: null });
      else if (code !== null) patch({ fault: code });
      // A write that landed clears a busy or full library; a damaged one stays, and a team
      // library that went away is cleared by reconnect (unsaved changes are written locally).
      else if (!['corrupt', 'unavailable'].includes(get().libraryHealth.fault ?? '')) {
        patch({ fault: null });
      }
    },
    dismissFault: () => patch({ fault: null }),
    noteRefusal(operation) {
      // appInfo itself refused (a login left with no role at all): asking again would loop.
      if (operation !== 'appInfo') void get().checkLibrary();
    },
    async reconnect() {
      try {
        // A read of the library itself (appInfo may answer without one).
        await deps.api.listPrompts({ limit: 1, offset: 0 });
      } catch {
        return false;
      }
      if (get().libraryHealth.fault === 'unavailable') patch({ fault: null });
      // The list and the preview are read again from the library that is back, and live
      // updates resume if their stream ended meanwhile.
      if (get().editor.document !== null) void get().renderNow();
      await Promise.all([get().refreshLibrary(), get().resumeLiveUpdates()]);
      return true;
    },
    async checkLibrary() {
      // Not knowing is not a fault: a refused save says read-only soon enough.
      await asking.run(
        () => deps.api.appInfo({}),
        (info) => {
          patch({ readOnly: info.readOnly === true });
          const { engine, user, role, dbPath } = info;
          const before = get().connection;
          set({ connection: { engine, user, role, dbPath } });
          if (before === null || before.role === role || before.dbPath !== dbPath) return;
          set({ refusedLabels: [] });
          get().notify(`Your role in this library is now ${role}`);
        },
        () => undefined,
      );
    },
  };
};
