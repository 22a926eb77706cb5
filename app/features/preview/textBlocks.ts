// Splits rendered text into runs of whole lines, so an edit re-lays out one run, not 20 KB.

/** Where a run of lines may end: after a blank line, or once it is this long. */
const MAX_LINES = 24;
const MAX_CHARS = 2048;

/**
 * The text as consecutive runs of whole lines (joined, they are the text again). A run ends
 * after a blank line (so a paragraph edit leaves the others alone) or after `MAX_LINES` lines
 * or `MAX_CHARS` characters; a single line is never cut.
 */
export function textBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let lines = 0;
  let position = 0;
  for (;;) {
    const end = text.indexOf('\n', position);
    if (end === -1) break;
    const blank = end === position;
    lines += 1;
    position = end + 1;
    if ((blank && lines > 1) || lines >= MAX_LINES || position - start >= MAX_CHARS) {
      blocks.push(text.slice(start, position));
      start = position;
      lines = 0;
    }
  }
  if (start < text.length || blocks.length === 0) blocks.push(text.slice(start));
  return blocks;
}
