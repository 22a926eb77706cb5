// The library's health as the page knows it: opened read-only, or the last storage fault a call
// met (busy, disk full, damaged), which the banner shows until a write succeeds or it is dismissed.
import type { AppInfo } from '../../src-shared/contract/dto';
import type { FaultCode } from '../api/faults';
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
  /** Asks whether the library was opened read-only. */
  checkLibrary(): Promise<void>;
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
    async reconnect() {
      try {
        // A read that reaches the database (appInfo answers from memory).
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
      try {
        const info = await deps.api.appInfo({});
        patch({ readOnly: info.readOnly === true });
        const { engine, user, role, dbPath } = info;
        set({ connection: { engine, user, role, dbPath } });
      } catch {
        // Not knowing is not a fault: a refused save says read-only soon enough.
      }
    },
  };
};
