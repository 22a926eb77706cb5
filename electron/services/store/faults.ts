// Storage faults: SQLite's and the file system's errors turned into codes a person can act on,
// and writes that meet a busy library retried on timers instead of blocking the thread.
import { AppError } from '../../../src-shared/errors';

/** How long a call keeps retrying a busy library before it answers `busy` (ms). */
export const BUSY_RETRY_LIMIT_MS = 4000;
/** The first pause between tries; it doubles up to `MAX_PAUSE_MS`. */
const FIRST_PAUSE_MS = 5;
const MAX_PAUSE_MS = 250;

const BUSY_MESSAGE =
  'Another program is writing to this library (the app, pwb or a backup), so it cannot be changed right now. Nothing was saved; try again in a moment.';
const READ_ONLY_MESSAGE =
  'This library is read-only (the file or its folder cannot be written), so nothing can be saved. Copy it to a folder you can write to, or fix its permissions, to make changes.';
const DISK_FULL_MESSAGE =
  'The disk holding this library is full, so nothing was saved. Free some space and try again; what was saved before is intact.';
const CORRUPT_MESSAGE =
  'The library file is damaged or is not a Prompt Workbench database. Restore a backup (pwb restore, backups/ beside the library).';

/** The code of a SQLite or file-system error (`SQLITE_BUSY_SNAPSHOT`, `ENOSPC`), if any. */
function codeOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The storage fault behind `error` as an AppError (`busy`, `read_only`, `disk_full`,
 * `corrupt`), or undefined when it is none of them. `file` names the library in the details.
 */
export function storageFault(error: unknown, file?: string): AppError | undefined {
  if (error instanceof AppError) return undefined;
  const code = codeOf(error);
  if (code === undefined) return undefined;
  const details = file === undefined ? { cause: code } : { cause: code, file };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('busy', BUSY_MESSAGE, { ...details, retry_after_s: 1 });
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'EROFS' ||
    code === 'EACCES' ||
    code === 'EPERM'
  ) {
    return new AppError('read_only', READ_ONLY_MESSAGE, details);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('disk_full', DISK_FULL_MESSAGE, details);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new AppError('corrupt', CORRUPT_MESSAGE, details);
  }
  // A write that hit ENOSPC midway is often reported as an I/O error of the write itself.
  if (code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') {
    return new AppError('disk_full', DISK_FULL_MESSAGE, details);
  }
  return undefined;
}

/** `error` as a storage fault when it is one, else unchanged. */
export function asStorageFault(error: unknown, file?: string): unknown {
  return storageFault(error, file) ?? error;
}

/** Options of `retryWhenBusy`; tests shorten the limit. */
export interface BusyRetryOptions {
  limitMs?: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`; when it meets a busy library (another connection holds the write lock) it is
 * run again after a pause on a timer, so the thread serves other requests meanwhile, until
 * `limitMs` has passed; then it fails with `busy`. Other storage faults are classified at once.
 * Safe for our writes: each is one transaction, rolled back whole when the lock is refused.
 */
export async function retryWhenBusy<T>(
  work: () => T | Promise<T>,
  options: BusyRetryOptions = {},
): Promise<T> {
  const limit = options.limitMs ?? BUSY_RETRY_LIMIT_MS;
  const started = Date.now();
  let wait = FIRST_PAUSE_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const fault = storageFault(error);
      if (fault === undefined) throw error;
      if (fault.code !== 'busy' || Date.now() - started + wait > limit) throw fault;
      await pause(wait);
      wait = Math.min(MAX_PAUSE_MS, wait * 2);
    }
  }
}
