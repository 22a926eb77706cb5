// Lists the YAML and partial files of an import in files and folders on disk, and reads them.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { SkippedFile } from '../../../src-shared/library';
import { MAX_YAML_BYTES } from '../../../src-shared/yaml/parseYaml';
import { isFormatPath } from '../../../src-shared/formats/formatFiles';

/** The most files one import may read. */
export const MAX_IMPORT_FILES = 50_000;

const DOCUMENT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * True for files an import reads: YAML and JSON anywhere (JSON counts when it is a seed
 * snapshot or a Langfuse prompt), other tools' prompt files (`.prompty`, `.prompt`),
 * `.hbs` partials inside a `partials` folder.
 */
export function isImportable(path: string): boolean {
  return whyNotImportable(path) === null;
}

/** Why a file in a chosen folder is not read, or null when it is. */
function whyNotImportable(path: string): string | null {
  const extension = extname(path).toLowerCase();
  if (DOCUMENT_EXTENSIONS.has(extension) || isFormatPath(path)) return null;
  if (extension === '.hbs') {
    return basename(dirname(path)) === 'partials'
      ? null
      : 'a .hbs partial is read only inside a folder named partials';
  }
  return "not a seed file (.yaml, .yml, .json, or partials/*.hbs) nor another tool's (.prompty, .prompt)";
}

/** A file an import will read: where it is on disk and the path messages show. */
export interface ImportSource {
  /** Absolute path on disk. */
  file: string;
  /** Path from the chosen folder's name, `/` separators. */
  path: string;
  /** Size in bytes when listed. */
  bytes: number;
  /** Position in the listing (set by listImportFiles; an import's plan reuses the object). */
  order?: number;
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
 * Lists every importable file under the given paths, refusing missing paths, a named file that
 * is not a seed file, and files over the size limit before anything is read. Folders are walked
 * recursively without following symbolic links (no loops, nothing outside the chosen folder);
 * shown paths start at the chosen folder's name. Every other entry met in a folder is added to
 * `skipped` with the reason. `watch` hears early that the import is a big one.
 */
export function listImportFiles(
  paths: readonly string[],
  watch?: ListingWatch,
  skipped: SkippedFile[] = [],
): ImportSource[] {
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
    files.push({ file, path: shown.split(sep).join('/'), bytes, order: files.length });
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
      if (!DOCUMENT_EXTENSIONS.has(extname(root).toLowerCase()) && !isImportable(root)) {
        throw new AppError(
          'invalid_input',
          `${given}: not a YAML or JSON file (nor .prompty or .prompt)`,
          {
            file: given,
          },
        );
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
        if (entry.isDirectory()) {
          stack.push(full);
          continue;
        }
        const shown = relative(base, full);
        const reason = entry.isSymbolicLink()
          ? 'a symbolic link (links are not followed)'
          : entry.isFile()
            ? whyNotImportable(full)
            : 'not a regular file';
        if (reason === null) add(full, shown);
        else skipped.push({ file: shown.split(sep).join('/'), reason });
      }
    }
  }
  return files;
}
