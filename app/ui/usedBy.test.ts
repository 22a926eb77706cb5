import { describe, expect, it } from 'vitest';
import { usedByText } from './usedBy';

describe('usedByText', () => {
  it('says so when no prompt uses the item', () => {
    expect(usedByText([])).toBe('not used by any prompt');
  });

  it('names every prompt that uses it, in order', () => {
    expect(usedByText(['welcome', 'farewell'])).toBe('used by welcome, farewell');
  });
});
