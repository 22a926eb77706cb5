// Unsaved changes of a team library stay on this machine: one small SQLite file per library in
// the app's own folder (beside its settings), named by the library's URL without the password,
// served by the same DraftStore a SQLite library uses.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Handlers } from '../dispatch';
import { openDatabase } from '../store/database';
import type { Database } from '../store/database';
import { DraftStore } from './draftStore';

/** The library's URL as the key of its drafts: no password, no query, lower-cased host. */
export function libraryIdentity(libraryUrl: string): string {
  const url = new URL(libraryUrl);
  const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
  const scheme = 'postgres:';
  return `${scheme}//${user}${url.host.toLowerCase()}${url.pathname === '' ? '/' : url.pathname}`;
}

/** The file that keeps the unsaved changes of `libraryUrl` inside `folder`. */
export function localDraftsFile(folder: string, libraryUrl: string): string {
  const digest = createHash('sha256')
    .update(libraryIdentity(libraryUrl))
    .digest('hex')
    .slice(0, 24);
  return join(folder, 'drafts', `${digest}.db`);
}

/** The open local store of one library's unsaved changes. */
export interface LocalDrafts {
  file: string;
  drafts: DraftStore;
  close(): void;
}

/** Opens (creating) the local store of `libraryUrl`'s unsaved changes inside `folder`. */
export function openLocalDrafts(
  folder: string,
  libraryUrl: string,
  clock: () => Date = () => new Date(),
): LocalDrafts {
  const file = localDraftsFile(folder, libraryUrl);
  const db: Database = openDatabase(file);
  return {
    file,
    drafts: new DraftStore(db, clock),
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** The contract's draft operations over a local store. */
export function draftHandlers(
  drafts: DraftStore,
): Pick<Handlers, 'getDraft' | 'listDrafts' | 'putDraft' | 'deleteDraft'> {
  return {
    getDraft: ({ id }) => drafts.get(id),
    listDrafts: () => drafts.list(),
    putDraft: ({ id, document, base }) => {
      drafts.put(id, document, base);
      return { saved: true };
    },
    deleteDraft: ({ id }) => {
      drafts.delete(id);
      return { deleted: true };
    },
  };
}
