// "Remove label": asks before a label of the open prompt stops pointing at any version. A refusal
// by the library (a role that may not move the label) is said in the dialog.
import { useState } from 'react';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** The Remove label dialog for `label`, which points at `version` of the open prompt. */
export function RemoveLabelDialog({ label, version }: { label: string; version: string }) {
  const store = useWorkbenchStore();
  const id = useWorkbench((state) => state.history.id);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const close = (): void => store.getState().closeDialog();
  const confirm = async (): Promise<void> => {
    setBusy(true);
    const refused = await store.getState().removeLabel(label);
    setBusy(false);
    if (refused === null) close();
    else setProblem(refused);
  };
  return (
    <ConfirmDialog
      title="Remove label"
      confirmLabel="Remove label"
      tone="danger"
      onConfirm={() => void confirm()}
      onClose={close}
      busy={busy || problem !== null || id === null}
      focusCancel
    >
      <p>
        Remove <strong>{label}</strong> from <strong>{id}</strong>? It points at {version} now;
        applications asking for {id} by {label} get nothing after this, until the label is moved to
        a version again. The removal is recorded in the audit log.
      </p>
      {problem ? (
        <p className="inline-error" role="alert">
          Could not remove {label}: {problem}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
