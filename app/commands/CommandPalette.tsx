// The command palette (Ctrl/Cmd+K, Ctrl/Cmd+Shift+P): a filtered list of commands to run.
import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { Dialog } from '../ui/Dialog';
import { useWorkbench, useWorkbenchStore } from '../state/useWorkbench';
import { filterCommands, formatBinding, runCommand } from './registry';
import type { Command } from './registry';
import { IS_MAC } from './useShortcuts';

/** The palette dialog; lists enabled commands matching what is typed. */
export function CommandPalette({ commands }: { commands: readonly Command[] }) {
  const open = useWorkbench((state) => state.ui.paletteOpen);
  return open ? <PaletteDialog commands={commands} /> : null;
}

function PaletteDialog({ commands }: { commands: readonly Command[] }) {
  const store = useWorkbenchStore();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const close = (): void => store.getState().setPaletteOpen(false);
  const visible = useMemo(
    () =>
      filterCommands(
        commands.filter(
          (command) => command.id !== 'palette.open' && command.enabled(store.getState()),
        ),
        query,
      ),
    [commands, query, store],
  );
  const current = Math.min(active, Math.max(visible.length - 1, 0));

  const run = (command: Command | undefined): void => {
    if (!command) return;
    close();
    // Run after the palette has closed so dialogs the command opens get focus.
    setTimeout(() => runCommand(command, store), 0);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + visible.length) % Math.max(visible.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(visible[current]);
    }
  };
  const optionId = (index: number): string => `${listId}-option-${index}`;

  return (
    <Dialog title="Command palette" onClose={close} className="dialog--palette">
      <input
        className="palette__input"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={visible.length > 0 ? optionId(current) : undefined}
        placeholder="Type a command…"
        data-autofocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="palette__list">
        {visible.map((command, index) => (
          <li
            key={command.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            className="palette__option"
            onMouseMove={() => setActive(index)}
            onClick={() => run(command)}
          >
            <span>{command.title}</span>
            {command.keys[0] ? (
              <kbd className="palette__keys">{formatBinding(command.keys[0], IS_MAC)}</kbd>
            ) : null}
          </li>
        ))}
      </ul>
      {visible.length === 0 ? <p className="palette__empty">No matching command</p> : null}
    </Dialog>
  );
}
