import { describe, expect, it } from 'vitest';
import { queryOf } from './librarySlice';

describe('queryOf', () => {
  it('sends only the filters that are set', () => {
    expect(queryOf({ search: '  ', tags: '', status: '', category: '' })).toEqual({});
  });

  it('trims the search, lower-cases comma-separated tags and keeps status and category', () => {
    expect(
      queryOf({ search: ' greet ', tags: 'Support, chat,', status: 'active', category: ' cs ' }),
    ).toEqual({
      search: 'greet',
      tags: ['support', 'chat'],
      status: 'active',
      category: 'cs',
    });
  });
});
