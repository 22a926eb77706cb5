import { describe, expect, it } from 'vitest';
import { formatCount, formatMicros, formatRate } from './formatDuration';

describe('formatMicros', () => {
  it('shows sub-millisecond renders with three decimals', () => {
    expect(formatMicros(42)).toBe('0.042 ms');
  });
  it('shows a few milliseconds with two decimals', () => {
    expect(formatMicros(4200)).toBe('4.20 ms');
  });
  it('shows tens of milliseconds with one decimal', () => {
    expect(formatMicros(42_000)).toBe('42.0 ms');
  });
  it('shows hundreds of milliseconds whole', () => {
    expect(formatMicros(420_400)).toBe('420 ms');
  });
  it('switches to seconds from one second up', () => {
    expect(formatMicros(1_250_000)).toBe('1.25 s');
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
