// A toolbar: one tab stop, arrow keys move between its buttons and fields.
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

const FOCUSABLE = 'button:not([disabled]), select:not([disabled]), [role="button"]';

/** A labelled group of controls with arrow-key navigation. */
export function Toolbar(props: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = items[(index + step + items.length) % items.length];
    event.preventDefault();
    next?.focus();
  };
  return (
    <div
      ref={ref}
      role="toolbar"
      aria-label={props.label}
      className={`toolbar ${props.className ?? ''}`}
      onKeyDown={onKeyDown}
    >
      {props.children}
    </div>
  );
}
