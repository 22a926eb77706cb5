// The default wording of validation issues, by DSL rule; a validator's error_message overrides it.
import type { FieldType, FieldValidator } from '../model/schemaDsl';

/** Seed wording (pydantic) for a missing required field. */
export const REQUIRED_MESSAGE = 'Field required';
/** Seed wording (pydantic) for a key the schema does not declare. */
export const EXTRA_MESSAGE = 'Extra inputs are not permitted';
/** A null where the field is not nullable. */
export const NOT_NULL_MESSAGE = 'must not be null';

const TYPE_MESSAGES: Record<string, string> = {
  string: 'must be a string',
  integer: 'must be an integer',
  float: 'must be a number',
  number: 'must be a number',
  boolean: 'must be true or false',
  list: 'must be a list',
  array: 'must be a list',
  dict: 'must be an object',
  object: 'must be an object',
};

/** The message for a value of the wrong type; accepts DSL and JSON Schema type names. */
export function typeMessage(type: string): string {
  return TYPE_MESSAGES[type] ?? `must be of type ${type}`;
}

function lengthUnit(type: FieldType, count: number): string {
  if (type === 'string') return count === 1 ? 'character' : 'characters';
  if (type === 'list') return count === 1 ? 'item' : 'items';
  return count === 1 ? 'entry' : 'entries';
}

function lengthMessage(type: FieldType, bound: 'least' | 'most', count: number): string {
  const verb = type === 'string' ? 'be' : 'have';
  return `must ${verb} at ${bound} ${count} ${lengthUnit(type, count)}`;
}

function listValues(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** The message for a failed validator: its own error_message when set, else a clear default. */
export function validatorMessage(validator: FieldValidator, fieldType: FieldType): string {
  if (typeof validator.error_message === 'string' && validator.error_message.trim() !== '') {
    return validator.error_message;
  }
  const min = validator.min_value;
  const max = validator.max_value;
  // On an `any` field a bound also rejects non-numbers, so the message says "a number".
  const bound = fieldType === 'any' ? 'must be a number' : 'must be';
  switch (validator.type) {
    case 'min_length':
      return lengthMessage(fieldType, 'least', min ?? 0);
    case 'max_length':
      return lengthMessage(fieldType, 'most', max ?? 0);
    case 'min_value':
      return `${bound} at least ${min}`;
    case 'max_value':
      return `${bound} at most ${max}`;
    case 'range':
      if (min != null && max != null) return `${bound} between ${min} and ${max}`;
      return min != null ? `${bound} at least ${min}` : `${bound} at most ${max}`;
    case 'regex':
      return `must match the pattern ${validator.pattern ?? ''}`;
    case 'enum':
      return `must be one of: ${listValues(validator.allowed_values ?? [])}`;
    case 'email':
      return 'must be a valid email address';
    case 'url':
      return 'must be a valid http(s) URL';
    case 'uuid':
      return 'must be a valid UUID';
    case 'date':
      return 'must be a date in YYYY-MM-DD format';
    case 'datetime':
      return 'must be an ISO 8601 date-time, like 2024-01-31T12:00:00Z';
    case 'custom':
      return 'failed its custom check';
  }
}

/** The message when a value is too long to be tested against a pattern or format. */
export function tooLongToCheckMessage(limit: number): string {
  return `must be at most ${limit} characters to be checked`;
}
