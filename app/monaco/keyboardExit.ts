// Leaving a code editor by keyboard. Tab types a tab in an editable Monaco editor (as in VS Code);
// these keys never trap focus there:
// - Ctrl+M (Ctrl+Shift+M on macOS) switches Monaco's tab-focus mode for every editor of the page:
//   Tab and Shift+Tab then move focus, as everywhere else;
// - Esc then Tab (or Shift+Tab) moves focus once;
// - Shift+Tab always moves focus back (outdent stays on Ctrl+[);
// - F6 moves to the next focusable element after the editor, Shift+F6 to the one before it.

/** The parts of a keydown this module reads. */
export interface ExitStroke {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/**
 * What a keystroke in an editor does about focus:
 * - `native`: the browser's own Tab handling moves focus (the editor must not see the key);
 * - `next` / `previous`: move focus past the editor ourselves (F6 has no browser behaviour);
 * - `toggle`: switch tab-focus mode;
 * - `editor`: the editor handles the key as usual.
 */
export type ExitAction = 'native' | 'next' | 'previous' | 'toggle' | 'editor';

/** The next state of "Esc was just pressed" and what the stroke does. */
export interface ExitDecision {
  action: ExitAction;
  armed: boolean;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/** True for the tab-focus toggle: Ctrl+M, or Ctrl+Shift+M on macOS (Cmd+M minimises there). */
export function isTabFocusToggle(stroke: ExitStroke, mac: boolean): boolean {
  if (stroke.key.toLowerCase() !== 'm' || stroke.altKey || stroke.metaKey || !stroke.ctrlKey) {
    return false;
  }
  return stroke.shiftKey === mac;
}

/** Decides what a keydown in an editor does; `armed` is true right after Escape. */
export function decideExit(stroke: ExitStroke, armed: boolean, mac: boolean): ExitDecision {
  const plain = !stroke.ctrlKey && !stroke.altKey && !stroke.metaKey;
  if (MODIFIERS.has(stroke.key)) return { action: 'editor', armed };
  if (isTabFocusToggle(stroke, mac)) return { action: 'toggle', armed: false };
  if (stroke.key === 'Escape' && plain && !stroke.shiftKey)
    return { action: 'editor', armed: true };
  if (stroke.key === 'Tab' && plain && (armed || stroke.shiftKey)) {
    return { action: 'native', armed: false };
  }
  if (stroke.key === 'F6' && plain) {
    return { action: stroke.shiftKey ? 'previous' : 'next', armed: false };
  }
  return { action: 'editor', armed: false };
}

/** What a hint says about Tab in an editable editor, by mode and platform. */
export function exitHint(tabMovesFocus: boolean, mac: boolean): string {
  const toggle = mac ? '⌃⇧M' : 'Ctrl+M';
  return tabMovesFocus
    ? `Tab moves focus · ${toggle}: Tab indents`
    : `Tab indents · Esc then Tab leaves · ${toggle}: Tab moves focus`;
}

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]',
  '[contenteditable="true"]',
].join(',');

/** Elements Tab can reach in `root`, in document order, leaving out those inside `except`. */
function tabbables(root: ParentNode, except: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) =>
      element.tabIndex >= 0 &&
      !except.contains(element) &&
      element.closest('[inert]') === null &&
      element.getClientRects().length > 0,
  );
}

/**
 * Moves focus to the first focusable element after `container` (or the last one before it),
 * within the open modal dialog if there is one, wrapping around at the ends.
 */
export function focusBeside(container: Element, direction: 'next' | 'previous'): void {
  const root = container.closest('dialog[open]') ?? container.ownerDocument;
  const candidates = tabbables(root, container);
  const after = candidates.filter(
    (element) => container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  const before = candidates.filter(
    (element) => container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING,
  );
  const target =
    direction === 'next' ? (after[0] ?? before[0]) : (before[before.length - 1] ?? after.at(-1));
  target?.focus();
}

type Listener = (tabMovesFocus: boolean) => void;

let tabMovesFocus = false;
const listeners = new Set<Listener>();

/** Whether Tab moves focus in editable editors (the page-wide tab-focus mode). */
export function getTabMovesFocus(): boolean {
  return tabMovesFocus;
}

/** Switches the page-wide tab-focus mode and tells every editor. */
export function setTabMovesFocus(value: boolean): void {
  tabMovesFocus = value;
  for (const listener of listeners) listener(value);
}

/** Calls `listener` on every mode change; returns its undo. */
export function onTabMovesFocus(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Installs the keys on an editor's host element. The listener runs in the capture phase, before
 * Monaco's own (which sit on the host and its text area), so a key that moves focus never
 * reaches the editor. Returns its undo.
 */
export function installKeyboardExit(host: HTMLElement, mac: boolean): () => void {
  let armed = false;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    const decision = decideExit(event, armed, mac);
    armed = decision.armed;
    switch (decision.action) {
      case 'editor':
        return;
      case 'native':
        // The browser moves focus; the editor must not indent or outdent.
        event.stopPropagation();
        return;
      case 'toggle':
        event.preventDefault();
        event.stopPropagation();
        setTabMovesFocus(!tabMovesFocus);
        return;
      case 'next':
      case 'previous':
        event.preventDefault();
        event.stopPropagation();
        focusBeside(host, decision.action);
    }
  };
  const disarm = (): void => {
    armed = false;
  };
  host.addEventListener('keydown', onKeyDown, true);
  host.addEventListener('focusout', disarm);
  host.addEventListener('pointerdown', disarm);
  return () => {
    host.removeEventListener('keydown', onKeyDown, true);
    host.removeEventListener('focusout', disarm);
    host.removeEventListener('pointerdown', disarm);
  };
}
