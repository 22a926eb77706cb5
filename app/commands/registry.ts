// Commands as data: one definition feeds the command palette, keyboard shortcuts and buttons.
import type { WorkbenchState } from '../state/storeTypes';
import type { WorkbenchStore } from '../state/store';

/** One command of the workbench. */
export interface Command<Id extends string = string> {
  id: Id;
  title: string;
  /** Shortcuts such as "Mod+S" or "Mod+Shift+P"; Mod is Cmd on macOS, Ctrl elsewhere. */
  keys: readonly string[];
  /** Whether the command can run now (palette entries are hidden, shortcuts ignored, when not). */
  enabled: (state: WorkbenchState) => boolean;
  run: (store: WorkbenchStore) => void;
}

/** Declares a command; `keys` and `enabled` are optional. */
export function defineCommand<Id extends string>(
  command: Pick<Command<Id>, 'id' | 'title' | 'run'> &
    Partial<Pick<Command<Id>, 'keys' | 'enabled'>>,
): Command<Id> {
  return { keys: [], enabled: () => true, ...command };
}

/**
 * Runs `command` if it can run now: a button, a palette entry and a shortcut all go through here,
 * so none of them can do what the command's enablement forbids.
 */
export function runCommand(command: Command, store: WorkbenchStore): boolean {
  if (!command.enabled(store.getState())) return false;
  command.run(store);
  return true;
}

/** The modifier and key state of a keyboard event (a subset of KeyboardEvent). */
export interface KeyStroke {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Binding {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

function parseBinding(text: string): Binding {
  const parts = text.split('+').map((part) => part.trim());
  const key = (parts.pop() ?? '').toLowerCase();
  const has = (name: string): boolean => parts.some((part) => part.toLowerCase() === name);
  return { key, mod: has('mod'), shift: has('shift'), alt: has('alt') };
}

/** True when a keystroke triggers `binding` ("Mod+Shift+P"); `mac` picks Cmd over Ctrl. */
export function matchesBinding(binding: string, stroke: KeyStroke, mac: boolean): boolean {
  const wanted = parseBinding(binding);
  const mod = mac ? stroke.metaKey && !stroke.ctrlKey : stroke.ctrlKey && !stroke.metaKey;
  return (
    stroke.key.toLowerCase() === wanted.key &&
    mod === wanted.mod &&
    stroke.shiftKey === wanted.shift &&
    stroke.altKey === wanted.alt
  );
}

/** The commands a keystroke is bound to, enabled or not. */
export function commandsForStroke(
  commands: readonly Command[],
  stroke: KeyStroke,
  mac: boolean,
): Command[] {
  return commands.filter((command) =>
    command.keys.some((binding) => matchesBinding(binding, stroke, mac)),
  );
}

/** The first enabled command a keystroke triggers, if any. */
export function commandForStroke(
  commands: readonly Command[],
  stroke: KeyStroke,
  state: WorkbenchState,
  mac: boolean,
): Command | undefined {
  return commandsForStroke(commands, stroke, mac).find((command) => command.enabled(state));
}

/** How a binding reads on this platform: "Ctrl+Shift+P" or "⌘⇧P". */
export function formatBinding(binding: string, mac: boolean): string {
  const { key, mod, shift, alt } = parseBinding(binding);
  const name = key.length === 1 ? key.toUpperCase() : key[0]?.toUpperCase() + key.slice(1);
  if (mac) return `${mod ? '⌘' : ''}${alt ? '⌥' : ''}${shift ? '⇧' : ''}${name}`;
  return [mod && 'Ctrl', alt && 'Alt', shift && 'Shift', name].filter(Boolean).join('+');
}

/** Palette matching: every word of the query appears in the title ("sav ver" finds "Save version"). */
export function filterCommands(commands: readonly Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  return commands.filter((command) => {
    const title = command.title.toLowerCase();
    return words.every((word) => title.includes(word));
  });
}
