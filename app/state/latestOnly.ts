// Loads that may overlap (typing, switching filters): only the newest one's answer is applied.
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** A line of loads in which a newer load makes every older one's outcome void. */
export interface LatestOnly {
  /** Starts a load; `apply` or `fail` runs only if no newer load has started meanwhile. */
  run<T>(
    load: () => Promise<T>,
    apply: (value: T) => void,
    fail: (error: UiError) => void,
  ): Promise<void>;
  /** Voids the loads in flight without starting another (their input went away). */
  drop(): void;
}

/** A fresh line of loads. */
export function latestOnly(): LatestOnly {
  let sequence = 0;
  return {
    async run(load, apply, fail) {
      const mine = ++sequence;
      try {
        const value = await load();
        if (mine === sequence) apply(value);
      } catch (error) {
        if (mine === sequence) fail(toUiError(error));
      }
    },
    drop() {
      sequence += 1;
    },
  };
}
