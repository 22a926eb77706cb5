// Routes keyboard shortcuts to commands, ahead of Monaco (capture phase) so Ctrl+S works anywhere.
import { useEffect } from 'react';
import { useWorkbenchStore } from '../state/useWorkbench';
import { commandsForStroke, runCommand } from './registry';
import type { Command } from './registry';

/** True on Apple platforms, where Mod means Cmd. */
export const IS_MAC = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** Installs the shortcuts of `commands` on the window while mounted. */
export function useShortcuts(commands: readonly Command[]): void {
  const store = useWorkbenchStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.isComposing || event.repeat) return;
      const bound = commandsForStroke(commands, event, IS_MAC);
      if (bound.length === 0) return;
      // Our keys stay ours even when the command cannot run now (no browser "Save page as").
      event.preventDefault();
      // Behind a modal dialog the workbench is inert: its commands wait, and the key goes on to
      // the dialog (Ctrl+Enter submits it).
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      event.stopPropagation();
      for (const command of bound) if (runCommand(command, store)) break;
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [commands, store]);
}
