// Low-level writes of prompt history, shared by saving and importing; callers own the transaction.
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { Database } from '../store/database';
import { cachedStatement } from '../store/statements';
import {
  encodeVersion,
  registryEntry,
  type EncodedVersion,
  type RegistryEntry,
} from './versionEncoding';

export {
  contentChecksum,
  encodeVersion,
  registryEntry,
  templateText,
  type EncodedVersion,
  type RegistryEntry,
} from './versionEncoding';

/** One immutable version to write. `document.version` is the version stored. */
export interface VersionInsert {
  /** The full, already validated document (run it through parsePrompt first). */
  document: Prompt;
  changelog: string | null;
  author: string | null;
  /** When this version was saved (ISO 8601). */
  created_at: string;
  /** The version this one was made from; null for a first version or an import. */
  parent_version: string | null;
  /** `encodeVersion(document)` when already computed (an import's threads do it). */
  encoded?: EncodedVersion;
}

/** The current row of a prompt, as the registry keeps it. */
export interface CurrentRow {
  id: string;
  current_version: string;
  created_at: string;
}

/**
 * Writes one version row and returns its checksum. Call it inside a transaction together
 * with `setCurrent` for the version that becomes current (in either order: the foreign keys
 * are deferred to commit). A version that already exists is a conflict, never overwritten.
 */
export function insertVersion(db: Database, entry: VersionInsert): string {
  const { document } = entry;
  const { json, checksum } = entry.encoded ?? encodeVersion(document);
  insertVersionRow(db, {
    id: document.id,
    version: document.version,
    json,
    checksum,
    changelog: entry.changelog,
    author: entry.author,
    created_at: entry.created_at,
    parent_version: entry.parent_version,
  });
  return checksum;
}

/** A version row as stored: the document already encoded (see encodeVersion). */
export interface VersionRow extends EncodedVersion {
  id: string;
  version: string;
  changelog: string | null;
  author: string | null;
  created_at: string;
  parent_version: string | null;
}

/** insertVersion for a document already encoded (an import's threads encode them). */
export function insertVersionRow(db: Database, row: VersionRow): void {
  const insert = cachedStatement(
    db,
    `INSERT INTO prompt_versions (prompt_id, version, document, changelog, author, created_at, parent_version, checksum)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  try {
    insert.run(
      row.id,
      row.version,
      row.json,
      row.changelog,
      row.author,
      row.created_at,
      row.parent_version,
      row.checksum,
    );
  } catch (error) {
    // The primary key says it without a lookup per insert; the failed statement wrote nothing.
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
    throw new AppError(
      'conflict',
      `Version '${row.version}' already exists for prompt '${row.id}'`,
      { id: row.id, version: row.version },
    );
  }
}

/** The registry columns that have an index (see migrations.ts). */
const INDEXED_COLUMNS = ['status', 'category', 'input_schema', 'output_schema'] as const;

type RegistryValues = Record<(typeof INDEXED_COLUMNS)[number], string | null>;

/**
 * Makes `document` the current version of its prompt: the registry row (created on first
 * use, keeping its original `created_at` afterwards), the tag index and the search index.
 * The version row must exist by the time the transaction commits. Indexed values and tags
 * are written only when they change: rewriting an equal value still rewrites its index pages,
 * and every page a save touches is written to the log and waited for at commit.
 */
export function setCurrent(db: Database, document: Prompt): void {
  setRegistry(db, registryEntry(document));
}

/** setCurrent for a version whose registry entry is already computed (see registryEntry). */
export function setRegistry(db: Database, entry: RegistryEntry): void {
  const row = {
    id: entry.id,
    version: entry.version,
    format: entry.format,
    status: entry.status,
    category: entry.category,
    description: entry.description,
    tags: JSON.stringify(entry.tags),
    input_schema: entry.input_schema,
    output_schema: entry.output_schema,
    created_at: entry.created_at,
    updated_at: entry.updated_at,
  };
  const existing = cachedStatement(
    db,
    'SELECT status, category, input_schema, output_schema, search_rowid FROM prompts WHERE id = ?',
  ).get(entry.id) as (RegistryValues & { search_rowid: number | null }) | undefined;
  if (existing === undefined) {
    insertPrompt(db, entry, row);
    return;
  }
  cachedStatement(
    db,
    `UPDATE prompts SET current_version = @version, format = @format, description = @description,
       tags = @tags, updated_at = @updated_at WHERE id = @id`,
  ).run(row);
  if (INDEXED_COLUMNS.some((column) => existing[column] !== row[column])) {
    cachedStatement(
      db,
      `UPDATE prompts SET status = @status, category = @category,
         input_schema = @input_schema, output_schema = @output_schema WHERE id = @id`,
    ).run(row);
  }
  syncTags(db, entry.id, entry.tags);
  reindex(db, entry, existing.search_rowid);
}

/**
 * The registry row, tags and search entry of a prompt new to the library. The search entry
 * goes first, so the registry row is written once, with its search rowid in it.
 */
function insertPrompt(db: Database, entry: RegistryEntry, row: Record<string, unknown>): void {
  const search_rowid = insertSearchRow(db, entry, null);
  cachedStatement(
    db,
    `INSERT INTO prompts (id, current_version, format, status, category, description, tags,
                          input_schema, output_schema, created_at, updated_at, search_rowid)
     VALUES (@id, @version, @format, @status, @category, @description, @tags,
             @input_schema, @output_schema, @created_at, @updated_at, @search_rowid)`,
  ).run({ ...row, search_rowid });
  addTags(db, entry.id, new Set(entry.tags.map((tag) => tag.toLowerCase())));
}

/** Makes the tag index of a prompt hold exactly `tags` (lower-cased), touching only changes. */
function syncTags(db: Database, id: string, tags: readonly string[]): void {
  const wanted = new Set(tags.map((tag) => tag.toLowerCase()));
  const stored = new Set(
    cachedStatement(db, 'SELECT tag FROM prompt_tags WHERE prompt_id = ?', { pluck: true }).all(
      id,
    ) as string[],
  );
  const remove = cachedStatement(db, 'DELETE FROM prompt_tags WHERE prompt_id = ? AND tag = ?');
  for (const tag of stored) if (!wanted.has(tag)) remove.run(id, tag);
  addTags(db, id, wanted, stored);
}

function addTags(db: Database, id: string, tags: Set<string>, stored?: Set<string>): void {
  const add = cachedStatement(db, 'INSERT INTO prompt_tags (prompt_id, tag) VALUES (?, ?)');
  for (const tag of tags) if (!stored?.has(tag)) add.run(id, tag);
}

/** Replaces the prompt's search entry, reusing its FTS rowid (null: the first entry). */
function reindex(db: Database, entry: RegistryEntry, rowid: number | null): void {
  if (rowid !== null) cachedStatement(db, 'DELETE FROM prompt_search WHERE rowid = ?').run(rowid);
  const inserted = insertSearchRow(db, entry, rowid);
  if (rowid === null) {
    cachedStatement(db, 'UPDATE prompts SET search_rowid = ? WHERE id = ?').run(inserted, entry.id);
  }
}

/** Writes the prompt's search entry (at `rowid`, or a new one); returns its rowid. */
function insertSearchRow(
  db: Database,
  entry: RegistryEntry,
  rowid: number | null,
): number | bigint {
  return cachedStatement(
    db,
    'INSERT INTO prompt_search (rowid, id, description, tags, body) VALUES (?, ?, ?, ?, ?)',
  ).run(rowid, entry.id, entry.description ?? '', entry.tags.join(' '), entry.body).lastInsertRowid;
}

/** Removes a prompt, all its versions, its indexes and its draft. Returns false if absent. */
export function removePrompt(db: Database, id: string): boolean {
  cachedStatement(
    db,
    'DELETE FROM prompt_search WHERE rowid = (SELECT search_rowid FROM prompts WHERE id = ?)',
  ).run(id);
  cachedStatement(db, 'DELETE FROM drafts WHERE prompt_id = ?').run(id);
  // prompt_versions and prompt_tags go with it (ON DELETE CASCADE).
  return cachedStatement(db, 'DELETE FROM prompts WHERE id = ?').run(id).changes > 0;
}

/** The registry row of a prompt, or undefined. */
export function readCurrent(db: Database, id: string): CurrentRow | undefined {
  return cachedStatement(
    db,
    'SELECT id, current_version, created_at FROM prompts WHERE id = ?',
  ).get(id) as CurrentRow | undefined;
}

/** A stored version's document and checksum, or undefined. */
export function readVersion(
  db: Database,
  id: string,
  version: string,
): { document: Prompt; checksum: string } | undefined {
  const row = cachedStatement(
    db,
    'SELECT document, checksum FROM prompt_versions WHERE prompt_id = ? AND version = ?',
  ).get(id, version) as { document: string; checksum: string } | undefined;
  return row && { document: JSON.parse(row.document) as Prompt, checksum: row.checksum };
}
