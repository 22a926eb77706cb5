import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('relativeTime', () => {
  it('says "just now" for the last few seconds', () => {
    expect(relativeTime('2025-06-01T11:59:50Z', NOW)).toBe('just now');
  });

  it('uses the largest unit that fits', () => {
    expect(relativeTime('2025-06-01T11:57:00Z', NOW)).toBe('3 minutes ago');
    expect(relativeTime('2025-05-31T12:00:00Z', NOW)).toBe('yesterday');
    expect(relativeTime('2024-06-01T12:00:00Z', NOW)).toBe('last year');
  });

  it('returns unreadable times unchanged', () => {
    expect(relativeTime('not a date', NOW)).toBe('not a date');
  });
});
