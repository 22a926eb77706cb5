import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  PATTERN_MAX_LENGTH,
  assertSafePattern,
  compileUserPattern,
  findBacktrackingHazard,
} from './regexSafety';

const where = { schema: 'profile', field: 'username' };

function rejection(pattern: string): AppError {
  try {
    assertSafePattern(pattern, where);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`expected ${pattern} to be rejected`);
}

describe('assertSafePattern', () => {
  it.each([
    '^(a+)+$',
    '(a|a)*$',
    '(.*a){20}',
    '(\\d{1,4})+x',
    '(\\w|\\d)+$',
    '\\d*\\d*x',
    '.*\\s?\\d+',
    '^.+@.+\\..+$',
    '^\\d+1\\d+2\\d+x',
  ])('rejects the catastrophic pattern %s quickly', (pattern) => {
    const started = Date.now();
    const error = rejection(pattern);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain("Schema 'profile', field 'username'");
    expect(error.message).toContain(pattern);
    expect(error.message).toMatch(/could hang/);
  });

  it.each([
    '^[A-Z]{2}$',
    '^\\d{5}(-\\d{4})?$',
    '^[A-Z]{3}-\\d{6}$',
    '^[a-z0-9-]+$',
    '^[a-zA-Z0-9_]+$',
    '(foo|bar)+',
    '^([a-z]|-)+$',
    '^\\w+@\\w+\\.com$',
    '(\\d{4})+',
    '^[a-z]+\\s*[0-9]*$',
    '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    '^\\d+\\.\\d+$',
    '^[A-Za-z ]+, [A-Za-z]+$',
    '^\\d*\\d*x$',
    '^(.*)foo(.*)$',
  ])('accepts the everyday pattern %s', (pattern) => {
    expect(() => assertSafePattern(pattern, where)).not.toThrow();
  });

  it('rejects a pattern longer than the limit', () => {
    const error = rejection('a'.repeat(PATTERN_MAX_LENGTH + 1));
    expect(error.message).toContain(`longer than ${PATTERN_MAX_LENGTH} characters`);
    expect(error.message.length).toBeLessThan(300);
  });

  it('rejects a pattern that does not compile, with the reason', () => {
    const error = rejection('([a-z]');
    expect(error.message).toContain('is not a valid regular expression');
    expect(error.details).toMatchObject({ schema: 'profile', field: 'username', rule: 'regex' });
  });
});

describe('compileUserPattern', () => {
  it('uses Unicode mode when the pattern allows it', () => {
    expect(compileUserPattern('^.$').test('😀')).toBe(true);
  });

  it('falls back to plain mode for Python-style escapes such as \\_', () => {
    expect(compileUserPattern('^a\\_b$').test('a_b')).toBe(true);
  });
});

describe('findBacktrackingHazard', () => {
  it('passes lookarounds, classes with escapes and non-capturing groups', () => {
    expect(findBacktrackingHazard('^(?=.*\\d)(?:[\\w.-]+)@[a-z]+$')).toBeUndefined();
  });

  it('sees overlap through character class ranges', () => {
    expect(findBacktrackingHazard('([a-f]|[d-z])+')).toMatch(/alternatives/);
    expect(findBacktrackingHazard('([a-c]|[d-z])+')).toBeUndefined();
  });
});

describe('robustness', () => {
  it('answers quickly for any string, never throwing anything but AppError', () => {
    const regexish = fc.stringMatching(/^[()[\]{}|*+?.^$\\a-c0-9,<>=!:-]{0,40}$/);
    fc.assert(
      fc.property(fc.oneof(regexish, fc.string()), (pattern) => {
        const started = Date.now();
        try {
          assertSafePattern(pattern, where);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
        expect(findBacktrackingHazard(pattern, true) ?? '').toBeTypeOf('string');
        expect(Date.now() - started).toBeLessThan(1000); // generous: CI machines stall
      }),
      { numRuns: 1000 },
    );
  });
});
