// The library's health as the page knows it: opened read-only, or the last storage fault a call
// met (busy, disk full, damaged), which the banner shows until a write succeeds or it is dismissed.
import type { AppInfo } from '../../src-shared/contract/dto';
import type { FaultCode } from '../api/faults';
import type { SliceCreator } from './storeTypes';

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
}

export const createFaultsSlice: SliceCreator<FaultsSlice> = (set, get, deps) => {
  const patch = (changes: Partial<FaultsSlice['libraryHealth']>): void =>
    set({ libraryHealth: { ...get().libraryHealth, ...changes } });
  return {
    libraryHealth: { fault: null, readOnly: false },
    connection: null,
    noteFault(code) {
      if (code === 'read_only') patch({ readOnly: true, fault: null });
      else if (code !== null) patch({ fault: code });
      else if (get().libraryHealth.fault !== 'corrupt') patch({ fault: null });
    },
    dismissFault: () => patch({ fault: null }),
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
