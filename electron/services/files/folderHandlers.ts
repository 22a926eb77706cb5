// The contract's folder operations over a library's import and export, the same on both engines.
import type { Handlers } from '../dispatch';
import { listFolders, resolveFolderPath } from './folderBrowser';
import type { LibraryFiles } from './libraryFiles';

/** importFolder, exportFolder and listFolders (folders of the machine running the service). */
export function folderHandlers(
  files: LibraryFiles,
): Pick<Handlers, 'importFolder' | 'exportFolder' | 'listFolders'> {
  return {
    importFolder: ({ paths, allowSecrets }, { progress }) =>
      files.importPaths(
        paths.map((path) => resolveFolderPath(path)),
        { allowSecrets, onProgress: progress },
      ),
    exportFolder: ({ path, format }, { progress }) =>
      files.exportTo(resolveFolderPath(path), { format, onProgress: progress }),
    listFolders: ({ path }) => listFolders(path),
  };
}
