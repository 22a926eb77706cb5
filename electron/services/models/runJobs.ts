// Model runs in flight, by job id, so a caller (Stop in the app, Ctrl+C in the CLI) can cancel one.
import { AppError } from '../../../src-shared/errors';
import type { RunEvent, RunResult } from '../../../src-shared/models/runs';
import type { ModelService, RunRequest } from './modelService';

/** Starts runs and cancels them by id. */
export class RunJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly models: ModelService) {}

  /** Runs to the end; events go to `onEvent`. A job id already running is a conflict. */
  async run(
    request: RunRequest & { job?: string },
    onEvent: (event: RunEvent) => void,
  ): Promise<RunResult> {
    const { job, ...rest } = request;
    const controller = new AbortController();
    if (job !== undefined) {
      if (this.running.has(job)) throw new AppError('conflict', `Run '${job}' is already running`);
      this.running.set(job, controller);
    }
    try {
      return await this.models.run(rest, { onEvent, signal: controller.signal });
    } finally {
      if (job !== undefined) this.running.delete(job);
    }
  }

  /** Cancels a running job; false when no run has that id (it ended, or never started). */
  cancel(job: string): boolean {
    const controller = this.running.get(job);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Cancels every run (the library is closing). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
