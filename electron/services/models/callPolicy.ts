// What wraps every adapter once, outside it: a concurrency limit per provider, the idle timeout
// between stream events, retries with backoff honouring retry-after, and cancellation.
import { AppError } from '../../../src-shared/errors';
import type { ProviderFailure, StreamEvent } from './adapter';

/** A counting semaphore: at most `limit` holders at once, the rest wait in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Waits for a slot; resolves with its release. Rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        this.active += 1;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active -= 1;
          this.waiting.shift()?.();
        });
      };
      if (this.active < this.limit) {
        grant();
        return;
      }
      const entry = (): void => {
        signal?.removeEventListener('abort', onAbort);
        grant();
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}

/** The error a cancelled call ends with. */
export function cancelled(): AppError {
  return new AppError('cancelled', 'The run was cancelled');
}

/** Waits `ms`, or rejects as cancelled when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before retry number `attempt` (1-based): the provider's, else 0.5 s doubling, max 8 s. */
export function backoffMs(attempt: number, failure: ProviderFailure, random = Math.random): number {
  if (failure.retryAfterMs !== null) return Math.min(failure.retryAfterMs, 120_000);
  const base = Math.min(8000, 500 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Yields the adapter's events, but ends with an `error` event of status null after `idleMs`
 * without one (the call is aborted through `abort`).
 */
export async function* withIdleTimeout(
  events: AsyncIterable<StreamEvent>,
  idleMs: number,
  abort: () => void,
): AsyncGenerator<StreamEvent> {
  const iterator = events[Symbol.asyncIterator]();
  // One timer per call, restarted before each wait (cheaper than a new timer per token).
  let wake: (value: 'timeout') => void = () => undefined;
  const timer = setTimeout(() => wake('timeout'), idleMs);
  try {
    for (;;) {
      timer.refresh();
      const pending = iterator.next();
      // One promise per wait, settled by the next event or by the timer, whichever comes first
      // (Promise.race over a second promise per event cost a few more allocations per token).
      const next = await new Promise<IteratorResult<StreamEvent> | 'timeout'>((resolve, reject) => {
        wake = resolve;
        pending.then(resolve, reject);
      });
      if (next === 'timeout') {
        abort();
        // Let the adapter see the abort and finish, without waiting on it.
        void iterator.return?.(undefined);
        yield {
          type: 'error',
          failure: {
            status: null,
            message: `no answer for ${idleMs / 1000} s (timeout)`,
            retryable: false,
            retryAfterMs: null,
            aborted: false,
          },
        };
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
  }
}
