// The first-run sample library: seeded only when the app creates its default database.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from '../index';

/** Finds resources/sample-library from the source tree or from the bundled main process. */
export function sampleLibraryDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, '../../../resources/sample-library'),
    resolve(here, '../../resources/sample-library'),
    resolve(here, '../resources/sample-library'),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? null;
}

/** Imports the sample library; returns how many prompts it added (0 when it is not found). */
export async function seedSampleLibrary(services: Services): Promise<number> {
  const dir = sampleLibraryDir();
  if (dir === null) return 0;
  return (await services.files.importPaths([dir])).prompts;
}
