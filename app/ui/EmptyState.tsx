// What a region shows instead of its content: nothing there yet, or a load that failed.
import type { ReactNode } from 'react';
import { Button } from './Button';

/** Props of an empty state: the sentence saying what is missing, and what to do about it. */
export interface EmptyStateProps {
  children: ReactNode;
  hint?: ReactNode;
}

/** A message in place of an empty list or view. */
export function EmptyState({ children, hint }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <p>{children}</p>
      {hint ? <p className="hint">{hint}</p> : null}
    </div>
  );
}

/** Props of a failed load: what could not be loaded ("the schemas"), the error, and a retry. */
export interface LoadFailureProps {
  what: string;
  error: { message: string } | null;
  onRetry: () => void;
}

/** An alert that a load failed, with a Retry button. */
export function LoadFailure({ what, error, onRetry }: LoadFailureProps) {
  return (
    <div className="empty-state" role="alert">
      <p>
        Could not load {what}: {error?.message}
      </p>
      <Button small onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}
