import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { dumpLibrary } from '../../hardening/libraryDump';
import { createServices } from '../index';
import { listImportFiles } from './folderReader';
import { ImportPool, MAX_IMPORT_THREADS, workerExecArgv } from './importPool';
import { LibraryFiles } from './libraryFiles';
import { sqliteFilesPort } from './sqliteFilesPort';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pwb-import-pool-'));
const folder = join(dir, 'library');
mkdirSync(folder);
for (let index = 0; index < 40; index += 1) {
  writeFileSync(
    join(folder, `p${index}.yaml`),
    `id: p${index}\nformat: text\ntemplate:\n  content: "Prompt ${index} for {{name}}"\n`,
  );
}
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const pools: ImportPool[] = [];
const pool = (options: ConstructorParameters<typeof ImportPool>[0]) => {
  const made = new ImportPool(options);
  pools.push(made);
  return made;
};

afterAll(async () => {
  await Promise.all(pools.map((made) => made.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

function openLibrary(name: string) {
  return createServices({ dbPath: join(dir, `${name}.db`), actor: 'test' });
}

describe('ImportPool', () => {
  it('uses the available cores, but never more than four threads', () => {
    expect(pool({ size: 64 }).size).toBe(MAX_IMPORT_THREADS);
    expect(pool({ size: 0 }).size).toBe(1);
    expect(pool({}).size).toBeGreaterThanOrEqual(1);
    expect(pool({}).size).toBeLessThanOrEqual(MAX_IMPORT_THREADS);
  });

  it('returns results in task order, whichever thread finishes first', async () => {
    const threads = pool({ size: 2 });
    const sources = listImportFiles([folder]);
    const tasks = [sources.slice(0, 30), sources.slice(30, 31), sources.slice(31)].map(
      (share, index) => ({
        sources: share.map((source, offset) => ({ ...source, order: index * 100 + offset })),
        scan: false,
      }),
    );
    const done: number[] = [];
    const results = await threads.run(tasks, (task) => done.push(task));
    expect(await threads.mode()).toBe('threads');
    expect(results.map((result) => (result.ok ? result.contents.prompts.length : -1))).toEqual([
      30, 1, 9,
    ]);
    expect([...done].sort()).toEqual([0, 1, 2]);
  });

  it('starts new threads for a later import after idle ones ended', async () => {
    const threads = pool({ size: 2, idleMs: 10 });
    const task = {
      sources: listImportFiles([join(folder, 'p1.yaml')]).map((s) => ({ ...s, order: 0 })),
      scan: false,
    };
    await threads.run([task]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [again] = await threads.run([task]);
    expect(again).toMatchObject({ ok: true });
  });

  it('serves two imports at once on the same threads', async () => {
    const shared = pool({ size: 2 });
    const first = openLibrary('concurrent-1');
    const second = openLibrary('concurrent-2');
    try {
      const options = { pool: shared, threadsFromFiles: 0 };
      const reports = await Promise.all([
        new LibraryFiles(sqliteFilesPort(first), options).importPaths([folder]),
        new LibraryFiles(sqliteFilesPort(second), options).importPaths([folder]),
      ]);
      expect(reports.map((report) => report.prompts)).toEqual([40, 40]);
      for (const services of [first, second]) {
        expect(services.prompts.list({ limit: 100 }).total).toBe(40);
      }
    } finally {
      first.dispose();
      second.dispose();
    }
  });

  it('starts its threads ahead of a run and serves the run on them', async () => {
    const threads = pool({ size: 2 });
    threads.warm();
    const sources = listImportFiles([folder]).map((source, order) => ({ ...source, order }));
    const results = await threads.run([{ sources, scan: false }]);
    expect(await threads.mode()).toBe('threads');
    expect(results[0]).toMatchObject({ ok: true });
  });

  it('warms harmlessly where it works inline', async () => {
    const inline = pool({ entry: null });
    inline.warm();
    const sources = listImportFiles([join(folder, 'p1.yaml')]).map((s) => ({ ...s, order: 0 }));
    expect(await inline.run([{ sources, scan: false }])).toMatchObject([{ ok: true }]);
    expect(await inline.mode()).toBe('inline');
  });

  it('gives threads the Node flags of this process without its loaders', () => {
    expect(
      workerExecArgv([
        '--import',
        'tsx',
        '--max-old-space-size=512',
        '--require=./hook.cjs',
        '-r',
        'x',
        '--loader',
        'y',
        '--enable-source-maps',
        '--experimental-loader=z',
      ]),
    ).toEqual(['--max-old-space-size=512', '--enable-source-maps']);
  });

  it('still starts threads in a process run with a V8 option beside a loader', async () => {
    const big = join(dir, 'big');
    mkdirSync(big);
    for (let index = 0; index < 70; index += 1) {
      writeFileSync(
        join(big, `b${index}.yaml`),
        `id: b${index}\nformat: text\ntemplate:\n  content: Hi\n`,
      );
    }
    const child = fileURLToPath(new URL('./fixtures/importOnce.ts', import.meta.url));
    const { stdout } = await run(
      process.execPath,
      ['--max-old-space-size=256', '--import', 'tsx', child, join(dir, 'flags.db'), big],
      { cwd: fileURLToPath(new URL('../../../', import.meta.url)), timeout: 60_000 },
    );
    expect(stdout).toContain('mode threads');
    expect(stdout).toContain('done 70');
  });

  it('works inline when its entry cannot start, and says so', async () => {
    const broken = pool({ size: 2, entry: fixture('brokenWorker.mjs') });
    const services = openLibrary('broken-entry');
    try {
      const files = new LibraryFiles(sqliteFilesPort(services), {
        pool: broken,
        threadsFromFiles: 0,
      });
      expect(await files.importPaths([folder])).toMatchObject({ prompts: 40 });
      expect(await broken.mode()).toBe('inline');
    } finally {
      services.dispose();
    }
  });
});

describe('a worker thread that crashes mid-import', () => {
  it('fails the import with an internal error a person can read, and writes nothing', async () => {
    const crashing = pool({ size: 2, entry: fixture('crashingWorker.mjs') });
    const services = openLibrary('crash');
    try {
      const before = dumpLibrary(services.db);
      const files = new LibraryFiles(sqliteFilesPort(services), {
        pool: crashing,
        threadsFromFiles: 0,
      });
      const failure = await files.importPaths([folder]).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('internal');
      expect((failure as AppError).message).toMatch(/worker failed; nothing was imported/);
      expect(dumpLibrary(services.db)).toBe(before);
    } finally {
      services.dispose();
    }
  });

  it('leaves the pool able to import once threads work again', async () => {
    const services = openLibrary('after-crash');
    const crashing = pool({ size: 2, entry: fixture('crashingWorker.mjs') });
    try {
      const files = new LibraryFiles(sqliteFilesPort(services), {
        pool: crashing,
        threadsFromFiles: 0,
      });
      await expect(files.importPaths([folder])).rejects.toThrow(/worker failed/);
      await expect(files.importPaths([folder])).rejects.toThrow(/worker failed/);
      const healthy = new LibraryFiles(sqliteFilesPort(services), {
        pool: pool({ size: 2 }),
        threadsFromFiles: 0,
      });
      expect(await healthy.importPaths([folder])).toMatchObject({ prompts: 40, versions: 40 });
    } finally {
      services.dispose();
    }
  });
});
