// What PostgreSQL's refusals mean in our error codes: a role's refusal is `forbidden`, a lost
// race `conflict`, an unreachable server `busy`; the message names the user and what was asked.
import { AppError } from '../../../src-shared/errors';

/** The fields of a pg error we read (see PostgreSQL's SQLSTATE table). */
interface PgFailure {
  code?: string;
  message?: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

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
  if (UNREACHABLE.has(code) || code.startsWith('08') || code === '57P01') {
    return new AppError('busy', `Cannot reach the PostgreSQL library (${message}); try again`);
  }
  return error;
}
