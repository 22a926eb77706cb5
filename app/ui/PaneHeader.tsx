// The header strip of a feature region: its heading, then whatever controls it carries.
import type { ReactNode } from 'react';

/** Props of a pane header; `children` follow the heading (buttons, tabs, a toolbar). */
export interface PaneHeaderProps {
  title: ReactNode;
  children?: ReactNode;
}

/** A region's header with its level-2 heading. */
export function PaneHeader({ title, children }: PaneHeaderProps) {
  return (
    <div className="pane-header">
      <h2 className="pane-header__title">{title}</h2>
      {children}
    </div>
  );
}
