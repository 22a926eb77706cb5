// Runs of lines for the preview: they join back to the text, and an edit changes few of them.
import { describe, expect, it } from 'vitest';
import { textBlocks } from './textBlocks';

const lines = (count: number, prefix = 'line'): string =>
  Array.from({ length: count }, (_, index) => `${prefix} ${index}\n`).join('');

describe('textBlocks', () => {
  it('keeps short text whole', () => {
    expect(textBlocks('Hello Ada.')).toEqual(['Hello Ada.']);
    expect(textBlocks('one\ntwo\n')).toEqual(['one\ntwo\n']);
  });

  it('gives one empty run for empty text', () => {
    expect(textBlocks('')).toEqual(['']);
  });

  it('joins back to exactly the text, blank lines and trailing newlines included', () => {
    const samples = [
      'a\n\nb',
      '\n\n\n',
      'end with newline\n',
      lines(100) + '\n\n' + lines(7, 'tail') + 'no newline at the end',
      'x'.repeat(5000) + '\n' + 'y'.repeat(10),
    ];
    for (const text of samples) expect(textBlocks(text).join('')).toBe(text);
  });

  it('ends a run after a blank line, so paragraphs are runs of their own', () => {
    expect(textBlocks('Dear Ada,\n\nThanks for the tea.\nBest,\n\nGrace')).toEqual([
      'Dear Ada,\n\n',
      'Thanks for the tea.\nBest,\n\n',
      'Grace',
    ]);
  });

  it('cuts long text without blank lines into runs of whole lines', () => {
    const blocks = textBlocks(lines(100));
    expect(blocks.length).toBeGreaterThan(3);
    for (const block of blocks) expect(block.endsWith('\n')).toBe(true);
  });

  it('never cuts a line, however long', () => {
    const long = 'word '.repeat(2000);
    expect(textBlocks(`${long}\nnext`)).toEqual([`${long}\n`, 'next']);
  });

  it('changes only the last run when text is typed at the end', () => {
    const before = textBlocks(`${lines(200)}Typed so far: abc`);
    const after = textBlocks(`${lines(200)}Typed so far: abcd`);
    expect(after.length).toBe(before.length);
    const changed = after.filter((block, index) => block !== before[index]);
    expect(changed).toEqual([after.at(-1)]);
  });
});
