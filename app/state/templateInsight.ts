// What the page learns from a template without running it: its variables (parser only).
import { extractVariables } from '../../src-shared/template';
import { parseTemplateIncrementally } from '../../src-shared/template/incrementalParse';
import type { Prompt } from '../../src-shared/model/prompt';
import { templateSources } from './promptDocument';

const cache = new WeakMap<object, string[] | null>();
let lastGood: { id: string; names: string[] } | null = null;
const NO_NAMES: string[] = [];
// Most keystrokes leave the names as they were: answering the same array then lets everything
// derived from it (the Variables form) stay as it is instead of rendering again.
let lastNames: string[] = NO_NAMES;

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

/** The variables a document's templates read (sorted, unique), or null while one does not parse. */
export function extractDocumentVariables(document: Prompt): string[] | null {
  const key = document.chat_template ?? document.template ?? document;
  if (cache.has(key)) return cache.get(key) ?? null;
  const names = new Set<string>();
  const partials = document.template?.partials ?? {};
  let result: string[] | null;
  try {
    // Parsed on every keystroke: only the part of a long template around the edit is re-parsed.
    const options = { parse: parseTemplateIncrementally };
    for (const source of templateSources(document)) {
      for (const name of extractVariables(source, partials, options)) names.add(name);
    }
    const sorted = [...names].sort();
    if (!sameNames(sorted, lastNames)) lastNames = sorted;
    result = lastNames;
  } catch {
    result = null;
  }
  cache.set(key, result);
  return result;
}

/**
 * The variables of a document for the Variables form. While a template does not parse
 * (mid-typing), the last good answer for the same prompt stands, so the form does not flicker.
 */
export function variablesOfDocument(document: Prompt): string[] {
  const names = extractDocumentVariables(document);
  // Always the same array for the same answer: selectors built on this must be stable.
  if (names === null) return lastGood?.id === document.id ? lastGood.names : NO_NAMES;
  if (lastGood?.id !== document.id || lastGood.names !== names) {
    lastGood = { id: document.id, names };
  }
  return names;
}

/** True when every template of the document is empty (nothing to render yet). */
export function isBlankDocument(document: Prompt): boolean {
  return templateSources(document).every((source) => source.trim() === '');
}
