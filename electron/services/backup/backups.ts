// Online backups of the library database (VACUUM INTO), daily rotation, and verified restore.
import {
  existsSync,
  mkdirSync,
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

/** The backups of a database, newest first. */
export function listBackups(dbPath: string): { path: string; at: Date; bytes: number }[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith('.db'))
    .map((name) => {
      const info = statSync(join(dir, name));
      return { path: join(dir, name), at: info.mtime, bytes: info.size };
    })
    .sort((a, b) => b.path.localeCompare(a.path));
}

/**
 * Writes a consistent copy of the open database (VACUUM INTO works while the app is running)
 * and keeps only the newest `keep` automatic backups. Returns the backup's path.
 */
export function backupNow(
  db: Db,
  dbPath: string,
  options: { to?: string; now?: Date; keep?: number } = {},
): string {
  const now = options.now ?? new Date();
  const target = options.to
    ? resolve(options.to)
    : join(backupDir(dbPath), `${PREFIX}${stamp(now)}.db`);
  if (existsSync(target)) {
    throw new AppError('conflict', `${target} exists already; choose another file`);
  }
  mkdirSync(dirname(target), { recursive: true });
  db.prepare('VACUUM INTO ?').run(target);
  if (!options.to) {
    for (const old of listBackups(dbPath).slice(options.keep ?? KEEP_BACKUPS)) {
      rmSync(old.path, { force: true });
    }
  }
  return target;
}

/** Takes an automatic backup when the newest one is more than a day old. */
export function dailyBackup(db: Db, dbPath: string, now = new Date()): string | null {
  const newest = listBackups(dbPath)[0];
  if (newest && now.getTime() - newest.at.getTime() < DAY_MS) return null;
  return backupNow(db, dbPath, { now });
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
 */
export function restoreBackup(
  dbPath: string,
  file: string,
): { prompts: number; previous: string | null } {
  const source = resolve(file);
  const target = resolve(dbPath);
  if (source === target) throw new AppError('invalid_input', 'That backup is the library itself');
  const { prompts } = verifyBackup(source);
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
  return { prompts, previous };
}
