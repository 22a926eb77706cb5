// The naming rule for schemas and partials: the seed's "alphanumeric after removing _ and -".
import { AppError } from '../../../src-shared/errors';

/** Longest schema or partial name. */
export const MAX_LIBRARY_NAME = 128;

// Python's str.isalnum(): letters and digits of any script, as the seed checks it.
const ALNUM = /^[\p{L}\p{N}]+$/u;
// These would reach object prototypes when names become keys (partial maps, schema sets).
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Returns `name` when it is a valid schema/partial name, else throws invalid_input. */
export function checkLibraryName(kind: 'Schema' | 'Partial', name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new AppError('invalid_input', `${kind} name is required`, { name });
  }
  if (name.length > MAX_LIBRARY_NAME) {
    throw new AppError(
      'invalid_input',
      `${kind} name is ${name.length} characters long; the limit is ${MAX_LIBRARY_NAME}`,
      { name: name.slice(0, 60) },
    );
  }
  if (!ALNUM.test(name.replace(/[_-]/g, '')) || RESERVED.has(name)) {
    throw new AppError(
      'invalid_input',
      `${kind} name '${name}' must be alphanumeric (underscores and hyphens allowed)`,
      { name },
    );
  }
  return name;
}
