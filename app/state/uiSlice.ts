// Page-only state: the open panel tab, the open dialog, the command palette and notifications.
import type { SliceCreator } from './storeTypes';

/** The dialogs of the workbench; at most one is open. */
export type DialogState =
  | { kind: 'save' }
  | { kind: 'new' }
  | { kind: 'import' }
  | { kind: 'export' }
  | { kind: 'delete'; id: string }
  | { kind: 'label'; version: string; label?: string }
  | { kind: 'removeLabel'; label: string; version: string }
  | { kind: 'providers' }
  | { kind: 'library' };

/** A short notice in the corner; errors stay until dismissed. */
export interface Toast {
  id: number;
  tone: 'info' | 'error';
  text: string;
  /** A button in the notice, e.g. Undo after a discard; it dismisses the notice too. */
  action?: ToastAction;
}

/** The one action a notice may offer. */
export interface ToastAction {
  label: string;
  run: () => void;
}

/** The UI slice. */
export interface UiSlice {
  ui: { activeTab: string; dialog: DialogState | null; paletteOpen: boolean; toasts: Toast[] };
  showTab(id: string): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  setPaletteOpen(open: boolean): void;
  notify(text: string, tone?: Toast['tone'], action?: ToastAction): void;
  dismissToast(id: number): void;
}

/** The tab shown first. */
export const DEFAULT_TAB = 'editor';

let nextToastId = 1;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => {
  const patch = (changes: Partial<UiSlice['ui']>): void => set({ ui: { ...get().ui, ...changes } });
  return {
    ui: { activeTab: DEFAULT_TAB, dialog: null, paletteOpen: false, toasts: [] },
    showTab: (id) => patch({ activeTab: id }),
    openDialog: (dialog) => patch({ dialog, paletteOpen: false }),
    closeDialog: () => patch({ dialog: null }),
    setPaletteOpen: (paletteOpen) => patch({ paletteOpen }),
    notify(text, tone = 'info', action) {
      const toast: Toast = { id: nextToastId++, tone, text, ...(action ? { action } : {}) };
      // Keep the last few: a burst of notices must not cover the editor.
      patch({ toasts: [...get().ui.toasts, toast].slice(-4) });
    },
    dismissToast: (id) => patch({ toasts: get().ui.toasts.filter((toast) => toast.id !== id) }),
  };
};
