// Reads the seed's JSON version snapshots (`<id>/_versions/<v>.json`, `<id>_<v>.json`; §1.7, §2.5).
import { IssueList, isRecord, readDocument, readOrThrow } from '../model/documentReader';
import type { Prompt } from '../model/prompt';
import {
  TIMESTAMP_RULE,
  normaliseIsoTimestamp,
  readPrompt,
  readVersion,
} from '../model/validatePrompt';

/** A seed `PromptVersion` as written to JSON: the prompt and its history entry. */
export interface VersionSnapshot {
  prompt: Prompt;
  changelog: string | null;
  /** The seed's `created_by`. */
  author: string | null;
  created_at: string | null;
}

/** The keys of the seed's serialised `PromptVersion` (a forbid model). */
const SNAPSHOT_KEYS = [
  'prompt',
  'version',
  'created_at',
  'created_by',
  'changelog',
  'parent_version',
  'checksum',
] as const;

/**
 * True when a parsed JSON value is a seed snapshot: a mapping with `prompt`, `version` and
 * `checksum` (SPEC "Precise rules": a `.json` file is told apart by its content).
 */
export function isSnapshotDocument(value: unknown): boolean {
  return isRecord(value) && 'prompt' in value && 'version' in value && 'checksum' in value;
}

/**
 * Validates a snapshot: the prompt by the single-prompt rules (issue paths `prompt.…`), a
 * version that matches the prompt's, optional text history fields. The seed's checksum covers
 * Python's own serialisation (uid and timestamps included), so it is required but not
 * recomputed. Throws AppError('invalid_input') naming `file`.
 */
export function parseSnapshot(value: unknown, file: string): VersionSnapshot {
  return readOrThrow('version snapshot', file, (issues) => readSnapshot(value, issues));
}

function readSnapshot(value: unknown, issues: IssueList): VersionSnapshot | undefined {
  const doc = readDocument(value, issues, 'a version snapshot', SNAPSHOT_KEYS);
  if (doc === undefined) return undefined;
  const own = new IssueList();
  const prompt = readPrompt(doc.record.prompt, own);
  issues.addNested('prompt', own.items);
  const version = readVersion(doc, 'version');
  const changelog = doc.optionalString('changelog');
  const author = doc.optionalString('created_by');
  const createdAt = doc.optionalString('created_at');
  if (createdAt != null && normaliseIsoTimestamp(createdAt) === undefined) {
    issues.add(doc.at('created_at'), 'datetime', `created_at ${TIMESTAMP_RULE}`);
  }
  doc.optionalString('parent_version');
  doc.optionalString('checksum');
  if (prompt === undefined || version === undefined) return undefined;
  if (version !== prompt.version) {
    issues.add(
      'version',
      'mismatch',
      `version ${version} differs from the prompt's own version ${prompt.version}`,
    );
    return undefined;
  }
  return { prompt, changelog, author, created_at: createdAt };
}
