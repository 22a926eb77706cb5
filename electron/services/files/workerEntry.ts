// Finds the import worker's code: beside the bundle in a build, or bundled once from the source.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The worker bundle's file name, beside `out/main/index.js` in a build. */
export const WORKER_BUNDLE = 'importWorker.mjs';

/** Lines that give an ES module bundle a `require` for the CommonJS code it inlines. */
export const REQUIRE_BANNER =
  "import { createRequire as __pwbRequire } from 'node:module'; const require = __pwbRequire(import.meta.url);";

interface Stamp {
  path: string;
  mtimeMs: number;
  size: number;
}

/**
 * The worker entry for code loaded from `moduleUrl`. A bundle (the Electron main process)
 * finds `importWorker.mjs` beside itself. TypeScript source (tsx, vitest) bundles
 * `importWorker.ts` with esbuild into `node_modules/.cache`, reused while no input changed:
 * a thread loading one file starts in a fraction of the time tsx needs for a hundred.
 * `null` when neither works; imports then run inline.
 */
export async function importWorkerEntry(moduleUrl: string): Promise<URL | null> {
  const here = new URL(moduleUrl);
  if (here.protocol !== 'file:') return null;
  if (!here.pathname.endsWith('.ts')) {
    const bundled = new URL(`./${WORKER_BUNDLE}`, here);
    return existsSync(fileURLToPath(bundled)) ? bundled : null;
  }
  try {
    return pathToFileURL(await bundleFromSource(fileURLToPath(new URL('./importWorker.ts', here))));
  } catch {
    return null;
  }
}

async function bundleFromSource(source: string): Promise<string> {
  const root = resolve(dirname(source), '../../..');
  const cache = join(root, 'node_modules', '.cache', 'pwb-worker');
  const outfile = join(cache, WORKER_BUNDLE);
  const stampsFile = join(cache, 'inputs.json');
  if (existsSync(outfile) && existsSync(stampsFile) && unchanged(stampsFile)) return outfile;

  const { build } = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  // Other processes (parallel test files) may build at the same time: each writes its own
  // files and renames them into place, so a reader never sees half a bundle.
  const unique = `${process.pid}-${Date.now()}`;
  const temp = join(cache, `${WORKER_BUNDLE}.${unique}.tmp`);
  const stampsTemp = `${stampsFile}.${unique}.tmp`;
  try {
    const result = await build({
      entryPoints: [source],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      absWorkingDir: root,
      logLevel: 'silent',
      banner: { js: REQUIRE_BANNER },
    });
    const stamps = Object.keys(result.metafile.inputs).map((input) => stamp(resolve(root, input)));
    writeFileSync(stampsTemp, JSON.stringify(stamps));
    renameSync(temp, outfile);
    renameSync(stampsTemp, stampsFile);
    return outfile;
  } finally {
    rmSync(temp, { force: true });
    rmSync(stampsTemp, { force: true });
  }
}

function stamp(path: string): Stamp {
  const info = statSync(path);
  return { path, mtimeMs: info.mtimeMs, size: info.size };
}

function unchanged(stampsFile: string): boolean {
  try {
    const stamps = JSON.parse(readFileSync(stampsFile, 'utf8')) as Stamp[];
    return stamps.every((old) => {
      const now = stamp(old.path);
      return now.mtimeMs === old.mtimeMs && now.size === old.size;
    });
  } catch {
    return false;
  }
}
