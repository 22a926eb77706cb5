// A few worker threads that prepare import shares off the calling thread (inline as a fallback).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../src-shared/errors';
import {
  prepareEach,
  unpackShare,
  type PreparationTask,
  type PreparedShare,
} from './importPreparation';
import type { WorkerRequest } from './importWorker';
import { importWorkerEntry } from './workerEntry';

/**
 * Old-generation heap of one thread (MB). Shares are at most MAX_SHARE_BYTES of files (one
 * file may be 2 MB), whose parsed trees take a few times their size.
 */
const THREAD_HEAP_MB = 48;

/** Most threads a pool starts, whatever the core count. */
export const MAX_IMPORT_THREADS = 4;

/** How to run a pool; tests pass a small size, a fixture entry or `null` for inline work. */
export interface ImportPoolOptions {
  /** Threads to use; default: available cores, at most MAX_IMPORT_THREADS. */
  size?: number;
  /** The worker entry; default: see importWorkerEntry; `null`: work inline. */
  entry?: URL | null;
  /** Idle threads end after this long (default 30 s); a later import starts new ones. */
  idleMs?: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<boolean>;
}

type Reply = { ready: true } | { id: number; result: PreparedShare };

const CRASHED =
  'The import stopped because a background worker failed; nothing was imported. Try again.';

/**
 * Runs preparation tasks on worker threads so long imports leave the calling thread (the
 * Electron main process, the server) free. Threads start on first use and end when idle.
 * If no thread can start (no worker entry in this build), the tasks run inline instead.
 */
export class ImportPool {
  readonly size: number;
  private readonly idleMs: number;
  private readonly givenEntry: URL | null | undefined;
  private entry: Promise<URL | null> | undefined;
  private slots: Slot[] = [];
  private inline = false;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 0;

  constructor(options: ImportPoolOptions = {}) {
    this.size = Math.max(1, Math.min(options.size ?? availableParallelism(), MAX_IMPORT_THREADS));
    this.givenEntry = options.entry;
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** `threads` when tasks run on threads; `inline` when there is no entry or none could start. */
  async mode(): Promise<'threads' | 'inline'> {
    return (await this.resolveEntry()) === null || this.inline ? 'inline' : 'threads';
  }

  /** Looked up on first use only: most processes that build a pool never import anything. */
  private resolveEntry(): Promise<URL | null> {
    this.entry ??=
      this.givenEntry === undefined
        ? importWorkerEntry(import.meta.url)
        : Promise.resolve(this.givenEntry);
    return this.entry;
  }

  /**
   * Prepares every task, in parallel where threads allow; results come in task order, with
   * their prompts unpacked.
   * A thread that dies mid-task fails the whole run with AppError('internal').
   */
  async run(
    tasks: readonly PreparationTask[],
    onDone: (task: number) => void = () => undefined,
  ): Promise<PreparedShare[]> {
    const results: PreparedShare[] = new Array(tasks.length);
    await this.each(tasks, (index, share) => {
      results[index] = unpackShare(share);
      onDone(index);
    });
    return results;
  }

  /**
   * Prepares every task and hands each result to `onResult` as it arrives (in any order), so
   * the caller need not hold them all; resolves when every task is done.
   * A thread that dies mid-task fails the whole run with AppError('internal').
   */
  async each(
    tasks: readonly PreparationTask[],
    onResult: (task: number, share: PreparedShare) => void,
  ): Promise<void> {
    clearTimeout(this.idleTimer);
    this.active += 1;
    try {
      const workers = await this.start(Math.min(tasks.length, this.size));
      if (workers.length === 0) return await prepareEach(tasks, onResult);
      // Running threads keep the process alive (a CLI awaiting its import); idle ones do not.
      for (const worker of workers) worker.ref();
      return await this.dispatch(workers, tasks, onResult);
    } finally {
      this.active -= 1;
      if (this.active === 0) this.idle();
    }
  }

  private idle(): void {
    for (const slot of this.slots) slot.worker.unref();
    this.idleTimer = setTimeout(() => void this.dispose(), this.idleMs);
    this.idleTimer.unref();
  }

  /**
   * Starts the threads now, ahead of a run (a big import starts them while it lists its
   * files: a thread takes longer to start than listing 2,000 files). Unused, they end when idle.
   */
  warm(): void {
    clearTimeout(this.idleTimer);
    // A failure to start shows again, and is handled, when the import runs.
    void this.start(this.size).then(
      () => this.active === 0 && this.idle(),
      () => undefined,
    );
  }

  /** Ends every thread. The pool stays usable: the next run starts new ones. */
  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Starts threads up to `wanted`; returns the ready ones (none: work inline). */
  private async start(wanted: number): Promise<Worker[]> {
    const entry = await this.resolveEntry();
    if (entry === null || this.inline) return [];
    while (this.slots.length < wanted) {
      const slot = spawn(entry);
      // A thread gone while idle must not be handed the next task.
      slot.worker.once('exit', () => {
        this.slots = this.slots.filter((other) => other !== slot);
      });
      this.slots.push(slot);
    }
    const ready = await Promise.all(this.slots.map((slot) => slot.ready));
    if (ready.every(Boolean)) return this.slots.slice(0, wanted).map((slot) => slot.worker);
    // A build without the worker entry (or a platform refusing threads): work inline for good.
    this.inline = true;
    await this.dispose();
    return [];
  }

  private dispatch(
    workers: Worker[],
    tasks: readonly PreparationTask[],
    onResult: (task: number, share: PreparedShare) => void,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending = new Map<Worker, { id: number; index: number }>();
      let next = 0;
      let finished = 0;
      let failed = false;
      const cleanups: (() => void)[] = [];
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        cleanups.forEach((cleanup) => cleanup());
        // Threads that saw a crash beside them are not trusted with the next import.
        void this.dispose();
        reject(error);
      };
      const feed = (worker: Worker) => {
        const index = next;
        next += 1;
        const task = tasks[index];
        if (task === undefined) return;
        const id = this.nextId++;
        const request: WorkerRequest = { id, task };
        worker.postMessage(request);
        pending.set(worker, { id, index });
      };
      for (const worker of workers) {
        const onMessage = (reply: Reply) => {
          const waiting = pending.get(worker);
          if (failed || !('id' in reply) || waiting === undefined || reply.id !== waiting.id)
            return;
          pending.delete(worker);
          finished += 1;
          // The next task goes out first: the thread works while the result is taken in.
          if (finished < tasks.length) feed(worker);
          try {
            onResult(waiting.index, reply.result);
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          giveBack(worker, reply.result);
          if (finished === tasks.length) {
            cleanups.forEach((cleanup) => cleanup());
            resolve();
          }
        };
        // The cause stays on the error for logs; the message a person sees is ours.
        const onCrash = (cause: unknown) =>
          fail(Object.assign(new AppError('internal', CRASHED), { cause }));
        const onExit = (code: number) => onCrash(new Error(`the thread exited with code ${code}`));
        worker.on('message', onMessage);
        worker.on('error', onCrash);
        worker.on('exit', onExit);
        cleanups.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onCrash);
          worker.off('exit', onExit);
        });
      }
      workers.forEach(feed);
    });
  }
}

/**
 * Moves a share's packed prompts back to its thread once taken in. Memory moved to this thread
 * would be freed only by this thread's next full collection, long after dozens of shares (a
 * 50,000-file import piled up some 100 MB that way); the thread's small heap frees it soon.
 */
function giveBack(worker: Worker, share: PreparedShare): void {
  if (!share.ok || share.packed === undefined) return;
  const buffer = share.packed.bytes.buffer as ArrayBuffer;
  if (buffer.byteLength === 0) return;
  const message: WorkerRequest = { id: -1, giveBack: buffer };
  worker.postMessage(message, [buffer]);
}

/** Flags that load code into a process (tsx in development and the bench, other loaders). */
const LOADER_FLAGS = ['--import', '--require', '-r', '--loader', '--experimental-loader'];

/**
 * This process's Node flags without the loaders: a thread runs one self-contained bundle, and
 * each loader inherited would load (tsx: compile) itself again in every thread at start-up.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index += 1) {
    const flag = execArgv[index] ?? '';
    if (LOADER_FLAGS.includes(flag)) index += 1;
    else if (!LOADER_FLAGS.some((loader) => flag.startsWith(`${loader}=`))) kept.push(flag);
  }
  return kept;
}

/** A thread without this process's loaders, where it can go without them. */
function startWorker(entry: URL): Worker {
  const execArgv = workerExecArgv();
  // A thread holds one share at a time (a few MB of files): a small heap makes V8 collect its
  // garbage early instead of letting each thread grow by hundreds of MB during a big import.
  const resourceLimits = { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: 8 };
  if (execArgv.length === process.execArgv.length) return new Worker(entry, { resourceLimits });
  try {
    return new Worker(entry, { execArgv, resourceLimits });
  } catch (error) {
    // Flags given to a thread are checked, inherited ones are not: a V8 option such as
    // --max-old-space-size is refused when given. The thread then inherits everything.
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(entry, { resourceLimits });
  }
}

/** Starts one thread; `ready` settles true once its module graph has loaded, false if it failed. */
function spawn(entry: URL): Slot {
  const worker = startWorker(entry);
  worker.unref();
  const ready = new Promise<boolean>((resolve) => {
    const onMessage = (reply: Reply) => {
      if (!('ready' in reply)) return;
      done();
      resolve(true);
    };
    const onFailure = () => {
      done();
      resolve(false);
    };
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
    };
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onFailure);
  });
  return { worker, ready };
}
