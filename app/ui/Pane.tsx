// A region of the editor and history views: a named section with a header strip over its body.
import type { ReactNode } from 'react';

/** Props of a pane. */
export interface PaneProps {
  /** The region's accessible name, also its heading. */
  title: string;
  /** Modifier classes of the pane ("pane--full"). */
  className: string;
  /** A short note after the heading. */
  hint?: ReactNode;
  /** Shown right after the hint (a progress spinner). */
  status?: ReactNode;
  /** Controls at the far end of the header. */
  actions?: ReactNode;
  children: ReactNode;
}

/** A labelled region with its header. */
export function Pane({ title, className, hint, status, actions, children }: PaneProps) {
  return (
    <section aria-label={title} className={`pane ${className}`}>
      <div className="pane__header">
        <h2 className="pane__title">{title}</h2>
        {hint !== undefined ? <span className="pane__hint">{hint}</span> : null}
        {status}
        {actions ? (
          <>
            <span className="pane__spacer" />
            {actions}
          </>
        ) : null}
      </div>
      {children}
    </section>
  );
}
