// Copies data for validation, applying the seed's lax type coercion field by field.
//
// What is coerced (mirrors pydantic's lax mode as observed in SEED-BEHAVIOUR §4.5):
// | field type | accepted and converted                                                   |
// |------------|--------------------------------------------------------------------------|
// | integer    | a decimal integer string ("42", " -7 ") → number; true/false → 1/0       |
// | float      | a decimal number string ("1.5", "2e3") → number; true/false → 1/0        |
// | boolean    | "true"/"false", "yes"/"no", "on"/"off", "t"/"f", "y"/"n", "1"/"0"         |
// |            | (any case, trimmed) and the numbers 1/0 → true/false                      |
// Nothing else is converted: strings reject numbers and null, lists reject strings, 4.5 is not
// an integer. The same rules apply to list items (`item_type`) and inside nested schemas.
// ajv's own `coerceTypes` is not used: it turns 5 into "5" and null into "", 0 or false, which
// the seed rejects.
//
// The copy uses prototype-less objects so that no key (`__proto__`, `constructor`) or default
// can reach Object.prototype while ajv fills defaults; toPlainData turns the result back into
// ordinary objects, each key an own data property.
import { AppError } from '../errors';
import { defineOwn, isPlainRecord } from '../plainData';
import type { FieldType, SchemaField, ValidationSchema } from '../model/schemaDsl';
import type { SchemaResolver } from './jsonSchema';

/** Deepest nesting of objects and lists accepted in validated data. */
export const MAX_DATA_DEPTH = 64;

/**
 * Most objects and lists validated data may hold, counting a shared one each time it is
 * reached: IPC payloads can share references, giving exponentially many paths within the depth.
 */
export const MAX_DATA_COLLECTIONS = 100_000;

type Bag = Record<string, unknown>;

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 't', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'f', 'n']);
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function checkDepth(depth: number): void {
  if (depth > MAX_DATA_DEPTH) {
    throw new AppError('invalid_input', `Data is nested more than ${MAX_DATA_DEPTH} levels deep`, {
      limit: MAX_DATA_DEPTH,
    });
  }
}

/** Converts a scalar the way the seed's lax mode does; other values are returned unchanged. */
export function coerceScalar(type: FieldType, value: unknown): unknown {
  if (type === 'integer' || type === 'float') {
    if (typeof value === 'boolean') return value ? 1 : 0;
    const pattern = type === 'integer' ? INTEGER_TEXT : NUMBER_TEXT;
    if (typeof value === 'string' && pattern.test(value)) {
      const n = Number(value);
      if (type === 'integer' ? Number.isSafeInteger(n) : Number.isFinite(n)) return n;
    }
    return value;
  }
  if (type === 'boolean') {
    if (value === 1 || value === 0) return value === 1;
    if (typeof value === 'string') {
      const word = value.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
    }
  }
  return value;
}

function copyAny(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) {
    checkDepth(depth);
    return value.map((item) => copyAny(item, depth + 1));
  }
  if (isPlainRecord(value)) {
    checkDepth(depth);
    const out = Object.create(null) as Bag;
    for (const key of Object.keys(value)) defineOwn(out, key, copyAny(value[key], depth + 1));
    return out;
  }
  return value;
}

function copyRecord(value: Bag, schema: ValidationSchema, resolve: SchemaResolver, depth: number) {
  checkDepth(depth);
  const fields = new Map<string, SchemaField>(schema.fields.map((f) => [f.name, f]));
  const out = Object.create(null) as Bag;
  for (const key of Object.keys(value)) {
    const field = fields.get(key);
    const item = value[key];
    defineOwn(
      out,
      key,
      field ? copyField(field, item, resolve, depth + 1) : copyAny(item, depth + 1),
    );
  }
  return out;
}

function copyNested(name: string, value: unknown, resolve: SchemaResolver, depth: number) {
  const nested = resolve(name);
  return nested && isPlainRecord(value)
    ? copyRecord(value, nested, resolve, depth)
    : copyAny(value, depth);
}

function copyField(field: SchemaField, value: unknown, resolve: SchemaResolver, depth: number) {
  if (field.type === 'list' && Array.isArray(value)) {
    checkDepth(depth);
    return value.map((item) => {
      if (field.item_schema) return copyNested(field.item_schema, item, resolve, depth + 1);
      return field.item_type
        ? coerceScalar(field.item_type, copyAny(item, depth + 1))
        : copyAny(item, depth + 1);
    });
  }
  if (field.type === 'dict' && field.nested_schema) {
    return copyNested(field.nested_schema, value, resolve, depth);
  }
  return coerceScalar(field.type, copyAny(value, depth));
}

/**
 * A prototype-less deep copy of `data` with the lax coercions applied to `schema`'s fields.
 * Throws AppError('invalid_input') when the data nests deeper than MAX_DATA_DEPTH.
 */
export function prepareData(data: unknown, schema: ValidationSchema, resolve: SchemaResolver) {
  checkSize(data);
  return isPlainRecord(data) ? copyRecord(data, schema, resolve, 0) : copyAny(data, 0);
}

/** Walks `data` once without recursion, refusing it when too deep or too many before copying. */
function checkSize(data: unknown): void {
  const stack: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  let collections = 0;
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; depth: number };
    const children = Array.isArray(next.value)
      ? next.value
      : isPlainRecord(next.value)
        ? Object.values(next.value)
        : null;
    if (children === null) continue;
    checkDepth(next.depth);
    if (++collections > MAX_DATA_COLLECTIONS) {
      throw new AppError(
        'too_large',
        `Data holds more than ${MAX_DATA_COLLECTIONS} objects and lists`,
        { limit: MAX_DATA_COLLECTIONS },
      );
    }
    for (const child of children) stack.push({ value: child, depth: next.depth + 1 });
  }
}

/** Turns prepared (prototype-less) data back into ordinary objects and arrays. */
export function toPlainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlainData);
  if (isPlainRecord(value)) {
    const out: Bag = {};
    for (const key of Object.keys(value)) defineOwn(out, key, toPlainData(value[key]));
    return out;
  }
  return value;
}
