import { describe, expect, it } from 'vitest';
import { formatCount, formatMicros, formatRate } from './formatDuration';

describe('formatMicros', () => {
  it.each([
    ['sub-millisecond renders with three decimals', 42, '0.042 ms'],
    ['a few milliseconds with two decimals', 4200, '4.20 ms'],
    ['tens of milliseconds with one decimal', 42_000, '42.0 ms'],
    ['hundreds of milliseconds whole', 420_400, '420 ms'],
    ['seconds from one second up', 1_250_000, '1.25 s'],
  ])('shows %s', (_what, micros, text) => {
    expect(formatMicros(micros)).toBe(text);
  });
  it('shows zero plainly and refuses nonsense', () => {
    expect(formatMicros(0)).toBe('0 ms');
    expect(formatMicros(-1)).toBe('—');
    expect(formatMicros(Number.NaN)).toBe('—');
  });
});

describe('formatRate', () => {
  it('formats ratios as percentages', () => {
    expect(formatRate(0)).toBe('0 %');
    expect(formatRate(1)).toBe('100 %');
    expect(formatRate(0.125)).toBe('13 %');
    expect(formatRate(0.0125)).toBe('1.3 %');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
