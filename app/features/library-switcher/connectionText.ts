// How the page names the library it is connected to, and as whom (status bar, switcher).
import type { LibraryConnection } from '../../state/faultsSlice';

/** The short name of a library: `host:port/db` for a team library, the file name for SQLite. */
export function shortLibraryName(connection: Pick<LibraryConnection, 'engine' | 'dbPath'>): string {
  if (connection.engine === 'postgres') {
    try {
      const url = new URL(connection.dbPath);
      return `${url.host}${url.pathname}`;
    } catch {
      return connection.dbPath;
    }
  }
  const parts = connection.dbPath.split(/[\\/]/);
  return parts[parts.length - 1] || connection.dbPath;
}

/** "PostgreSQL" or "SQLite". */
export function engineName(engine: LibraryConnection['engine']): string {
  return engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
}

/** What the role lets a person do, in a few words. */
export const ROLE_WORDS: Record<LibraryConnection['role'], string> = {
  viewer: 'may read, render, run and test; not save',
  editor: 'may save, delete and move labels other than production',
  publisher: 'may save and move every label, production included',
  admin: 'may do everything',
};
