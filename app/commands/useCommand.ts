// A command for a button: its enablement as the palette and shortcuts see it, and a run that
// checks it again, so a button never does what its command would refuse.
import { useWorkbench, useWorkbenchStore } from '../state/useWorkbench';
import { runCommand } from './registry';
import { commandById } from './workbenchCommands';
import type { CommandId } from './workbenchCommands';

/** What a button needs of a command. */
export interface CommandHandle {
  enabled: boolean;
  run: () => void;
  /** The shortcuts, for `aria-keyshortcuts` ("Control+S Meta+S"). */
  keyShortcuts: string | undefined;
}

/** ARIA spelling of our bindings: Mod is Control or Meta, whichever the platform uses. */
function ariaKeys(keys: readonly string[]): string | undefined {
  if (keys.length === 0) return undefined;
  return keys
    .flatMap((binding) =>
      binding.includes('Mod+')
        ? [binding.replace('Mod+', 'Control+'), binding.replace('Mod+', 'Meta+')]
        : [binding],
    )
    .join(' ');
}

/** The command `id`, re-rendering the caller when it becomes enabled or disabled. */
export function useCommand(id: CommandId): CommandHandle {
  const store = useWorkbenchStore();
  const command = commandById(id);
  const enabled = useWorkbench(command.enabled);
  return {
    enabled,
    run: () => void runCommand(command, store),
    keyShortcuts: ariaKeys(command.keys),
  };
}
