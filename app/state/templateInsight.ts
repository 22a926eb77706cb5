// What the page learns from a template without running it: its variables (parser only).
import { extractVariables } from '../../src-shared/template';
import { parseTemplateIncrementally } from '../../src-shared/template/incrementalParse';
import type { Message, Prompt } from '../../src-shared/model/prompt';
import { isChatDocument, templateSources } from './promptDocument';

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

/** A chat message left empty so far: the preview shows a placeholder in its place. */
export interface BlankMessage {
  /** 0-based position in the prompt. */
  index: number;
  role: Message['role'];
}

/**
 * The document to preview: a chat prompt without its empty messages (an empty message is a
 * save-time error, not something to shout about while the person has yet to type it), and
 * where those were.
 */
export function previewableDocument(document: Prompt): { document: Prompt; blank: BlankMessage[] } {
  const chat = document.chat_template;
  if (!isChatDocument(document) || !chat) return { document, blank: NO_BLANKS };
  const messages = chat.messages;
  const blank: BlankMessage[] = [];
  messages.forEach((message, index) => {
    if (message.content.trim() === '') blank.push({ index, role: message.role });
  });
  if (blank.length === 0) return { document, blank: NO_BLANKS };
  const kept = messages.filter((message) => message.content.trim() !== '');
  return {
    document: { ...document, chat_template: { ...chat, messages: kept } },
    blank,
  };
}

const NO_BLANKS: BlankMessage[] = [];

/** The position in the prompt of the `index`-th message of its previewable document. */
export function promptPosition(index: number, blank: readonly BlankMessage[]): number {
  let position = index;
  // Blank positions are ascending: each one at or before the position shifts it on by one.
  for (const message of blank) if (message.index <= position) position += 1;
  return position;
}
