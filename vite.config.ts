// Builds the renderer page (app/) into out/renderer: React via oxc's JSX, Monaco with its workers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const appRoot = fileURLToPath(new URL('./app', import.meta.url));
const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

export default defineConfig({
  root: appRoot,
  // Relative asset URLs: the page is served from `pwb serve` and from Electron's custom scheme.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows scripts from 'self' only: no inline polyfill script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  server: { port: 5173, strictPort: false },
});
