// The line at the bottom of an editable editor saying what Tab does and how to leave.
import { IS_MAC } from '../commands/useShortcuts';
import { exitHint } from './keyboardExit';

/** Shown while the editor's text has focus; `tabMovesFocus` is the page's tab-focus mode. */
export function KeyboardHint({ shown, tabMovesFocus }: { shown: boolean; tabMovesFocus: boolean }) {
  return (
    <div
      className={`code-editor__hint ${shown ? 'code-editor__hint--shown' : ''}`}
      aria-live="polite"
    >
      {exitHint(tabMovesFocus, IS_MAC)}
    </div>
  );
}
