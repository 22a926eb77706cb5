// Lists the YAML and partial files of an import in files and folders on disk, and reads them.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { MAX_YAML_BYTES } from '../../../src-shared/yaml/parseYaml';

/** The most files one import may read. */
export const MAX_IMPORT_FILES = 50_000;

const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True for files an import reads: YAML anywhere, `.hbs` partials inside a `partials` folder. */
export function isImportable(path: string): boolean {
  const extension = extname(path).toLowerCase();
  if (YAML_EXTENSIONS.has(extension)) return true;
  return extension === '.hbs' && basename(dirname(path)) === 'partials';
}

/** A file an import will read: where it is on disk and the path messages show. */
export interface ImportSource {
  /** Absolute path on disk. */
  file: string;
  /** Path from the chosen folder's name, `/` separators. */
  path: string;
  /** Size in bytes when listed. */
  bytes: number;
}

/** Reads one listed file as UTF-8 text; names the file when it is not text. */
export function readSource(source: ImportSource): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(source.file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AppError(
      'invalid_input',
      `${source.path}: the file could not be read (${typeof code === 'string' ? code : 'error'})`,
      { file: source.path },
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new AppError('invalid_input', `${source.path}: not valid UTF-8 text`, {
      file: source.path,
    });
  }
}

/** Told once, as soon as the listing reaches `files` files or `bytes` bytes. */
export interface ListingWatch {
  files: number;
  bytes: number;
  reached: () => void;
}

/**
 * Lists every importable file under the given paths, refusing missing paths, non-YAML files
 * and files over the size limit before anything is read. Folders are walked recursively
 * without following symbolic links (no loops, nothing outside the chosen folder); shown paths
 * start at the chosen folder's name. `watch` hears early that the import is a big one.
 */
export function listImportFiles(paths: readonly string[], watch?: ListingWatch): ImportSource[] {
  const files: ImportSource[] = [];
  const seen = new Set<string>();
  let total = 0;
  let watching = watch !== undefined;
  const add = (file: string, shown: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (files.length >= MAX_IMPORT_FILES) {
      throw new AppError('too_large', `More than ${MAX_IMPORT_FILES} files to import`);
    }
    const bytes = lstatSync(file).size;
    if (bytes > MAX_YAML_BYTES) {
      throw new AppError(
        'too_large',
        `${shown}: file is ${bytes} bytes, over the ${MAX_YAML_BYTES}-byte limit`,
        { file: shown },
      );
    }
    files.push({ file, path: shown.split(sep).join('/'), bytes });
    total += bytes;
    if (watching && watch && (files.length >= watch.files || total >= watch.bytes)) {
      watching = false;
      watch.reached();
    }
  };

  for (const given of paths) {
    const root = resolve(given);
    let info;
    try {
      info = lstatSync(root);
    } catch {
      throw new AppError('not_found', `${given}: no such file or folder`, { file: given });
    }
    if (info.isFile()) {
      if (!isImportable(root) && !YAML_EXTENSIONS.has(extname(root).toLowerCase())) {
        throw new AppError('invalid_input', `${given}: not a YAML file (.yaml or .yml)`, {
          file: given,
        });
      }
      add(root, basename(root));
      continue;
    }
    if (!info.isDirectory()) {
      throw new AppError('invalid_input', `${given}: not a file or folder`, { file: given });
    }
    const base = dirname(root);
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.isFile() && isImportable(full)) add(full, relative(base, full));
      }
    }
  }
  return files;
}
