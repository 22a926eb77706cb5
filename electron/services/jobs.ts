// Long calls in flight (model runs, evaluations), by the job id their caller chose, so Stop in the
// app or Ctrl+C in the CLI can cancel one.
import { AppError } from '../../src-shared/errors';

/** Starts jobs under caller-chosen ids and cancels them by id. */
export class CancellableJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly what: string) {}

  /** Runs `work` to the end with a signal that `cancel(job)` fires; a busy id is a conflict. */
  async run<T>(job: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (job !== undefined) {
      if (this.running.has(job)) {
        throw new AppError('conflict', `${this.what} '${job}' is already running`);
      }
      this.running.set(job, controller);
    }
    try {
      return await work(controller.signal);
    } finally {
      if (job !== undefined) this.running.delete(job);
    }
  }

  /** Cancels a running job; false when no job has that id (it ended, or never started). */
  cancel(job: string): boolean {
    const controller = this.running.get(job);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Cancels every job (the library is closing). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
