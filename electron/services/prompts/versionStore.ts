// Low-level writes of prompt history, shared by saving and importing; callers own the transaction.
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { Database } from '../store/database';
import { cachedStatement } from '../store/statements';
import { encodeVersion, type EncodedVersion } from './versionEncoding';

export { contentChecksum, encodeVersion, type EncodedVersion } from './versionEncoding';

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
  const insert = cachedStatement(
    db,
    `INSERT INTO prompt_versions (prompt_id, version, document, changelog, author, created_at, parent_version, checksum)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  try {
    insert.run(
      document.id,
      document.version,
      json,
      entry.changelog,
      entry.author,
      entry.created_at,
      entry.parent_version,
      checksum,
    );
  } catch (error) {
    // The primary key says it without a lookup per insert; the failed statement wrote nothing.
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
    throw new AppError(
      'conflict',
      `Version '${document.version}' already exists for prompt '${document.id}'`,
      { id: document.id, version: document.version },
    );
  }
  return checksum;
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
  const { metadata } = document;
  const row = {
    id: document.id,
    version: document.version,
    format: document.format,
    status: document.status,
    category: metadata.category ?? null,
    description: metadata.description ?? null,
    tags: JSON.stringify(metadata.tags),
    input_schema: document.input_schema ?? null,
    output_schema: document.output_schema ?? null,
    created_at: document.created_at,
    updated_at: document.updated_at,
  };
  const existing = cachedStatement(
    db,
    'SELECT status, category, input_schema, output_schema, search_rowid FROM prompts WHERE id = ?',
  ).get(document.id) as (RegistryValues & { search_rowid: number | null }) | undefined;
  if (existing === undefined) {
    insertPrompt(db, document, row);
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
  syncTags(db, document.id, metadata.tags);
  reindex(db, document, existing.search_rowid);
}

/**
 * The registry row, tags and search entry of a prompt new to the library. The search entry
 * goes first, so the registry row is written once, with its search rowid in it.
 */
function insertPrompt(db: Database, document: Prompt, row: Record<string, unknown>): void {
  const search_rowid = insertSearchRow(db, document, null);
  cachedStatement(
    db,
    `INSERT INTO prompts (id, current_version, format, status, category, description, tags,
                          input_schema, output_schema, created_at, updated_at, search_rowid)
     VALUES (@id, @version, @format, @status, @category, @description, @tags,
             @input_schema, @output_schema, @created_at, @updated_at, @search_rowid)`,
  ).run({ ...row, search_rowid });
  addTags(db, document.id, new Set(document.metadata.tags.map((tag) => tag.toLowerCase())));
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
function reindex(db: Database, document: Prompt, rowid: number | null): void {
  if (rowid !== null) cachedStatement(db, 'DELETE FROM prompt_search WHERE rowid = ?').run(rowid);
  const inserted = insertSearchRow(db, document, rowid);
  if (rowid === null) {
    cachedStatement(db, 'UPDATE prompts SET search_rowid = ? WHERE id = ?').run(
      inserted,
      document.id,
    );
  }
}

/** Writes the prompt's search entry (at `rowid`, or a new one); returns its rowid. */
function insertSearchRow(db: Database, document: Prompt, rowid: number | null): number | bigint {
  const { metadata } = document;
  return cachedStatement(
    db,
    'INSERT INTO prompt_search (rowid, id, description, tags, body) VALUES (?, ?, ?, ?, ?)',
  ).run(
    rowid,
    document.id,
    metadata.description ?? '',
    metadata.tags.join(' '),
    templateText(document),
  ).lastInsertRowid;
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

/** All the text a template holds: the content, or every message of a chat. */
export function templateText(prompt: Prompt): string {
  if (prompt.chat_template) {
    return prompt.chat_template.messages.map((message) => message.content).join('\n');
  }
  return prompt.template?.content ?? '';
}
