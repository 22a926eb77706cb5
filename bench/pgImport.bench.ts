// A folder imported into a SQLite library and into a PostgreSQL one in the same run: a generated
// library (electron/testKit/generatedLibrary.ts) of prompts with three versions each, test cases,
// schemas and partials in the seed layout; each import in a process of its own (importOnce.ts),
// the two engines taking turns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importWorkerEntry } from '../electron/services/files/workerEntry';
import { writeGeneratedLibrary } from '../electron/testKit/generatedLibrary';
import type { TestPostgres } from '../electron/testKit/postgresServer';
import { summarize } from './stats';
import { importInChild } from './store.bench';

/**
 * Imports the folder `runs` times into a fresh library on each engine (SQLite first in even runs,
 * PostgreSQL first in odd ones); ms per prompt of the whole import and of its write, and the
 * median of the per-run ratios PostgreSQL / SQLite.
 */
export async function runPgImportBench(
  server: TestPostgres,
  prompts: number,
  runs: number,
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-pgimport-'));
  try {
    const folder = join(dir, 'library');
    const { versions } = await writeGeneratedLibrary(folder, prompts);
    await importWorkerEntry(
      new URL('../electron/services/files/importPool.ts', import.meta.url).href,
    );
    const whole: Record<'sqlite' | 'postgres', number[]> = { sqlite: [], postgres: [] };
    const write: Record<'sqlite' | 'postgres', number[]> = { sqlite: [], postgres: [] };
    for (let run = 0; run < runs; run += 1) {
      const engines =
        run % 2 === 0 ? (['sqlite', 'postgres'] as const) : (['postgres', 'sqlite'] as const);
      for (const engine of engines) {
        const db =
          engine === 'sqlite' ? join(dir, `import-${run}.db`) : await server.createDatabase();
        try {
          const result = await importInChild(folder, db, 'scan');
          if (result.prompts !== prompts || result.versions !== versions) {
            throw new Error(
              `pg import bench: ${engine} imported ${result.prompts} prompts and ${result.versions} versions, not ${prompts} and ${versions}`,
            );
          }
          whole[engine].push(result.ms / prompts);
          write[engine].push(result.writeMs / prompts);
        } finally {
          if (engine === 'postgres') await server.dropDatabase(db);
        }
      }
    }
    const ratios = (values: Record<'sqlite' | 'postgres', number[]>) =>
      summarize(values.postgres.map((value, index) => value / (values.sqlite[index] ?? NaN)))
        .median;
    return {
      'pg.import_ms_per_prompt': summarize(whole.postgres).median,
      'pg.sqlite_import_ms_per_prompt': summarize(whole.sqlite).median,
      'pg.import_vs_sqlite': ratios(whole),
      'pg.import_write_ms_per_prompt': summarize(write.postgres).median,
      'pg.sqlite_import_write_ms_per_prompt': summarize(write.sqlite).median,
      'pg.import_write_vs_sqlite': ratios(write),
      'pg.import_prompts': prompts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
