// The header over the item open in a feature panel: its name, unsaved mark, actions and errors.
import type { ReactNode } from 'react';
import { Toolbar } from './Toolbar';

/** Props of an item header; `children` sit between the title and the actions (e.g. view tabs). */
export interface ItemHeaderProps {
  title: ReactNode;
  dirty: boolean;
  /** The accessible name of the actions toolbar ("Schema actions"). */
  actionsLabel: string;
  actions: ReactNode;
  /** Errors of the last save or load, each shown as an alert under the header. */
  errors: readonly ({ message: string } | null)[];
  children?: ReactNode;
}

/** The header and error callouts of the open item. */
export function ItemHeader({
  title,
  dirty,
  actionsLabel,
  actions,
  errors,
  children,
}: ItemHeaderProps) {
  return (
    <>
      <div className="pane-header">
        <h3 className="pane-header__title">
          {title}
          {dirty ? <span className="dirty-dot" aria-label="Unsaved changes" role="img" /> : null}
        </h3>
        {children}
        <Toolbar label={actionsLabel} className="pane-header__actions">
          {actions}
        </Toolbar>
      </div>
      {errors.map((error, index) =>
        error ? (
          <p key={index} className="callout callout--error" role="alert">
            {error.message}
          </p>
        ) : null,
      )}
    </>
  );
}
