// What the page learns from a template without running it: its variables (parser only).
import { extractVariables } from '../../src-shared/template';
import type { Prompt } from '../../src-shared/model/prompt';
import { templateSources } from './promptDocument';

const cache = new WeakMap<object, string[]>();
let lastGood: { id: string; names: string[] } | null = null;

/**
 * The variables a document's templates read, in first-seen order across messages. While a
 * template does not parse (mid-typing), the last good answer for the same prompt stands, so the
 * Variables form does not flicker.
 */
export function variablesOfDocument(document: Prompt): string[] {
  const key = document.chat_template ?? document.template ?? document;
  const cached = cache.get(key);
  if (cached) return cached;
  const names = new Set<string>();
  const partials = document.template?.partials ?? {};
  try {
    for (const source of templateSources(document)) {
      for (const name of extractVariables(source, partials)) names.add(name);
    }
  } catch {
    return lastGood?.id === document.id ? lastGood.names : [];
  }
  const result = [...names];
  cache.set(key, result);
  lastGood = { id: document.id, names: result };
  return result;
}
