// Bundles the Electron main process (ESM), its import worker (ESM) and the sandboxed preload
// (CommonJS) into out/.
import { build } from 'esbuild';
import { REQUIRE_BANNER } from './cachedBundle.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // esbuild only bundles the import worker when running from TypeScript source, never here.
  external: ['electron', 'better-sqlite3', 'esbuild'],
  logLevel: 'warning',
};
// CommonJS dependencies inside an ES module bundle need a require of their own.
const esm = {
  format: 'esm',
  banner: { js: REQUIRE_BANNER },
};

await build({
  ...common,
  ...esm,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'out/main/index.js',
});

// Imports read, parse and scan files on worker threads; the pool looks for this file beside
// the main bundle (electron/services/files/workerEntry.ts) and works inline without it.
await build({
  ...common,
  ...esm,
  entryPoints: ['electron/services/files/importWorker.ts'],
  outfile: 'out/main/importWorker.mjs',
});

// Sandboxed preloads must be CommonJS.
await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'out/preload/index.cjs',
  format: 'cjs',
});
