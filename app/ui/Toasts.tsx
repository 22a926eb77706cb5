// Notices in the corner: announced politely (errors assertively), dismissable, info fades out.
import { useEffect } from 'react';
import { useWorkbench } from '../state/useWorkbench';
import type { Toast } from '../state/uiSlice';

const INFO_LIFETIME_MS = 4000;

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toast.tone === 'error') return;
    const timer = setTimeout(() => onDismiss(toast.id), INFO_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div
      className={`toast toast--${toast.tone}`}
      role={toast.tone === 'error' ? 'alert' : undefined}
    >
      <span>{toast.text}</span>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss notification"
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
