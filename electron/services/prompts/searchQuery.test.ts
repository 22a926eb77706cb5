import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './searchQuery';

describe('toFtsQuery', () => {
  it('quotes every word and prefix-matches the last', () => {
    expect(toFtsQuery('hello wor')).toBe('"hello" "wor"*');
  });

  it('escapes quotes and keeps operators as words', () => {
    expect(toFtsQuery('say "hi" OR NEAR(')).toBe('"say" """hi""" "OR" "NEAR("*');
  });

  it('returns null when nothing searchable was typed', () => {
    expect(toFtsQuery('  * - " ( ')).toBeNull();
  });
});
