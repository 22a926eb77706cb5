// The identity of a prompt's content: canonical JSON without the fields every save changes.

import type { Prompt } from '../model/prompt';

/** Fields that differ between saves of the same content, so they do not count as content. */
const VOLATILE_FIELDS = new Set(['uid', 'version', 'created_at', 'updated_at']);

/** JSON with object keys sorted at every depth; `undefined` members are dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = sortKeys(member);
    }
    return sorted;
  }
  return value;
}

/**
 * Canonical JSON of what a prompt says, ignoring uid, version and timestamps: two documents
 * with equal canonical content are the same prompt, whatever version label they carry.
 */
export function canonicalContent(prompt: Prompt): string {
  const content: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(prompt)) {
    if (!VOLATILE_FIELDS.has(key)) content[key] = member;
  }
  return canonicalJson(content);
}
