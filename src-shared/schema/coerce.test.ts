import { describe, expect, it } from 'vitest';
import { coerceScalar, toPlainData } from './coerce';

describe('coerceScalar', () => {
  it.each([
    ['integer', ' 42 ', 42],
    ['integer', '-7', -7],
    ['integer', '1e3', '1e3'],
    ['integer', '99999999999999999999', '99999999999999999999'],
    ['float', '2e3', 2000],
    ['float', '.5', 0.5],
    ['float', 'Infinity', 'Infinity'],
    ['float', false, 0],
    ['boolean', ' ON ', true],
    ['boolean', 'f', false],
    ['boolean', 2, 2],
    ['string', 5, 5],
  ] as const)('%s: %j → %j', (type, input, output) => {
    expect(coerceScalar(type, input)).toEqual(output);
  });
});

describe('toPlainData', () => {
  it('turns prototype-less objects into ordinary ones, keeping odd keys as own data', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(bare, '__proto__', { value: { x: 1 }, enumerable: true });
    const plain = toPlainData({ list: [bare] }) as { list: Array<Record<string, unknown>> };
    const first = plain.list[0] as object;
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toEqual({ x: 1 });
  });
});
