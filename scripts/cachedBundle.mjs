// Bundles a TypeScript entry with esbuild into one ES module and reuses it while no input changed.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Gives an ES module bundle a `require` for the CommonJS code it inlines. */
export const REQUIRE_BANNER =
  "import { createRequire as __pwbRequire } from 'node:module'; const require = __pwbRequire(import.meta.url);";

/**
 * Returns `outfile`, bundling `entry` into it first unless the inputs recorded beside it are
 * unchanged (same mtime and size). Concurrent callers each write temp files and rename them
 * into place, so a reader never sees half a bundle.
 * @param {{ root: string, entry: string, outfile: string, external?: string[] }} options
 * @returns {Promise<string>}
 */
export async function cachedBundle({ root, entry, outfile, external = [] }) {
  const stampsFile = `${outfile}.inputs.json`;
  if (unchanged(stampsFile, outfile)) return outfile;
  const { build } = await import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  const unique = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const temp = `${outfile}.${unique}.tmp`;
  const stampsTemp = `${stampsFile}.${unique}.tmp`;
  try {
    const result = await build({
      entryPoints: [entry],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      absWorkingDir: root,
      logLevel: 'silent',
      external: ['electron', 'better-sqlite3', 'esbuild', ...external],
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

/** @param {string} path */
function stamp(path) {
  const info = statSync(path);
  return { path, mtimeMs: info.mtimeMs, size: info.size };
}

/** @param {string} stampsFile @param {string} outfile */
function unchanged(stampsFile, outfile) {
  try {
    statSync(outfile);
    /** @type {{ path: string, mtimeMs: number, size: number }[]} */
    const stamps = JSON.parse(readFileSync(stampsFile, 'utf8'));
    return stamps.every((old) => {
      const now = stamp(old.path);
      return now.mtimeMs === old.mtimeMs && now.size === old.size;
    });
  } catch {
    return false;
  }
}
