// Confirms deleting a prompt and all its versions.
import { useState } from 'react';
import { useWorkbenchStore } from '../../state/useWorkbench';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** The Delete prompt dialog for `id`. */
export function DeletePromptDialog({ id }: { id: string }) {
  const store = useWorkbenchStore();
  const [busy, setBusy] = useState(false);
  const close = (): void => store.getState().closeDialog();
  const confirm = async (): Promise<void> => {
    setBusy(true);
    await store.getState().deletePrompt(id);
    close();
  };
  return (
    <ConfirmDialog
      title="Delete prompt"
      confirmLabel="Delete"
      tone="danger"
      onConfirm={() => void confirm()}
      onClose={close}
      busy={busy}
      focusCancel
    >
      <p>
        Delete <strong>{id}</strong> and every one of its versions? This cannot be undone; export
        the library first if you may want it back.
      </p>
    </ConfirmDialog>
  );
}
