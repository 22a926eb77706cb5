// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS) into out/.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'out/main/index.js',
  format: 'esm',
  banner: {
    js: "import { createRequire as __pwbRequire } from 'node:module'; const require = __pwbRequire(import.meta.url);",
  },
});

// Sandboxed preloads must be CommonJS.
await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'out/preload/index.cjs',
  format: 'cjs',
});
