// Focus after an action that re-renders: the action names the element, the next render focuses it.
import { useCallback, useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** The root to search in and the setter of the element to focus after the next render. */
export interface PendingFocus<T extends HTMLElement> {
  /** Put on the element that holds the `[data-focus=…]` targets. */
  root: RefObject<T | null>;
  /** Focus the element with `data-focus={key}` after the next render; `null` cancels. */
  focusAfterRender: (key: string | null) => void;
}

/**
 * Moves focus once an edit is shown: the edited table or list re-renders from the new YAML, so
 * the element to focus (a new row's input, the next Remove button) exists only after the render.
 */
export function usePendingFocus<T extends HTMLElement>(): PendingFocus<T> {
  const pending = useRef<string | null>(null);
  const root = useRef<T>(null);
  useEffect(() => {
    if (pending.current === null) return;
    root.current?.querySelector<HTMLElement>(`[data-focus="${pending.current}"]`)?.focus();
    pending.current = null;
  });
  const focusAfterRender = useCallback((key: string | null): void => {
    pending.current = key;
  }, []);
  return { root, focusAfterRender };
}
