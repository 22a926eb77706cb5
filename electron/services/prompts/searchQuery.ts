// Turns what a person typed into a safe FTS5 query: words only, never raw FTS syntax.

/**
 * Each whitespace-separated word becomes a quoted phrase (so `OR`, `NEAR(`, `-`, `*` and
 * column filters are plain text), all words must match, and the last one matches as a prefix
 * so results follow the typing. Words without a letter or digit are dropped; null means
 * nothing searchable was typed.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/\s+/u)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words
    .map((word, index) => {
      const phrase = `"${word.replaceAll('"', '""')}"`;
      return index === words.length - 1 ? `${phrase}*` : phrase;
    })
    .join(' ');
}
