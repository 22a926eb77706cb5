// The list beside a collection panel's editor: one button per item, the open one marked current.
import type { ReactNode } from 'react';

/** A labelled list of side-list items. */
export function SideList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ul className="side-list" aria-label={label}>
      {children}
    </ul>
  );
}

/** Props of one item: its name, an optional badge (a version), and a line about it. */
export interface SideListItemProps {
  name: string;
  badge?: string;
  meta: ReactNode;
  current: boolean;
  onSelect?: () => void;
}

/** An item that opens on click. */
export function SideListItem({ name, badge, meta, current, onSelect }: SideListItemProps) {
  const title = <span className="side-list__name">{name}</span>;
  return (
    <li>
      <button
        type="button"
        className="side-list__item"
        aria-current={current ? 'true' : undefined}
        onClick={onSelect}
      >
        {badge === undefined ? (
          title
        ) : (
          <span className="side-list__title">
            {title}
            <span className="side-list__badge">{badge}</span>
          </span>
        )}
        <span className="side-list__meta">{meta}</span>
      </button>
    </li>
  );
}
