// Builds the renderer page (app/) into out/renderer: React via oxc's JSX, Monaco with its workers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { HtmlTagDescriptor, Plugin } from 'vite';

const appRoot = fileURLToPath(new URL('./app', import.meta.url));
const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

/**
 * The entry (app/main.tsx) is small and loads the workbench with a dynamic import, so it can
 * start the library request at once. This lists the workbench chunk and its static imports as
 * `modulepreload` links in index.html: they download alongside the entry instead of after it.
 */
function preloadWorkbench(entry: string): Plugin {
  return {
    name: 'pwb-preload-workbench',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle;
        if (!bundle) return;
        const start = Object.values(bundle).find(
          (output) => output.type === 'chunk' && output.facadeModuleId?.endsWith(entry),
        );
        if (!start || start.type !== 'chunk') return;
        const closure = (from: string, into: Set<string>): Set<string> => {
          const chunk = bundle[from];
          if (into.has(from) || !chunk || chunk.type !== 'chunk') return into;
          into.add(from);
          for (const imported of chunk.imports) closure(imported, into);
          return into;
        };
        // What the entry imports statically, Vite lists already.
        const listed = new Set<string>();
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk' && output.isEntry) closure(output.fileName, listed);
        }
        const files = [...closure(start.fileName, new Set())].filter((file) => !listed.has(file));
        return files.map((file): HtmlTagDescriptor => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head',
        }));
      },
    },
  };
}

export default defineConfig({
  root: appRoot,
  // Relative asset URLs: the page is served from `pwb serve` and from Electron's custom scheme.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [preloadWorkbench('/app/startWorkbench.tsx')],
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows scripts from 'self' only: no inline polyfill script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    // A person running `npm start` the first time should see one line, not the bundler's
    // plugin-timing report.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { port: 5173, strictPort: false },
});
