// Where a file sits in the seed's folder layouts (§2.4, §2.6) and what that says about it.
import { AppError } from '../errors';
import { VERSION_PATTERN, type Prompt } from '../model/prompt';

/**
 * What a file's place says about the prompt in it: `current` (`<id>.yaml`), `history`
 * (`<id>/_versions/<v>.yaml`), `legacy` (`<id>/<v>.yaml`) or `other` (any other name, bundles).
 * Lower rank wins when files disagree.
 */
export type FileRole = 'current' | 'history' | 'legacy' | 'other';

/** Winner order for files claiming the same id and version. */
export const ROLE_RANK: Readonly<Record<FileRole, number>> = {
  current: 0,
  history: 1,
  legacy: 2,
  other: 3,
};

const YAML_EXTENSION = /\.ya?ml$/i;

/** True for `.yaml` and `.yml` files; other files in a library folder are ignored. */
export function isYamlPath(path: string): boolean {
  return YAML_EXTENSION.test(path);
}

/** The folder names above a file and its name without the extension. */
export function splitPath(path: string): { folders: string[]; stem: string } {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const name = segments.pop() ?? '';
  return { folders: segments, stem: name.replace(YAML_EXTENSION, '') };
}

/**
 * The role of a single-prompt file from its path, checking that a version-layout file really
 * holds the prompt and version its path names (else AppError naming the file).
 */
export function roleOf(path: string, prompt: Prompt): FileRole {
  const { folders, stem } = splitPath(path);
  const parent = folders[folders.length - 1];
  const grandparent = folders[folders.length - 2];
  if (parent === '_versions') {
    expectFolder(path, prompt, grandparent);
    expectVersion(path, prompt, stem);
    return 'history';
  }
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
