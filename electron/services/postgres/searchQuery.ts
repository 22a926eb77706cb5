// Turns what a person typed into a safe tsquery for the `simple` configuration, matching what the
// SQLite search finds: every word must match, the last as a prefix, never raw tsquery syntax.

/**
 * Each whitespace-separated word becomes its letter/digit runs as a phrase (`a <-> b`), words are
 * joined by `&`, and the last run matches as a prefix (`:*`). Null when nothing searchable was
 * typed. Lexemes hold only letters and digits, so quoting them is enough.
 */
export function toTsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/\s+/u)
    .map((word) => word.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((runs) => runs.length > 0);
  if (words.length === 0) return null;
  return words
    .map((runs, index) =>
      runs
        .map((run, at) => {
          const lexeme = `'${run.toLowerCase()}'`;
          const last = index === words.length - 1 && at === runs.length - 1;
          return last ? `${lexeme}:*` : lexeme;
        })
        .join(' <-> '),
    )
    .join(' & ');
}
