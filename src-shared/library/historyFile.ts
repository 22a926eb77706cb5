// Reads and writes `<id>/_history.yaml`: changelog, author and date per version.
import {
  FieldReader,
  IssueList,
  describeKind,
  guardDocument,
  isRecord,
} from '../model/documentReader';
import { TIMESTAMP_RULE, normaliseIsoTimestamp, readVersion } from '../model/validatePrompt';
import { stringifyYaml } from '../yaml/stringifyDocuments';
import type { HistoryEntry } from './libraryTypes';

/** The file name of the history metadata inside a prompt's folder. */
export const HISTORY_FILE_NAME = '_history.yaml';

const ENTRY_KEYS = ['version', 'changelog', 'author', 'created_at'] as const;

/** True when a parsed document has the history file's shape (a list, not a mapping). */
export function isHistoryDocument(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** Validates a parsed `_history.yaml`; throws AppError('invalid_input') naming `file`. */
export function parseHistory(value: unknown, file: string): HistoryEntry[] {
  const issues = new IssueList();
  const entries: HistoryEntry[] = [];
  if (!Array.isArray(value)) {
    issues.add('', 'type', `a history file must be a list (got ${describeKind(value)})`);
  } else if (guardDocument(value, issues)) {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      if (!isRecord(item)) {
        issues.add(
          String(index),
          'type',
          `each entry must be a mapping (got ${describeKind(item)})`,
        );
        return;
      }
      const reader = new FieldReader(item, String(index), issues);
      reader.allowOnly(ENTRY_KEYS, 'a history entry');
      const version = reader.has('version') ? readVersion(reader, 'version') : undefined;
      if (!reader.has('version'))
        issues.add(reader.at('version'), 'required', 'version is required');
      const createdAt = reader.requiredString('created_at');
      if (createdAt !== undefined && normaliseIsoTimestamp(createdAt) === undefined) {
        issues.add(reader.at('created_at'), 'datetime', `created_at ${TIMESTAMP_RULE}`);
      }
      const changelog = reader.optionalString('changelog');
      const author = reader.optionalString('author');
      if (version === undefined || createdAt === undefined) return;
      if (seen.has(version)) {
        issues.add(reader.at('version'), 'unique', `version ${version} is listed twice`);
      }
      seen.add(version);
      entries.push({ version, changelog, author, created_at: createdAt });
    });
  }
  issues.throwIfAny('history file', file);
  return entries;
}

/** The text of a `_history.yaml` for the given entries, in the order given. */
export function stringifyHistory(entries: readonly HistoryEntry[]): string {
  return stringifyYaml(
    entries.map((entry) => ({
      version: entry.version,
      changelog: entry.changelog,
      author: entry.author,
      created_at: entry.created_at,
    })),
  );
}
