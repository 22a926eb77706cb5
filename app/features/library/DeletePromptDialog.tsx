// Confirms deleting a prompt and all its versions.
import { useState } from 'react';
import { useWorkbenchStore } from '../../state/useWorkbench';
import { Dialog } from '../../ui/Dialog';

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
    <Dialog
      title="Delete prompt"
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void confirm()}
          >
            Delete
          </button>
        </>
      }
    >
      <p>
        Delete <strong>{id}</strong> and every one of its versions? This cannot be undone; export
        the library first if you may want it back.
      </p>
    </Dialog>
  );
}
