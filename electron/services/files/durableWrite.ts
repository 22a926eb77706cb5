// One way to replace a file so that a crash or power cut leaves the old file or the new one,
// never a torn one: write a temporary file beside it, sync it, rename it over the target.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** How the file is created: its permission bits (default 0o666 less the umask). */
export interface DurableWriteOptions {
  mode?: number;
}

/**
 * Writes `text` to `target` through a synced temporary file renamed over it. On failure the
 * temporary file is removed and the error (as thrown by `node:fs`) is passed on; the target is
 * untouched. The caller syncs the folder when the rename itself must survive a power cut.
 */
export function writeFileDurably(
  target: string,
  text: string,
  options: DurableWriteOptions = {},
): void {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = openSync(temp, 'wx', options.mode);
    try {
      writeFileSync(handle, text);
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
