// Reads and checks `limit`/`offset` paging arguments the same way for every list.
import { AppError } from '../../../src-shared/errors';

/** Page size when none is asked for. */
export const DEFAULT_PAGE_SIZE = 100;
/** Larger pages are cut to this size: one call never reads an unbounded table. */
export const MAX_PAGE_SIZE = 10_000;

/** A checked page window. */
export interface Paging {
  limit: number;
  offset: number;
}

/** Defaults missing values, clamps big limits, refuses negative or fractional ones. */
export function readPaging(query: { limit?: number; offset?: number }): Paging {
  const { limit = DEFAULT_PAGE_SIZE, offset = 0 } = query;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new AppError('invalid_input', 'limit must be a whole number, 1 or more', { limit });
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new AppError('invalid_input', 'offset must be a whole number, 0 or more', { offset });
  }
  return { limit: Math.min(limit, MAX_PAGE_SIZE), offset };
}
