// A word diff between two texts (two model answers, say), as runs of kept, removed and added text.
import { diffWords } from 'diff';

/** One run of a word diff: text both have, text only the first has, or only the second. */
export interface WordChange {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** The word diff from `before` to `after` (jsdiff's word diff; whitespace follows the words). */
export function wordDiff(before: string, after: string): WordChange[] {
  return diffWords(before, after).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/** How many words each side changed: a one-line summary of a diff. */
export function wordDiffCounts(changes: readonly WordChange[]): { removed: number; added: number } {
  const words = (text: string): number => text.split(/\s+/).filter((word) => word !== '').length;
  let removed = 0;
  let added = 0;
  for (const change of changes) {
    if (change.kind === 'removed') removed += words(change.text);
    if (change.kind === 'added') added += words(change.text);
  }
  return { removed, added };
}
