// The library list: one row per prompt (its current version), filtered, searched and paged.
import type { PromptPage, PromptQuery, PromptSummary } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import { PROMPT_FORMATS, PROMPT_STATUSES } from '../../../src-shared/model/prompt';
import type { Database } from '../store/database';
import { readPaging } from '../store/paging';
import { cachedStatement } from '../store/statements';
import { toFtsQuery } from './searchQuery';

interface SummaryRow {
  id: string;
  current_version: string;
  format: PromptSummary['format'];
  status: PromptSummary['status'];
  tags: string;
  category: string | null;
  description: string | null;
  updated_at: string;
}

/**
 * Lists prompts sorted by id. Tags must ALL be present (case-insensitive), category matches
 * exactly, `search` is full-text over id, description, tags and template text.
 */
export function listPrompts(db: Database, query: PromptQuery = {}): PromptPage {
  const { limit, offset } = readPaging(query);
  const conditions: string[] = [];
  const params: unknown[] = [];

  if (query.status !== undefined) {
    if (!PROMPT_STATUSES.includes(query.status)) {
      throw new AppError('invalid_input', `Unknown status '${String(query.status)}'`);
    }
    conditions.push('p.status = ?');
    params.push(query.status);
  }
  if (query.format !== undefined) {
    if (!PROMPT_FORMATS.includes(query.format)) {
      throw new AppError('invalid_input', `Unknown format '${String(query.format)}'`);
    }
    conditions.push('p.format = ?');
    params.push(query.format);
  }
  if (query.category !== undefined) {
    conditions.push('p.category = ?');
    params.push(query.category);
  }
  const tags = [...new Set((query.tags ?? []).map((tag) => tag.trim().toLowerCase()))].filter(
    (tag) => tag !== '',
  );
  if (tags.length > 0) {
    // Only the number of placeholders is built from input, never the values.
    conditions.push(
      `p.id IN (SELECT prompt_id FROM prompt_tags WHERE tag IN (${tags.map(() => '?').join(', ')})
                GROUP BY prompt_id HAVING COUNT(*) = ?)`,
    );
    params.push(...tags, tags.length);
  }
  const match = query.search === undefined ? null : toFtsQuery(query.search);
  // Every prompt has exactly one search row, so a search alone is counted on the index itself.
  const countSearchOnly = match !== null && conditions.length === 0;
  if (match !== null) {
    // By rowid: the full-text index yields rowids without reading its stored columns.
    conditions.push(
      'p.search_rowid IN (SELECT rowid FROM prompt_search WHERE prompt_search MATCH ?)',
    );
    params.push(match);
  }

  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  try {
    const total = countSearchOnly
      ? cachedStatement(db, 'SELECT COUNT(*) FROM prompt_search WHERE prompt_search MATCH ?', {
          pluck: true,
        }).get(match)
      : cachedStatement(db, `SELECT COUNT(*) FROM prompts p ${where}`, { pluck: true }).get(
          ...params,
        );
    const rows = cachedStatement(
      db,
      `SELECT p.id, p.current_version, p.format, p.status, p.tags, p.category, p.description, p.updated_at
         FROM prompts p ${where} ORDER BY p.id LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as SummaryRow[];
    return { items: rows.map(toSummary), total: total as number };
  } catch (error) {
    // Quoting makes every search a plain phrase; should FTS still object, it finds nothing.
    if (match !== null && error instanceof Error && /fts5|MATCH/i.test(error.message)) {
      return { items: [], total: 0 };
    }
    throw error;
  }
}

function toSummary(row: SummaryRow): PromptSummary {
  return {
    id: row.id,
    version: row.current_version,
    format: row.format,
    status: row.status,
    tags: JSON.parse(row.tags) as string[],
    category: row.category,
    description: row.description,
    updated_at: row.updated_at,
  };
}
