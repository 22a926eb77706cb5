// Where a file sits in the seed's folder layouts (§2.4, §2.6) and what that says about it.
import { AppError } from '../errors';
import { VERSION_PATTERN, type Prompt } from '../model/prompt';

/**
 * What a file's place says about the prompt in it: `current` (`<id>.yaml`), `history`
 * (`<id>/_versions/<v>.yaml`), `snapshot` (the seed's JSON snapshot `<id>/_versions/<v>.json`),
 * `legacy` (`<id>/<v>.yaml`) or `other` (any other name, bundles, version-store JSON files).
 * Lower rank wins when files disagree: the seed reads `_versions` YAML before JSON, and never
 * reads legacy files.
 */
export type FileRole = 'current' | 'history' | 'snapshot' | 'legacy' | 'other';

/** Winner order for files claiming the same id and version. */
export const ROLE_RANK: Readonly<Record<FileRole, number>> = {
  current: 0,
  history: 1,
  snapshot: 2,
  legacy: 3,
  other: 4,
};

const YAML_EXTENSION = /\.ya?ml$/i;
const JSON_EXTENSION = /\.json$/i;
const DOCUMENT_EXTENSION = /\.(ya?ml|json)$/i;

/** True for `.yaml` and `.yml` files. */
export function isYamlPath(path: string): boolean {
  return YAML_EXTENSION.test(path);
}

/** True for `.json` files: read when their content is a seed version snapshot. */
export function isJsonPath(path: string): boolean {
  return JSON_EXTENSION.test(path);
}

/** True for the files a library read looks into: YAML documents and JSON snapshots. */
export function isDocumentPath(path: string): boolean {
  return DOCUMENT_EXTENSION.test(path);
}

/** The folder names above a file and its name without the extension. */
export function splitPath(path: string): { folders: string[]; stem: string } {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const name = segments.pop() ?? '';
  return { folders: segments, stem: name.replace(DOCUMENT_EXTENSION, '') };
}

/**
 * The role of a single-prompt file from its path, checking that a version-layout file really
 * holds the prompt and version its path names (else AppError naming the file).
 */
export function roleOf(path: string, prompt: Prompt): FileRole {
  const { folders, stem } = splitPath(path);
  const parent = folders[folders.length - 1];
  const grandparent = folders[folders.length - 2];
  const json = isJsonPath(path);
  if (parent === '_versions') {
    expectFolder(path, prompt, grandparent);
    expectVersion(path, prompt, stem);
    return json ? 'snapshot' : 'history';
  }
  // JSON elsewhere is the seed's version store (`<id>_<v>.json`): a copy, never the current file.
  if (json) return 'other';
  if (stem === prompt.id) return 'current';
  if (VERSION_PATTERN.test(stem) && parent !== undefined) {
    expectFolder(path, prompt, parent);
    expectVersion(path, prompt, stem);
    return 'legacy';
  }
  return 'other';
}

function expectFolder(path: string, prompt: Prompt, folder: string | undefined): void {
  if (folder === prompt.id) return;
  const where = folder === undefined ? 'no prompt folder' : `the folder '${folder}'`;
  throw new AppError(
    'invalid_input',
    `${path}: holds prompt '${prompt.id}' but sits in ${where}; a version file belongs in <id>/_versions/ or <id>/ of its own prompt`,
    { file: path },
  );
}

function expectVersion(path: string, prompt: Prompt, stem: string): void {
  if (stem === prompt.version) return;
  throw new AppError(
    'invalid_input',
    `${path}: holds version ${prompt.version} but its file name says '${stem}'`,
    { file: path },
  );
}
