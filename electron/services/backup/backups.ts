// Online backups of the library database (VACUUM INTO, or paged in the background), daily
// rotation, and verified restore.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  copyFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import type { Database as Db } from '../store/database';
import { findUnrenderableTemplates, type UnrenderableTemplate } from './restoreCheck';
import { asStorageFault } from '../store/faults';

/** How many automatic backups are kept. */
export const KEEP_BACKUPS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'workbench-';

/** The folder backups of a database go to: `backups/` beside it. */
export function backupDir(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'backups');
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * True when `file` looks like a complete SQLite database: the header's magic, and a size equal
 * to the page count times the page size the header records. A cheap check (no full read) that
 * tells a finished backup from an empty or cut-off file.
 */
export function looksComplete(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return false;
    if (!header.subarray(0, 16).equals(SQLITE_MAGIC)) return false;
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    return pages > 0 && statSync(file).size === pages * pageSize;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The backups of a database, newest first; files that are not complete backups are ignored. */
export function listBackups(dbPath: string): { path: string; at: Date; bytes: number }[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith('.db'))
    .filter((name) => looksComplete(join(dir, name)))
    .map((name) => {
      const info = statSync(join(dir, name));
      return { path: join(dir, name), at: info.mtime, bytes: info.size };
    })
    .sort((a, b) => b.path.localeCompare(a.path));
}

/** Where a backup goes, and how many automatic ones to keep. */
export interface BackupOptions {
  /** A file chosen by the user; automatic backups go to `backups/` beside the library. */
  to?: string;
  now?: Date;
  keep?: number;
}

/** The target file of a backup; refuses to overwrite one and creates its folder. */
function backupTarget(dbPath: string, options: BackupOptions): string {
  const target = options.to
    ? resolve(options.to)
    : join(backupDir(dbPath), `${PREFIX}${stamp(options.now ?? new Date())}.db`);
  if (existsSync(target)) {
    throw new AppError('conflict', `${target} exists already; choose another file`);
  }
  mkdirSync(dirname(target), { recursive: true });
  return target;
}

/** Keeps only the newest `keep` automatic backups (never a file the user chose). */
function rotate(dbPath: string, options: BackupOptions): void {
  if (options.to) return;
  for (const old of listBackups(dbPath).slice(options.keep ?? KEEP_BACKUPS)) {
    rmSync(old.path, { force: true });
  }
}

/**
 * Writes a consistent copy of the open database (VACUUM INTO works while the app is running)
 * and keeps only the newest `keep` automatic backups. Returns the backup's path. The copy is
 * written under a temporary name and renamed only once complete and passing `integrity_check`:
 * a failed backup (disk full, say) leaves nothing behind. It holds the thread until done: for
 * the CLI; the app uses backupInBackground.
 */
export function backupNow(db: Db, dbPath: string, options: BackupOptions = {}): string {
  const target = backupTarget(dbPath, options);
  const temp = `${target}.partial`;
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    checkCopy(temp);
    renameSync(temp, target);
  } catch (error) {
    throw asStorageFault(error, target);
  } finally {
    removeTemp(temp);
  }
  rotate(dbPath, options);
  return target;
}

/** Refuses a copy that fails `integrity_check`, so a damaged copy is never named as a backup. */
function checkCopy(file: string): void {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') {
      throw new AppError(
        'corrupt',
        `The backup copy failed its integrity check (${String(check)}); nothing was kept.`,
      );
    }
  } finally {
    copy.close();
  }
}

function removeTemp(temp: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${temp}${suffix}`, { force: true });
}

/** Pages copied per step of a background backup: about 1 MB, a millisecond or so of work. */
const PAGES_PER_STEP = 256;

/**
 * Like backupNow, but through SQLite's online backup API a step at a time, so the thread
 * keeps serving between steps. Writes made meanwhile through `db` are carried into the copy.
 * The copy is written under a temporary name and renamed once complete, so a crash or a
 * closed library never leaves a partial file that looks like a backup.
 */
export async function backupInBackground(
  db: Db,
  dbPath: string,
  options: BackupOptions = {},
): Promise<string> {
  const target = backupTarget(dbPath, options);
  const temp = `${target}.partial`;
  try {
    await db.backup(temp, { progress: () => PAGES_PER_STEP });
    // The copy inherits WAL mode from the library; a single file is what a backup should be.
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkCopy(temp);
    renameSync(temp, target);
  } catch (error) {
    throw asStorageFault(error, target);
  } finally {
    removeTemp(temp);
  }
  rotate(dbPath, options);
  return target;
}

/** True when the newest automatic backup is less than a day old. */
function backedUpToday(dbPath: string, now: Date): boolean {
  const newest = listBackups(dbPath)[0];
  return newest !== undefined && now.getTime() - newest.at.getTime() < DAY_MS;
}

/** Takes an automatic backup when the newest one is more than a day old (not of a read-only library). */
export function dailyBackup(db: Db, dbPath: string, now = new Date()): string | null {
  return db.readonly || backedUpToday(dbPath, now) ? null : backupNow(db, dbPath, { now });
}

/** dailyBackup through backupInBackground: for the app, which must keep serving its window. */
export async function dailyBackupInBackground(
  db: Db,
  dbPath: string,
  now = new Date(),
): Promise<string | null> {
  if (db.readonly || backedUpToday(dbPath, now)) return null;
  return backupInBackground(db, dbPath, { now });
}

/** Checks that a file is an intact workbench database; throws a clear error if not. */
export function verifyBackup(file: string): { prompts: number } {
  if (!existsSync(file)) throw new AppError('not_found', `${file}: no such backup`);
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new AppError('invalid_input', `${file}: integrity check failed (${String(check)})`);
    const hasPrompts = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'prompts'")
      .get();
    if (!hasPrompts) throw new AppError('invalid_input', `${file}: not a Prompt Workbench library`);
    const row = db.prepare('SELECT count(*) AS n FROM prompts').get() as { n: number };
    return { prompts: row.n };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_input', `${file}: not a readable SQLite database`);
  } finally {
    db?.close();
  }
}

/**
 * Replaces the library at `dbPath` with a verified backup. The library must not be open.
 * The replaced library is itself kept as a backup first, so a restore can be undone.
 * Current versions and shared partials whose templates do not parse are restored as they are
 * and listed in `unrenderable` (see restoreCheck.ts).
 */
export function restoreBackup(
  dbPath: string,
  file: string,
): { prompts: number; previous: string | null; unrenderable: UnrenderableTemplate[] } {
  const source = resolve(file);
  const target = resolve(dbPath);
  if (source === target) throw new AppError('invalid_input', 'That backup is the library itself');
  const { prompts } = verifyBackup(source);
  const unrenderable = findUnrenderableTemplates(source);
  let previous: string | null = null;
  if (existsSync(target)) {
    const current = new Database(target);
    try {
      previous = backupNow(current, target, {
        to: join(backupDir(target), `before-restore-${stamp(new Date())}-${basename(source)}`),
      });
    } finally {
      current.close();
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.restoring`;
  copyFileSync(source, temp);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(temp, target);
  return { prompts, previous, unrenderable };
}
