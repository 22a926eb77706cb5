import { describe, it, expect } from 'vitest';
import { AppError } from '../errors';
import { compareVersions, isVersion, nextVersion } from './versionNumbers';

describe('nextVersion', () => {
  it('bumps patch, minor and major numerically', () => {
    expect(nextVersion('1.0.0', 'patch')).toBe('1.0.1');
    expect(nextVersion('1.9.9', 'minor')).toBe('1.10.0');
    expect(nextVersion('1.9.9', 'major')).toBe('2.0.0');
  });

  it('accepts the seed’s leading zeros and drops them', () => {
    expect(nextVersion('01.02.03', 'patch')).toBe('1.2.4');
  });

  it('refuses an unknown bump level instead of acting as patch', () => {
    expect(() => nextVersion('1.0.0', 'huge' as never)).toThrow(/Unknown bump level 'huge'/);
  });

  it('refuses versions that are not MAJOR.MINOR.PATCH', () => {
    for (const bad of ['1.0', 'v1.0.0', '1.0.0-beta', '']) {
      const error = (() => {
        try {
          nextVersion(bad, 'patch');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
    }
  });
});

describe('compareVersions', () => {
  it('orders versions numerically per part', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.1')).toBe(-1);
    expect(compareVersions('01.0.0', '1.0.0')).toBe(0);
  });

  it('sorts a history newest first', () => {
    const sorted = ['1.0.2', '1.10.0', '1.2.0', '0.9.9'].sort((a, b) => compareVersions(b, a));
    expect(sorted).toEqual(['1.10.0', '1.2.0', '1.0.2', '0.9.9']);
  });

  it('recognises valid version strings', () => {
    expect(isVersion('1.2.3')).toBe(true);
    expect(isVersion('1.2')).toBe(false);
    expect(isVersion(3)).toBe(false);
  });
});
