// Errors as values: a small stable set of codes that cross every boundary (IPC, HTTP, CLI).

/** The stable error codes; UI and CLI branch on these, never on message text. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'template_syntax'
  | 'template_render'
  | 'schema_violation'
  | 'export_rule'
  | 'forbidden'
  | 'unauthorized'
  | 'too_large'
  | 'provider_error'
  | 'cancelled'
  | 'busy'
  | 'read_only'
  | 'disk_full'
  | 'corrupt'
  | 'unavailable'
  | 'internal';

/** Every error code, for runtime checks. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_input',
  'not_found',
  'conflict',
  'template_syntax',
  'template_render',
  'schema_violation',
  'export_rule',
  'forbidden',
  'unauthorized',
  'too_large',
  'provider_error',
  'cancelled',
  'busy',
  'read_only',
  'disk_full',
  'corrupt',
  'unavailable',
  'internal',
];

/**
 * Faults of the library's storage rather than of the request: another program holds the write
 * lock, the library cannot be written, the disk is full, the file is damaged. The page shows
 * them in a banner; the request itself may be retried (busy) or needs the person to act.
 */
export const STORAGE_FAULTS: readonly ErrorCode[] = [
  'busy',
  'read_only',
  'disk_full',
  'corrupt',
  'unavailable',
];

/** One problem found in a value, with the path of the field and the rule it broke. */
export interface FieldIssue {
  /** Dotted path to the field, e.g. `shipping_address.postal_code`; empty for the whole value. */
  path: string;
  /** The rule that failed, e.g. `min_length`, `required`, `enum`. */
  rule: string;
  /** A sentence a person can act on. */
  message: string;
  /** For a template that does not parse: where (1-based), the chat message (0-based), advice. */
  line?: number;
  column?: number;
  messageIndex?: number;
  hint?: string;
}

/** A typed application error. `details` may carry `issues`, `line`/`column`, `file`, ids. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The plain-object form that crosses process boundaries. */
  toJSON(): SerializedError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** An error as it travels over IPC or HTTP. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}

/** The result of any operation that crosses a boundary. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** True when `value` is an AppError (also across realms, by shape). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns anything thrown into an AppError; unexpected errors become a generic `internal`. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  return new AppError('internal', 'An unexpected error occurred.');
}

/** Rebuilds an AppError from its serialised form (the client side of a transport). */
export function fromSerialized(error: SerializedError): AppError {
  const code = ERROR_CODES.includes(error.code) ? error.code : 'internal';
  return new AppError(code, String(error.message), error.details);
}
