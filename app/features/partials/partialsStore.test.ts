import { describe, expect, it } from 'vitest';
import { isPartialDirty, partialNameProblem } from './partialsStore';

const existing = [{ name: 'house_style', updated_at: '', used_by: [] }];

describe('partialNameProblem', () => {
  it('accepts a fresh, well-formed name', () => {
    expect(partialNameProblem('signature', existing)).toBeNull();
  });
  it('asks for a name when empty', () => {
    expect(partialNameProblem('  ', existing)).toMatch(/Enter a name/);
  });
  it('refuses names with path tricks or spaces', () => {
    expect(partialNameProblem('../x', existing)).toMatch(/letters, digits/);
    expect(partialNameProblem('my partial', existing)).toMatch(/letters, digits/);
    expect(partialNameProblem('a.b', existing)).toMatch(/letters, digits/);
  });
  it('refuses a name that exists', () => {
    expect(partialNameProblem('house_style', existing)).toMatch(/exists already/);
  });
});

describe('isPartialDirty', () => {
  it('is dirty when the content changed or the partial is new', () => {
    expect(isPartialDirty({ content: 'a', savedContent: 'a', creating: false })).toBe(false);
    expect(isPartialDirty({ content: 'b', savedContent: 'a', creating: false })).toBe(true);
    expect(isPartialDirty({ content: '', savedContent: '', creating: true })).toBe(true);
  });
});
