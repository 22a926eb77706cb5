// A button that runs a command: enabled exactly when the palette and the shortcut would run it.
import { Button } from '../ui/Button';
import type { ButtonProps } from '../ui/Button';
import { useCommand } from './useCommand';
import type { CommandId } from './workbenchCommands';

/** Props of a command button: the command, and the button's look and label. */
export interface CommandButtonProps extends Omit<ButtonProps, 'onClick' | 'disabled'> {
  command: CommandId;
  /** Extra reasons to disable it (the command's enablement always applies). */
  disabled?: boolean;
}

/** A button bound to a command. */
export function CommandButton({ command, disabled, ...props }: CommandButtonProps) {
  const handle = useCommand(command);
  return (
    <Button
      aria-keyshortcuts={handle.keyShortcuts}
      {...props}
      disabled={disabled === true || !handle.enabled}
      onClick={handle.run}
    />
  );
}
