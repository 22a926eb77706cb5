#!/usr/bin/env node
// Entry point of the `pwb` command. Runs the CLI as one esbuild bundle in out/cli (rebuilt when a
// source file changed): loading one file starts in a fraction of the time tsx needs to compile
// a hundred modules on every run. Without esbuild (a production install) it runs the sources
// through tsx.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function bundled() {
  try {
    const { cachedBundle } = await import('../scripts/cachedBundle.mjs');
    const outDir = join(root, 'out', 'cli');
    // The import pool looks for its worker beside the code that starts it. Only an import
    // starts workers, so other commands skip checking that bundle's sources ("import" anywhere
    // in the arguments is enough to check it: a spare check costs milliseconds).
    if (process.argv.slice(2).includes('import')) {
      await cachedBundle({
        root,
        entry: join(root, 'electron/services/files/importWorker.ts'),
        outfile: join(outDir, 'importWorker.mjs'),
      });
    }
    return await cachedBundle({
      root,
      entry: join(root, 'electron/cli/entry.ts'),
      outfile: join(outDir, 'pwb.mjs'),
    });
  } catch {
    return null;
  }
}

const bundle = process.env.PWB_FROM_SOURCE ? null : await bundled();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/entry.ts');
}
