// Recognises the seed's document shapes and reads the multi-prompt bundle (§1.9, §2.2).
import {
  IssueList,
  describeKind,
  isRecord,
  readDocument,
  readOrThrow,
} from '../model/documentReader';
import type { Prompt } from '../model/prompt';
import { readPrompt } from '../model/validatePrompt';

/** The kinds of YAML document the seed writes. */
export type DocumentKind = 'prompt' | 'bundle' | 'schemas' | 'unknown';

/** A `prompts:` bundle file: one or more prompts with unique ids. */
export interface PromptBundle {
  version: string;
  metadata: Record<string, unknown>;
  prompts: Prompt[];
}

const BUNDLE_KEYS = ['version', 'metadata', 'prompts'] as const;
const SCHEMA_FILE_ONLY_KEYS = ['version', 'metadata'];

/**
 * Which shape a parsed document has: a `prompts:` bundle, a `schemas:` file (or a schema file
 * with only version/metadata), a single prompt (has `id` and `format`), or unknown.
 */
export function classifyDocument(value: unknown): DocumentKind {
  if (!isRecord(value)) return 'unknown';
  if ('prompts' in value) return 'bundle';
  if ('schemas' in value) return 'schemas';
  if ('id' in value && 'format' in value) return 'prompt';
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((key) => SCHEMA_FILE_ONLY_KEYS.includes(key))) return 'schemas';
  return 'unknown';
}

/**
 * Validates a bundle: at least one prompt, unique ids, each prompt by the single-prompt rules
 * (issue paths prefixed `prompts.N.`). Throws AppError('invalid_input') naming `source`.
 */
export function parsePromptBundle(value: unknown, source?: string): PromptBundle {
  return readOrThrow('prompt bundle', source, (issues) => readBundle(value, issues));
}

function readBundle(value: unknown, issues: IssueList): PromptBundle | undefined {
  const doc = readDocument(value, issues, 'a prompt bundle', BUNDLE_KEYS);
  if (doc === undefined) return undefined;
  // The seed leaves the bundle version unchecked beyond being text.
  const version = doc.has('version') ? doc.requiredString('version') : '1.0.0';
  const metadata = doc.mapping('metadata');
  const raw = doc.record.prompts;
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.add(
      'prompts',
      Array.isArray(raw) ? 'min_items' : 'type',
      Array.isArray(raw)
        ? 'A bundle must contain at least one prompt'
        : `prompts must be a list with at least one prompt (got ${describeKind(raw)})`,
    );
    return undefined;
  }
  const prompts: Prompt[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const own = new IssueList();
    const prompt = readPrompt(item, own);
    issues.addNested(`prompts.${index}`, own.items);
    if (prompt === undefined) return;
    if (seen.has(prompt.id)) {
      issues.add(
        `prompts.${index}.id`,
        'unique',
        `Prompt IDs must be unique within a bundle ('${prompt.id}' appears twice)`,
      );
    }
    seen.add(prompt.id);
    prompts.push(prompt);
  });
  return version === undefined ? undefined : { version, metadata, prompts };
}
