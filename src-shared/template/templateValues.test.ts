import { describe, expect, it } from 'vitest';
import { stringifyTemplateValue, toTemplateContext } from './templateValues';

describe('stringifyTemplateValue', () => {
  it('follows the documented rule', () => {
    expect(stringifyTemplateValue('s')).toBe('s');
    expect(stringifyTemplateValue(0)).toBe('0');
    expect(stringifyTemplateValue(true)).toBe('true');
    expect(stringifyTemplateValue(['a', 1, ['b', 2]])).toBe('a, 1, b, 2');
    expect(stringifyTemplateValue({ a: 'x' })).toBe('{"a":"x"}');
    expect(stringifyTemplateValue(new Date('2024-01-02T03:04:05Z'))).toBe(
      '2024-01-02T03:04:05.000Z',
    );
    expect(stringifyTemplateValue(null)).toBe('');
  });
});

describe('toTemplateContext', () => {
  it('drops null values that are not nullable, keeps nullable ones as empty text', () => {
    const context = toTemplateContext({ a: null, b: null, c: 1 }, ['b']);
    expect(Object.keys(context)).toEqual(['b', 'c']);
    expect(context.b).toBe('');
  });

  it('copies objects and arrays onto null prototypes', () => {
    const context = toTemplateContext({ o: { x: 1 }, xs: [1] });
    expect(Object.getPrototypeOf(context)).toBeNull();
    expect(Object.getPrototypeOf(context.o)).toBeNull();
    expect(Object.getPrototypeOf(context.xs)).toBeNull();
    expect(Array.isArray(context.xs)).toBe(true);
    expect(`${context.o as string}`).toBe('{"x":1}');
  });

  it('turns functions into missing values instead of calling them', () => {
    expect(Object.keys(toTemplateContext({ f: () => 'x', n: 1n }))).toEqual(['n']);
  });
});
