// Unsaved editor drafts: kept as given (not validated), one per prompt id, at most 1 MB.
import type { Draft, DraftSummary } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import { isPlainRecord } from '../../../src-shared/plainData';
import { PROMPT_ID_PATTERN, VERSION_PATTERN } from '../../../src-shared/model/prompt';
import type { Database } from '../store/database';
import { cachedStatement } from '../store/statements';

/** Largest draft kept, in bytes of JSON. */
export const MAX_DRAFT_BYTES = 1024 * 1024;

/** Reads, writes and removes drafts. */
export class DraftStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  /** The draft of a prompt, or null. */
  get(id: string): Draft | null {
    const row = cachedStatement(
      this.db,
      'SELECT prompt_id, document, base_version, updated_at FROM drafts WHERE prompt_id = ?',
    ).get(id) as
      | { prompt_id: string; document: string; base_version: string | null; updated_at: string }
      | undefined;
    return row ? { ...row, document: JSON.parse(row.document) as unknown } : null;
  }

  /** Every draft, most recently edited first, summarised for the library. */
  list(): DraftSummary[] {
    const rows = cachedStatement(
      this.db,
      'SELECT prompt_id, document, base_version, updated_at FROM drafts ORDER BY updated_at DESC, prompt_id',
    ).all() as {
      prompt_id: string;
      document: string;
      base_version: string | null;
      updated_at: string;
    }[];
    return rows.map((row) => summarise(row, JSON.parse(row.document) as unknown));
  }

  /** Keeps `document` as the draft of `id`, based on `baseVersion` (null for a new prompt). */
  put(id: string, document: unknown, baseVersion: string | null): void {
    if (typeof id !== 'string' || !PROMPT_ID_PATTERN.test(id)) {
      throw new AppError('invalid_input', `'${String(id).slice(0, 60)}' is not a valid prompt id`, {
        id,
      });
    }
    if (baseVersion !== null && !VERSION_PATTERN.test(baseVersion)) {
      throw new AppError('invalid_input', `Base version '${baseVersion}' is not MAJOR.MINOR.PATCH`);
    }
    const json = serialise(document);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_DRAFT_BYTES) {
      throw new AppError('too_large', `The draft is ${bytes} bytes; drafts are limited to 1 MB`, {
        bytes,
        limit: MAX_DRAFT_BYTES,
      });
    }
    cachedStatement(
      this.db,
      `INSERT INTO drafts (prompt_id, document, base_version, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (prompt_id) DO UPDATE SET document = excluded.document,
           base_version = excluded.base_version, updated_at = excluded.updated_at`,
    ).run(id, json, baseVersion, this.clock().toISOString());
  }

  /** Forgets the draft of `id`; nothing happens when there is none. */
  delete(id: string): void {
    cachedStatement(this.db, 'DELETE FROM drafts WHERE prompt_id = ?').run(id);
  }
}

function serialise(document: unknown): string {
  let json: string | undefined;
  // Every value takes at least a byte of JSON, so a draft within the limit never needs more
  // calls than that; the count stops shared references (IPC payloads) expanding without end.
  let values = 0;
  const tooLarge = new AppError('too_large', 'The draft is larger than 1 MB', {
    limit: MAX_DRAFT_BYTES,
  });
  try {
    json = JSON.stringify(document, (_key, value: unknown) => {
      if (++values > MAX_DRAFT_BYTES) throw tooLarge;
      return value;
    });
  } catch (error) {
    if (error === tooLarge) throw tooLarge;
    throw new AppError('invalid_input', 'The draft cannot be stored as JSON');
  }
  if (json === undefined) throw new AppError('invalid_input', 'The draft is empty');
  return json;
}

/** The library's view of a draft; a document kept half-written gives what it has. */
function summarise(
  row: { prompt_id: string; base_version: string | null; updated_at: string },
  document: unknown,
): DraftSummary {
  const fields = isPlainRecord(document) ? document : {};
  const metadata = isPlainRecord(fields['metadata']) ? fields['metadata'] : {};
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const tags = Array.isArray(metadata['tags']) ? metadata['tags'] : [];
  return {
    prompt_id: row.prompt_id,
    base_version: row.base_version,
    updated_at: row.updated_at,
    format: text(fields['format']),
    status: text(fields['status']),
    tags: tags.filter((tag): tag is string => typeof tag === 'string'),
    category: text(metadata['category']),
  };
}
