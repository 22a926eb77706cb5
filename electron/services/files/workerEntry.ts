// Finds the import worker's code: beside the bundle in a build, or bundled once from the source.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The worker bundle's file name, beside `out/main/index.js` in a build. */
export const WORKER_BUNDLE = 'importWorker.mjs';

/** Gives an ES module bundle a `require` for the CommonJS code it inlines (as scripts/cachedBundle.mjs does). */
export const REQUIRE_BANNER =
  "import { createRequire as __pwbRequire } from 'node:module'; const require = __pwbRequire(import.meta.url);";

/**
 * The worker entry for code loaded from `moduleUrl`. A bundle (the Electron main process,
 * `pwb` in out/cli) finds `importWorker.mjs` beside itself. TypeScript source (tsx, vitest)
 * bundles `importWorker.ts` through scripts/cachedBundle.mjs into `node_modules/.cache`,
 * reused while no input changed: a thread loading one file starts in a fraction of the time
 * tsx needs for a hundred modules. `null` when neither works; imports then run inline.
 */
export async function importWorkerEntry(moduleUrl: string): Promise<URL | null> {
  const here = new URL(moduleUrl);
  if (here.protocol !== 'file:') return null;
  if (!here.pathname.endsWith('.ts')) {
    const bundled = new URL(`./${WORKER_BUNDLE}`, here);
    return existsSync(fileURLToPath(bundled)) ? bundled : null;
  }
  try {
    return pathToFileURL(await bundleFromSource(here));
  } catch {
    return null;
  }
}

/** The options and result of scripts/cachedBundle.mjs, which bin/pwb.mjs uses too. */
type CachedBundle = (options: { root: string; entry: string; outfile: string }) => Promise<string>;

async function bundleFromSource(here: URL): Promise<string> {
  const root = fileURLToPath(new URL('../../../', here));
  // A computed specifier: bundles never take this path, so they must not pull the script in.
  const script = new URL('../../../scripts/cachedBundle.mjs', here).href;
  const { cachedBundle } = (await import(script)) as { cachedBundle: CachedBundle };
  return cachedBundle({
    root,
    entry: fileURLToPath(new URL('./importWorker.ts', here)),
    // Checkouts may share one node_modules (git worktrees): each gets its own bundle.
    outfile: join(root, 'node_modules', '.cache', 'pwb-worker', checkoutKey(root), WORKER_BUNDLE),
  });
}

/** A short, stable name for the checkout at `root`. */
function checkoutKey(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 12);
}
