// Thins a job's progress steps so 2,000 files do not become 2,000 messages to the page.

/** One step of progress as the throttle sees it. */
export interface ThrottledStep {
  stage: string;
  done: number;
  total: number;
}

/** Options of the throttle. */
export interface ThrottleOptions {
  /** Least time between two passed steps of the same stage, in ms (default 50: ~20 a second). */
  intervalMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/**
 * Wraps `send` so it receives at most one step per interval. The first step, the first step of
 * each new stage and every finished step (done equals total) always pass, so the page always
 * sees where a job started and where it ended without waiting for a timer.
 */
export function throttleProgress<T extends ThrottledStep>(
  send: (step: T) => void,
  options: ThrottleOptions = {},
): (step: T) => void {
  const interval = options.intervalMs ?? 50;
  const now = options.now ?? (() => Date.now());
  let last: { stage: string; at: number; done: number; total: number } | undefined;
  return (step) => {
    const at = now();
    const finished = step.done >= step.total;
    const repeat =
      last !== undefined &&
      last.stage === step.stage &&
      last.done === step.done &&
      last.total === step.total;
    const due =
      last === undefined || last.stage !== step.stage || finished || at - last.at >= interval;
    if (!due || repeat) return;
    last = { stage: step.stage, at, done: step.done, total: step.total };
    send(step);
  };
}
