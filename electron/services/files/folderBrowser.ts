// Folder paths as a person types them (`~`, relative) and the folder browser of the folder fields.
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FolderListing } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';

/** Most folder names one listing returns. */
export const MAX_LISTED_FOLDERS = 2000;

/** Where folder paths are read from: the home folder and the starting folder (tests fix them). */
export interface FolderPlaces {
  home: string;
  base: string;
}

const defaultPlaces = (): FolderPlaces => ({ home: os.homedir(), base: process.cwd() });

/**
 * A typed folder path made absolute: `~` and `~/…` start at the home folder, a relative path at
 * `base` (where the server or app was started); anything else is taken as given.
 */
export function resolveFolderPath(typed: string, places: FolderPlaces = defaultPlaces()): string {
  const trimmed = typed.trim();
  if (trimmed.includes('\0')) {
    throw new AppError('invalid_input', 'A folder path cannot contain a NUL character');
  }
  if (trimmed === '~') return places.home;
  if (trimmed.startsWith('~/') || trimmed.startsWith(`~${path.sep}`)) {
    return path.join(places.home, trimmed.slice(2));
  }
  return path.resolve(places.base, trimmed);
}

/**
 * Lists the folders directly inside `typed` (default: `base`). Only real folders are listed:
 * hidden ones (`.git`) and symbolic links are left out, so the browser never leads outside the
 * folders a person opens one by one. Nothing is read but names.
 */
export function listFolders(
  typed: string | undefined,
  places: FolderPlaces = defaultPlaces(),
): FolderListing {
  const folder = resolveFolderPath(typed ?? places.base, places);
  let entries;
  try {
    if (!statSync(folder).isDirectory()) {
      throw new AppError('invalid_input', `${folder} is not a folder`, { path: folder });
    }
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AppError('not_found', `No folder ${folder}`, { path: folder });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('forbidden', `${folder} cannot be read (permission denied)`, {
        path: folder,
      });
    }
    throw error;
  }
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const parent = path.dirname(folder);
  return {
    path: folder,
    parent: parent === folder ? null : parent,
    folders: names.slice(0, MAX_LISTED_FOLDERS),
    truncated: names.length > MAX_LISTED_FOLDERS,
    base: places.base,
    home: places.home,
  };
}
