// A draggable, keyboard-resizable divider between two panes (role "separator").
import { useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';

/** Props of a splitter; `value` is the size in pixels of the pane before it (or after, see `invert`). */
export interface SplitterProps {
  label: string;
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  /** True when the resized pane is after the splitter (dragging towards it shrinks it). */
  invert?: boolean;
}

const STEP = 16;

/**
 * A splitter. "vertical" separates side-by-side panes (drag left/right), "horizontal" stacked
 * ones (drag up/down). Arrow keys resize by 16 px, Home/End jump to the limits.
 */
export function Splitter({ label, orientation, value, min, max, onChange, invert }: SplitterProps) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const clamp = (next: number): number => Math.round(Math.min(max, Math.max(min, next)));
  const sign = invert ? -1 : 1;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: orientation === 'vertical' ? event.clientX : event.clientY, value };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    const position = orientation === 'vertical' ? event.clientX : event.clientY;
    onChange(clamp(drag.current.value + sign * (position - drag.current.start)));
  };
  const onPointerUp = (): void => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const grow = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    const shrink = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    let next: number | null = null;
    if (event.key === grow) next = value + sign * STEP;
    else if (event.key === shrink) next = value - sign * STEP;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === null) return;
    event.preventDefault();
    onChange(clamp(next));
  };

  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter splitter--${orientation}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
