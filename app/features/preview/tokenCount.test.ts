// Token counting: o200k counts, and the newest-only queue the preview uses while someone types.
import { describe, expect, it } from 'vitest';
import { countTokens, latestTokenCount } from './tokenCount';

describe('countTokens', () => {
  it('counts o200k tokens', async () => {
    expect(await countTokens('Hello world')).toBe(2);
  });

  it('counts special-token text as plain text instead of refusing it', async () => {
    expect(await countTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });
});

describe('latestTokenCount', () => {
  /** A counter whose counts finish only when the test says so. */
  function heldCounter() {
    const asked: string[] = [];
    const finish: (() => void)[] = [];
    const counter = (text: string) => {
      asked.push(text);
      return new Promise<number | null>((done) => finish.push(() => done(text.length)));
    };
    return { asked, finish, counter };
  }

  it('counts only the newest of the texts asked for while a count runs', async () => {
    const held = heldCounter();
    const heard: [number | null, number][] = [];
    const latest = latestTokenCount((tokens, tag) => heard.push([tokens, tag]), held.counter);
    latest.count('a', 1);
    latest.count('bb', 2);
    latest.count('ccc', 3);
    expect(held.asked).toEqual(['a']);
    held.finish[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(held.asked).toEqual(['a', 'ccc']);
    expect(heard).toEqual([]);
    held.finish[1]?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(heard).toEqual([[3, 3]]);
  });

  it('reports a failed count as null', async () => {
    const heard: (number | null)[] = [];
    const latest = latestTokenCount(
      (tokens) => heard.push(tokens),
      () => Promise.reject(new Error('no table')),
    );
    latest.count('text', 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(heard).toEqual([null]);
  });
});
