// Turns caller variables into the render context: the null rule and the stringification rule.
//
// Stringification rule (what `{{x}}` prints):
//   - strings as they are; numbers, booleans and bigints via String() (3.5, 1e+21, true);
//   - arrays: their items stringified by this same rule, joined with ", " (["a", 1] → "a, 1");
//   - plain objects: JSON (`{"a":1}`); dates: ISO 8601 text;
//   - null and undefined inside arrays print as empty text.
// Null rule: a variable whose value is null or undefined is missing (rendering it is an error)
// unless its name is listed as nullable, in which case it is empty text. The rule holds at every
// level (`user.nick`), so null fields are left out of objects (and of `{{json user}}`).
//
// The interpreter reads own properties only, so no template path reaches `constructor`,
// `__proto__` or any other inherited member, and prints values by the rule above.
import { AppError } from '../errors';
import { defineOwn, isPlainRecord } from '../plainData';

/** Deepest nesting of variables accepted; deeper values are almost certainly hostile or cyclic. */
export const MAX_VARIABLE_DEPTH = 64;

/** Most values (objects, arrays and scalars together) one render accepts. */
export const MAX_VARIABLE_NODES = 1_000_000;

const MISSING = Symbol('missing');
const NOTHING_NULLABLE: ReadonlySet<string> = new Set();

/** Prints any value by the stringification rule above. */
export function stringifyTemplateValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return Array.from(value, stringifyTemplateValue).join(', ');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return '';
}

/**
 * The render context for the interpreter, which reads own properties only and prints values
 * with stringifyTemplateValue. The null rule applies with `nullable` (root names such as
 * `notes`, or dotted paths such as `user.nickname`). Variables that need no conversion at all (the usual JSON:
 * no null fields, no dates, no functions, plain objects and lists) are used as they are,
 * uncopied: the interpreter never writes to its context. (Members a copy would drop that JSON
 * cannot hold, such as non-enumerable ones, stay readable then: they are the caller's data.)
 */
export function toInterpreterContext(
  variables: unknown,
  nullable: readonly string[] = [],
): Record<string, unknown> {
  const checked = checkedVariables(variables);
  if (nullable.length === 0 && new CleanCheck().record(checked, 0)) return checked;
  return convertContext(checked, nullable);
}

function checkedVariables(variables: unknown): Record<string, unknown> {
  if (!isPlainRecord(variables)) {
    throw new AppError('invalid_input', 'Template variables must be an object of names to values.');
  }
  return variables;
}

function convertContext(
  variables: Record<string, unknown>,
  nullable: readonly string[],
): Record<string, unknown> {
  const converter = new ContextConverter(
    nullable.length === 0 ? NOTHING_NULLABLE : new Set(nullable),
  );
  const context = converter.convert(variables, '', 0) as Record<string, unknown>;
  for (const name of nullable) fillAbsentNullable(context, name);
  return context;
}

/** Whether converting a value would change nothing (and stay within the limits). */
class CleanCheck {
  private nodes = 0;

  value(value: unknown, depth: number, inList: boolean): boolean {
    if (++this.nodes > MAX_VARIABLE_NODES) return false;
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return true;
      case 'object':
        // In a list, null stays null; elsewhere the null rule applies.
        if (value === null) return inList;
        if (depth >= MAX_VARIABLE_DEPTH) return false;
        if (Array.isArray(value)) return this.list(value, depth);
        return isPlainRecord(value) && this.record(value, depth);
      default:
        return false;
    }
  }

  list(value: readonly unknown[], depth: number): boolean {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let index = 0; index < value.length; index += 1) {
      // A hole would become null in the copy.
      if (!(index in value) || !this.value(value[index], depth + 1, true)) return false;
    }
    return true;
  }

  record(value: Readonly<Record<string, unknown>>, depth: number): boolean {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return false;
      const item = value[key];
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
        if (++this.nodes > MAX_VARIABLE_NODES) return false;
      } else if (!this.value(item, depth + 1, false)) {
        return false;
      }
    }
    return true;
  }
}

/** A nullable name that is absent altogether is empty text too, when its parent exists. */
function fillAbsentNullable(context: Record<string, unknown>, name: string): void {
  const parts = name.split('.');
  let target: unknown = context;
  for (const part of parts.slice(0, -1)) {
    if (typeof target !== 'object' || target === null || Array.isArray(target)) return;
    target = (target as Record<string, unknown>)[part];
  }
  const last = parts[parts.length - 1] as string;
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return;
  // Defined, not assigned: a key named "__proto__" stays data on any copy.
  if (!Object.hasOwn(target, last)) defineOwn(target as Record<string, unknown>, last, '');
}

class ContextConverter {
  private nodes = 0;

  constructor(private readonly nullable: ReadonlySet<string>) {}

  /** `path` is the dotted name for the null rule; array items end in `[]` (`tags[]`). */
  convert(value: unknown, path: string, depth: number): unknown {
    this.count();
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return value;
      case 'bigint':
        return String(value);
      case 'object':
        if (value === null) return this.nothing(path);
        break;
      case 'undefined':
        return this.nothing(path);
      default:
        return path.endsWith('[]') ? null : MISSING;
    }
    if (value instanceof Date) return stringifyTemplateValue(value);
    if (depth >= MAX_VARIABLE_DEPTH) {
      throw new AppError(
        'invalid_input',
        `Template variables nest more than ${MAX_VARIABLE_DEPTH} levels deep${path ? ` (at '${path}')` : ''}.`,
        { limit: MAX_VARIABLE_DEPTH },
      );
    }
    return Array.isArray(value)
      ? this.list(value, path, depth)
      : this.record(value as Record<string, unknown>, path, depth);
  }

  private list(value: readonly unknown[], path: string, depth: number): unknown[] {
    const itemPath = `${path}[]`;
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) {
      copy[index] = this.convert(value[index], itemPath, depth + 1);
    }
    return copy;
  }

  private record(
    value: Readonly<Record<string, unknown>>,
    path: string,
    depth: number,
  ): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      let converted: unknown;
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
        this.count();
        converted = item;
      } else {
        converted = this.convert(item, path === '' ? key : `${path}.${key}`, depth + 1);
        if (converted === MISSING) continue;
      }
      // The copy has Object.prototype, whose `__proto__` is a setter.
      if (key === '__proto__') Object.defineProperty(copy, key, { ...DATA, value: converted });
      else copy[key] = converted;
    }
    return copy;
  }

  /** Null and undefined: empty in a list (keeping positions), else missing unless nullable. */
  private nothing(path: string): unknown {
    if (path.endsWith('[]')) return null;
    return this.nullable.has(path) ? '' : MISSING;
  }

  private count(): void {
    if (++this.nodes > MAX_VARIABLE_NODES) {
      throw new AppError(
        'too_large',
        `Template variables hold more than ${MAX_VARIABLE_NODES} values.`,
        { limit: MAX_VARIABLE_NODES },
      );
    }
  }
}

const DATA = { enumerable: true, writable: true, configurable: true } as const;
