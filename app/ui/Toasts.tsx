// Notices in the corner: announced politely (errors assertively), dismissable, info fades out.
import { useEffect } from 'react';
import { useWorkbench } from '../state/useWorkbench';
import type { Toast } from '../state/uiSlice';

const INFO_LIFETIME_MS = 4000;
/** A notice with an action (Undo) stays long enough to reach its button. */
const ACTION_LIFETIME_MS = 12_000;

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toast.tone === 'error') return;
    const lifetime = toast.action ? ACTION_LIFETIME_MS : INFO_LIFETIME_MS;
    const timer = setTimeout(() => onDismiss(toast.id), lifetime);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div
      className={`toast toast--${toast.tone}`}
      role={toast.tone === 'error' ? 'alert' : undefined}
    >
      <span>{toast.text}</span>
      {toast.action ? (
        <button
          type="button"
          className="link-button toast__action"
          onClick={() => {
            onDismiss(toast.id);
            toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss notification"
        title="Dismiss notification"
        onClick={() => onDismiss(toast.id)}
      >
        ×
      </button>
    </div>
  );
}

/** The notification area. */
export function Toasts() {
  const toasts = useWorkbench((state) => state.ui.toasts);
  const dismiss = useWorkbench((state) => state.dismissToast);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
      ))}
    </div>
  );
}
