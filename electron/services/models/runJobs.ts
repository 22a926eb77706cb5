// Model runs in flight, by job id, so a caller (Stop in the app, Ctrl+C in the CLI) can cancel one.
import type { RunEvent, RunResult } from '../../../src-shared/models/runs';
import { CancellableJobs } from '../jobs';
import type { ModelService, ModelStores, RunRequest } from './modelService';

/** Starts runs and cancels them by id. */
export class RunJobs {
  private readonly jobs = new CancellableJobs('Run');

  constructor(private readonly models: Pick<ModelService<ModelStores>, 'run'>) {}

  /** Runs to the end; events go to `onEvent`. A job id already running is a conflict. */
  run(
    request: RunRequest & { job?: string },
    onEvent: (event: RunEvent) => void,
  ): Promise<RunResult> {
    const { job, ...rest } = request;
    return this.jobs.run(job, (signal) => this.models.run(rest, { onEvent, signal }));
  }

  /** Cancels a running job; false when no run has that id (it ended, or never started). */
  cancel(job: string): boolean {
    return this.jobs.cancel(job);
  }

  /** Cancels every run (the library is closing). */
  cancelAll(): void {
    this.jobs.cancelAll();
  }
}
