// Accessible tabs: a tablist with arrow-key movement; panels are rendered by the caller.
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

/** One tab. */
export interface TabItem {
  id: string;
  title: string;
}

/** Props of a tab list. `idPrefix` ties tabs to panels (`<prefix>-tab-<id>`/`-panel-<id>`). */
export interface TabListProps {
  label: string;
  tabs: readonly TabItem[];
  active: string;
  onSelect: (id: string) => void;
  idPrefix: string;
  className?: string;
}

/** The id of a tab element. */
export const tabId = (prefix: string, id: string): string => `${prefix}-tab-${id}`;
/** The id of a tab panel element. */
export const tabPanelId = (prefix: string, id: string): string => `${prefix}-panel-${id}`;

/** A row of tabs; Left/Right/Home/End move and select (automatic activation). */
export function TabList({ label, tabs, active, onSelect, idPrefix, className }: TabListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index >= last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index <= 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    const tab = tabs[next];
    if (next < 0 || !tab) return;
    event.preventDefault();
    onSelect(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, tab.id))}`)?.focus();
  };
  return (
    <div
      ref={listRef}
      role="tablist"
      aria-label={label}
      className={`tabs ${className ?? ''}`}
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const selected = tab.id === active;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(idPrefix, tab.id)}
            aria-selected={selected}
            aria-controls={tabPanelId(idPrefix, tab.id)}
            tabIndex={selected ? 0 : -1}
            className="tabs__tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.title}
          </button>
        );
      })}
    </div>
  );
}

/** Props of a tab panel: the tab list's `idPrefix` and the id of the tab it belongs to. */
export interface TabPanelProps {
  idPrefix: string;
  tab: string;
  className?: string;
  /** True while another tab is selected, for panels kept mounted. */
  hidden?: boolean;
  children: ReactNode;
}

/** The panel of one tab, labelled by that tab. */
export function TabPanel({ idPrefix, tab, className, hidden, children }: TabPanelProps) {
  return (
    <div
      role="tabpanel"
      id={tabPanelId(idPrefix, tab)}
      aria-labelledby={tabId(idPrefix, tab)}
      hidden={hidden}
      className={className}
    >
      {children}
    </div>
  );
}
