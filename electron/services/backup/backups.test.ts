import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import { createServices, type Services } from '../index';
import {
  KEEP_BACKUPS,
  backupDir,
  backupInBackground,
  backupNow,
  dailyBackup,
  dailyBackupInBackground,
  listBackups,
  restoreBackup,
  verifyBackup,
} from './backups';

const root = mkdtempSync(join(tmpdir(), 'pwb-backups-'));
let dir = root;
let count = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  count += 1;
  dir = join(root, `case-${count}`);
});

const document = (id: string, words = 20): Prompt =>
  ({
    id,
    format: 'text',
    template: { content: `Prompt ${id}: ${'lorem ipsum '.repeat(words)}{{name}}` },
    metadata: { tags: ['backup'] },
  }) as unknown as Prompt;

/** A library with `prompts` prompts, open; the caller disposes it. */
function library(prompts: number, words = 20): { services: Services; dbPath: string } {
  const dbPath = join(dir, 'workbench.db');
  const services = createServices({ dbPath, actor: 'test' });
  services.db.transaction(() => {
    for (let index = 0; index < prompts; index += 1) {
      services.prompts.save({ document: document(`p${index}`, words) });
    }
  })();
  return { services, dbPath };
}

/** Runs `check` over a fresh library of `prompts` prompts, then closes it. */
async function withLibrary(
  prompts: number,
  check: (services: Services, dbPath: string) => unknown,
  words = 20,
): Promise<void> {
  const { services, dbPath } = library(prompts, words);
  try {
    await check(services, dbPath);
  } finally {
    services.dispose();
  }
}

describe('backupInBackground', () => {
  it('writes a verified copy holding every prompt, into backups/ beside the library', async () => {
    await withLibrary(30, async (services, dbPath) => {
      const file = await backupInBackground(services.db, dbPath);
      expect(file.startsWith(backupDir(dbPath))).toBe(true);
      expect(verifyBackup(file)).toEqual({ prompts: 30 });
      expect(listBackups(dbPath).map((backup) => backup.path)).toEqual([file]);
    });
  });

  it('leaves one self-contained file: no -wal, -shm or partial file beside it', async () => {
    await withLibrary(5, async (services, dbPath) => {
      const file = await backupInBackground(services.db, dbPath);
      expect(readdirSync(backupDir(dbPath))).toEqual([file.split('/').pop()]);
    });
  });

  it('lets the thread serve other work while it copies a large library', async () => {
    await withLibrary(
      400,
      async (services, dbPath) => {
        let ticks = 0;
        const timer = setInterval(() => (ticks += 1), 0);
        const copying = backupInBackground(services.db, dbPath);
        // Work on the same connection between steps, as the app's other requests would do.
        const listed = services.prompts.list({ limit: 5 }).total;
        const file = await copying;
        clearInterval(timer);
        expect(listed).toBe(400);
        expect(ticks).toBeGreaterThan(0);
        expect(verifyBackup(file)).toEqual({ prompts: 400 });
      },
      400,
    );
  });

  it('carries saves made during the copy into it', async () => {
    await withLibrary(300, async (services, dbPath) => {
      const copying = backupInBackground(services.db, dbPath);
      await new Promise((resolve) => setImmediate(resolve));
      services.prompts.save({ document: document('late') });
      const file = await copying;
      expect(verifyBackup(file)).toEqual({ prompts: 301 });
    });
  });

  it('refuses to overwrite a file, and writes to the file the user chose', async () => {
    await withLibrary(2, async (services, dbPath) => {
      const chosen = join(dir, 'chosen.db');
      writeFileSync(chosen, 'mine');
      await expect(backupInBackground(services.db, dbPath, { to: chosen })).rejects.toThrow(
        AppError,
      );
      const other = join(dir, 'elsewhere', 'copy.db');
      expect(await backupInBackground(services.db, dbPath, { to: other })).toBe(other);
      expect(verifyBackup(other)).toEqual({ prompts: 2 });
      expect(listBackups(dbPath)).toEqual([]);
    });
  });

  it('leaves no file behind when the library closes mid-copy', async () => {
    const { services, dbPath } = library(400);
    const copying = backupInBackground(services.db, dbPath, { to: join(dir, 'cut.db') });
    services.dispose();
    await expect(copying).rejects.toThrow();
    expect(existsSync(join(dir, 'cut.db'))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('cut'))).toEqual([]);
  });

  it('keeps only the newest automatic backups', async () => {
    await withLibrary(1, async (services, dbPath) => {
      for (let day = 1; day <= KEEP_BACKUPS + 2; day += 1) {
        const now = new Date(Date.UTC(2026, 0, day));
        await backupInBackground(services.db, dbPath, { now });
      }
      const kept = listBackups(dbPath);
      expect(kept).toHaveLength(KEEP_BACKUPS);
      const day = (n: number) => `workbench-202601${String(n).padStart(2, '0')}`;
      expect(kept[0]?.path).toContain(day(KEEP_BACKUPS + 2));
      expect(kept.at(-1)?.path).toContain(day(3));
    });
  });

  it('restores like a VACUUM INTO backup', async () => {
    const { services, dbPath } = library(12);
    const file = await backupInBackground(services.db, dbPath);
    services.prompts.save({ document: document('after-backup') });
    services.dispose();
    expect(restoreBackup(dbPath, file)).toMatchObject({ prompts: 12 });
    const reopened = createServices({ dbPath, actor: 'test' });
    try {
      expect(reopened.prompts.list({ limit: 100 }).total).toBe(12);
    } finally {
      reopened.dispose();
    }
  });
});

describe('daily backups', () => {
  it('takes one when none is a day old, and none otherwise (both ways)', async () => {
    await withLibrary(3, async (services, dbPath) => {
      const now = new Date();
      const first = await dailyBackupInBackground(services.db, dbPath, now);
      expect(first).not.toBeNull();
      expect(await dailyBackupInBackground(services.db, dbPath, now)).toBeNull();
      expect(dailyBackup(services.db, dbPath, now)).toBeNull();
      const old = new Date(now.getTime() - 2 * 24 * 60 * 60 * 1000);
      utimesSync(first as string, old, old);
      const later = new Date(now.getTime() + 1000);
      expect(await dailyBackupInBackground(services.db, dbPath, later)).not.toBeNull();
      expect(listBackups(dbPath)).toHaveLength(2);
    });
  });

  it('ignores files named like a backup that are empty or cut off', async () => {
    await withLibrary(3, async (services, dbPath) => {
      const now = new Date();
      const good = backupNow(services.db, dbPath, { now: new Date(now.getTime() - 60_000) });
      const bytes = readFileSync(good);
      rmSync(good);
      mkdirSync(backupDir(dbPath), { recursive: true });
      writeFileSync(join(backupDir(dbPath), 'workbench-20990101-000000Z.db'), '');
      writeFileSync(
        join(backupDir(dbPath), 'workbench-20990101-000001Z.db'),
        bytes.subarray(0, 4096),
      );
      expect(listBackups(dbPath)).toEqual([]);
      const taken = dailyBackup(services.db, dbPath, now);
      expect(taken).not.toBeNull();
      expect(verifyBackup(taken as string)).toEqual({ prompts: 3 });
      expect(listBackups(dbPath).map((entry) => entry.path)).toEqual([taken]);
    });
  });

  it('writes nothing under the backup name when the copy fails', async () => {
    await withLibrary(2, async (services, dbPath) => {
      const target = join(dir, 'chosen.db');
      // A folder where the temporary copy should go makes VACUUM INTO fail.
      mkdirSync(`${target}.partial`);
      expect(() => backupNow(services.db, dbPath, { to: target })).toThrow();
      expect(existsSync(target)).toBe(false);
      expect(listBackups(dbPath)).toEqual([]);
    });
  });

  it('backupNow (the CLI way) still writes a verified copy', async () => {
    await withLibrary(4, async (services, dbPath) => {
      expect(verifyBackup(backupNow(services.db, dbPath))).toEqual({ prompts: 4 });
    });
  });
});
