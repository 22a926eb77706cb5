// Semver arithmetic for prompt versions: numeric bumps and ordering (SEED-BEHAVIOUR §5).
import semver from 'semver';
import { AppError } from '../errors';
import { BUMP_LEVELS, VERSION_PATTERN, type BumpLevel } from '../model/prompt';

/**
 * The canonical form of a `MAJOR.MINOR.PATCH` string. The seed accepts leading zeros
 * (`01.0.0`), which strict semver rejects, so parts are read as numbers first.
 */
function normalise(version: string): string {
  if (typeof version !== 'string' || !VERSION_PATTERN.test(version)) {
    throw new AppError('invalid_input', `Version '${String(version)}' is not MAJOR.MINOR.PATCH`, {
      version,
    });
  }
  const parts = version.split('.').map((part) => Number(part));
  if (parts.some((part) => !Number.isSafeInteger(part))) {
    throw new AppError('invalid_input', `Version '${version}' has a part that is too large`, {
      version,
    });
  }
  return parts.join('.');
}

/** The version after `current` at the given level: `1.9.9` minor → `1.10.0`. */
export function nextVersion(current: string, level: BumpLevel): string {
  if (!BUMP_LEVELS.includes(level)) {
    // The seed silently treated unknown levels as patch; we refuse them.
    throw new AppError(
      'invalid_input',
      `Unknown bump level '${String(level)}': use patch, minor or major`,
      { level },
    );
  }
  const next = semver.inc(normalise(current), level);
  if (next === null || !VERSION_PATTERN.test(next)) {
    throw new AppError('invalid_input', `Version '${current}' cannot be bumped`, {
      version: current,
    });
  }
  return next;
}

/** Numeric order of two versions: negative when `a` is older, 0 when equal, positive when newer. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  return semver.compare(normalise(a), normalise(b));
}

/** True when `version` is a valid `MAJOR.MINOR.PATCH` string. */
export function isVersion(version: unknown): version is string {
  return typeof version === 'string' && VERSION_PATTERN.test(version);
}
