// Errors as the page keeps them in state: plain data with the code, message and details.
import { AppError } from '../../src-shared/errors';
import type { ErrorCode, FieldIssue } from '../../src-shared/errors';

/** An error kept in state and shown next to what is wrong. */
export interface UiError {
  code: ErrorCode;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}

/** Turns anything thrown by the client into a UiError (unexpected errors stay generic). */
export function toUiError(error: unknown): UiError {
  if (error instanceof AppError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  return { code: 'internal', message: 'Something went wrong. Try again.' };
}

/** The field issues of a schema violation, or an empty list. */
export function issuesOf(error: UiError | null): FieldIssue[] {
  const issues = error?.details?.['issues'];
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (issue): issue is FieldIssue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as FieldIssue).path === 'string' &&
      typeof (issue as FieldIssue).message === 'string',
  );
}

/** The line and column an error points at, when it carries them. */
export function positionOf(error: UiError | null): { line: number; column: number } | null {
  const line = error?.details?.['line'];
  const column = error?.details?.['column'];
  return typeof line === 'number' && typeof column === 'number' ? { line, column } : null;
}

/** True when the server refused because the content looks like it holds a secret. */
export function isSecretRefusal(error: UiError | null): boolean {
  return error?.code === 'forbidden' && Array.isArray(error.details?.['findings']);
}
