// A trailing-edge debounce that can be cancelled or flushed (drafts, searches, previews).

/** A debounced call: `schedule` restarts the wait, `flush` runs a pending call now. */
export interface Debounced {
  schedule(): void;
  cancel(): void;
  flush(): void;
  readonly pending: boolean;
}

/** Debounces `run` by `ms` milliseconds. */
export function debounce(run: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    schedule() {
      cancel();
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, ms);
    },
    cancel,
    flush() {
      if (timer === undefined) return;
      cancel();
      run();
    },
    get pending() {
      return timer !== undefined;
    },
  };
}
