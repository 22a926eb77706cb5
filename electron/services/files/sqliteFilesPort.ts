// The import and export port over a SQLite library: the version store's writes and the services.
import type { Services } from '../index';
import { cachedStatement } from '../store/statements';
import {
  insertVersionRow,
  readCurrent,
  readVersion,
  setCurrent,
  setRegistry,
} from '../prompts/versionStore';
import type { ImportWriter, LibraryFilesPort, PromptToExport } from './libraryPort';

/** The services an import or export writes through. */
export type LibraryStores = Pick<
  Services,
  'db' | 'audit' | 'prompts' | 'schemas' | 'partials' | 'tests' | 'labels'
>;

/** Prompts read per page by an export. */
const PAGE = 1000;

/**
 * The port over the SQLite services. Every method answers synchronously (better-sqlite3), so the
 * import's transaction never yields to the event loop: nothing else runs inside it.
 */
export function sqliteFilesPort(services: LibraryStores): LibraryFilesPort {
  const { db, audit, prompts, schemas, partials, tests, labels } = services;
  const writer: ImportWriter = {
    stored: async (id) => {
      const current = readCurrent(db, id);
      if (!current) return undefined;
      const rows = cachedStatement(
        db,
        'SELECT version, checksum FROM prompt_versions WHERE prompt_id = ?',
      ).all(id) as { version: string; checksum: string }[];
      return {
        current: current.current_version,
        checksums: new Map(rows.map((row) => [row.version, row.checksum])),
      };
    },
    insertVersion: async (row) => insertVersionRow(db, row),
    setRegistry: async (entry) => setRegistry(db, entry),
    setCurrentStored: async (id, version) => {
      const stored = readVersion(db, id, version);
      if (stored) setCurrent(db, stored.document);
    },
    // Other windows on a SQLite library follow its data version; nothing to send.
    announce: async () => undefined,
    audit: async (entry) => void audit.record(entry),
    replaceTests: async (id, cases, file) => tests.replace(id, cases, file).length,
    label: async (id, label) => labels.list(id).find((entry) => entry.label === label)?.version,
    setLabel: async (id, label, version) => void labels.set(id, label, version),
    saveSchemas: async (list, sources) => schemas.saveMany(list, sources),
    savePartial: async (name, content) => partials.save(name, content),
  };
  return {
    async importing(work) {
      // Opened by hand because the work is written once for both engines as async code; see above
      // for why no other statement can slip into it.
      db.exec('BEGIN');
      try {
        const value = await work(writer);
        db.exec('COMMIT');
        return value;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    async contents() {
      const entries: PromptToExport[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = prompts.list({ limit: PAGE, offset });
        for (const summary of page.items) {
          const current = prompts.get(summary.id);
          const versions = prompts.history(summary.id).map((record) => ({
            prompt: prompts.get(summary.id, record.version),
            changelog: record.changelog,
            author: record.author,
            created_at: record.created_at,
          }));
          const pointers = Object.fromEntries(
            labels.list(summary.id).map(({ label, version }) => [label, version]),
          );
          entries.push({ current, versions, labels: pointers });
        }
        if (page.items.length < PAGE) break;
      }
      return {
        prompts: entries,
        schemas: schemas.all(),
        schemaSources: schemas.sources(),
        partials: partials.all(),
        tests: tests.promptsWithCases().map((id) => ({ id, cases: tests.list(id) })),
      };
    },
  };
}
