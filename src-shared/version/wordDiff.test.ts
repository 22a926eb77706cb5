import { describe, expect, it } from 'vitest';
import { wordDiff, wordDiffCounts } from './wordDiff';

describe('wordDiff', () => {
  it('keeps shared words and marks the words each answer has alone', () => {
    const changes = wordDiff('The cat sat on the mat.', 'The dog sat on the red mat.');
    expect(changes.filter((c) => c.kind !== 'same').map((c) => [c.kind, c.text.trim()])).toEqual([
      ['removed', 'cat'],
      ['added', 'dog'],
      ['added', 'red'],
    ]);
    // Putting the runs back together gives each side exactly.
    const side = (kind: 'removed' | 'added') =>
      changes
        .filter((c) => c.kind !== kind)
        .map((c) => c.text)
        .join('');
    expect(side('added')).toBe('The cat sat on the mat.');
    expect(side('removed')).toBe('The dog sat on the red mat.');
    expect(wordDiffCounts(changes)).toEqual({ removed: 1, added: 2 });
  });

  it('reports identical answers as one unchanged run', () => {
    expect(wordDiff('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
  });
});
