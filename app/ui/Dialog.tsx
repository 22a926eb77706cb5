// A modal dialog on the native <dialog>: the page behind is inert (focus stays inside), Escape
// closes, Ctrl/Cmd+Enter submits (from any field, a multi-line one or an editor included).
import { useEffect, useEffectEvent, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { IS_MAC } from '../commands/useShortcuts';

/** Props of a modal dialog; `title` is its accessible name. */
export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  /** Extra class for sizing (e.g. "dialog--wide"). */
  className?: string;
  /** A description read after the title. */
  description?: ReactNode;
  /** What Ctrl/Cmd+Enter does (the dialog's main action); absent or undefined: nothing. */
  onSubmitShortcut?: () => void;
}

/** The field a dialog starts in: the one marked `data-autofocus`, else its first field. */
const FIRST_FIELD =
  'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/** True for Ctrl+Enter (Cmd+Enter on macOS). */
function isSubmitStroke(event: KeyboardEvent): boolean {
  const mod = IS_MAC ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return event.key === 'Enter' && mod && !event.altKey && !event.shiftKey;
}

/**
 * A modal dialog, open while mounted; focus starts on the element marked `data-autofocus`, else
 * on the first field of its body, else where the browser puts it.
 */
export function Dialog(props: DialogProps) {
  const { title, onClose, children, footer, className, description, onSubmitShortcut } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  // Escape closes through whichever onClose is current, without re-opening the dialog.
  const close = useEffectEvent(() => onClose());

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element (the close button); start where the dialog
    // says typing begins instead, or in its first field.
    const start =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>(`.dialog__body :is(${FIRST_FIELD})`);
    start?.focus();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      close();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // Give focus back where it came from, as a keyboard user expects.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onKeyDownCapture = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (!onSubmitShortcut || event.nativeEvent.isComposing || !isSubmitStroke(event)) return;
    // Captured before a field or an editor inside can take the key (Monaco inserts a line).
    event.preventDefault();
    event.stopPropagation();
    onSubmitShortcut();
  };

  return (
    <dialog
      ref={ref}
      onKeyDownCapture={onKeyDownCapture}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <header className="dialog__header">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          title="Close (Esc)"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      {description ? (
        <p id={descriptionId} className="dialog__description">
          {description}
        </p>
      ) : null}
      <div className="dialog__body">{children}</div>
      {footer ? <footer className="dialog__footer">{footer}</footer> : null}
    </dialog>
  );
}
