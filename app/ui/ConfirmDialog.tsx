// A dialog that asks before doing one thing: Cancel, or the action itself.
import { Button } from './Button';
import { Dialog } from './Dialog';
import type { DialogProps } from './Dialog';

/** Props of a confirmation; `children` say what will happen. */
export interface ConfirmDialogProps extends Omit<DialogProps, 'footer'> {
  confirmLabel: string;
  onConfirm: () => void;
  /** Danger for what cannot be undone; primary otherwise. */
  tone: 'primary' | 'danger';
  /** True while the action runs: the action button is disabled. */
  busy?: boolean;
  /** Start on Cancel, so Enter does not destroy anything. */
  focusCancel?: boolean;
}

/** A modal confirmation. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { confirmLabel, onConfirm, tone, busy, focusCancel, ...dialog } = props;
  const footer = (
    <>
      <Button onClick={dialog.onClose} data-autofocus={focusCancel ? true : undefined}>
        Cancel
      </Button>
      <Button tone={tone} disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </Button>
    </>
  );
  // Ctrl/Cmd+Enter confirms, except what cannot be undone: that takes the button itself.
  const shortcut = busy || tone === 'danger' ? undefined : onConfirm;
  return <Dialog {...dialog} footer={footer} onSubmitShortcut={shortcut} />;
}
