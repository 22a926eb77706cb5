// What PostgreSQL's refusals mean in our error codes: a role's refusal is `forbidden`, a lost
// race `conflict`, an unreachable server `unavailable`; the message names the user and what was
// asked.
import { AppError } from '../../../src-shared/errors';
import { missingBase, nothingToSave, staleSave } from '../prompts/promptService';

/** The fields of a pg error we read (see PostgreSQL's SQLSTATE table). */
interface PgFailure {
  code?: string;
  message?: string;
  detail?: string;
}

/** SQLSTATEs raised by pwb_save_prompt (migration 3): a stale base, and nothing to save. */
const STALE_SAVE = 'PWB01';
const NOTHING_TO_SAVE = 'PWB02';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/** What node-postgres says when the server goes away under a query (no SQLSTATE then). */
const LOST =
  /^Connection terminated|^Client has encountered a connection error|connection timeout/i;

/** Removes the password from a PostgreSQL URL before it is shown anywhere. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Turns a failure of the database into an AppError. `doing` says what was asked ("save
 * prompts"); `who` names the user and role for refusals. AppErrors pass through unchanged.
 */
export function fromPgError(error: unknown, doing: string, who?: string): unknown {
  if (error instanceof AppError) return error;
  const failure = (error ?? {}) as PgFailure;
  const code = failure.code ?? '';
  const message = failure.message ?? String(error);
  if (code === '42501') {
    return new AppError(
      'forbidden',
      `PostgreSQL refused: ${who ?? 'this user'} may not ${doing} (${message})`,
      { sqlstate: code },
    );
  }
  if (code === '40001' || code === '40P01') {
    return new AppError(
      'conflict',
      `Another change to the library got there first; try again (${message})`,
    );
  }
  if (code === '28P01' || code === '28000') {
    return new AppError('unauthorized', `PostgreSQL refused the login: ${message}`);
  }
  if (code === '3D000') return new AppError('not_found', `PostgreSQL: ${message}`);
  if (
    UNREACHABLE.has(code) ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P03' ||
    LOST.test(message)
  ) {
    return new AppError(
      'unavailable',
      `Cannot reach the PostgreSQL library (${message}); try again`,
    );
  }
  return error;
}

/**
 * The refusals of the server-side save as the SQLite save words them: a base that is not the
 * current version is `conflict`, an unchanged document `invalid_input`. Anything else is left to
 * fromPgError.
 */
export function fromSaveError(error: unknown, id: string, base: string | null): unknown {
  const failure = (error ?? {}) as PgFailure;
  if (failure.code !== STALE_SAVE && failure.code !== NOTHING_TO_SAVE) return error;
  let current: string | null = null;
  try {
    const detail = JSON.parse(failure.detail ?? '{}') as { current?: unknown };
    if (typeof detail.current === 'string') current = detail.current;
  } catch {
    // No detail: the version is unknown (null).
  }
  if (failure.code === NOTHING_TO_SAVE) return nothingToSave(id, current ?? base ?? '');
  if (current === null) {
    return base === null
      ? new AppError(
          'conflict',
          `Prompt '${id}' was just created by someone else. Reload it and save again.`,
          { id, base, current },
        )
      : missingBase(id, base);
  }
  return staleSave(id, base, current);
}
