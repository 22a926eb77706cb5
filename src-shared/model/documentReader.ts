// Reading untrusted documents: collect every problem as a FieldIssue, guard keys, copy plain data.
import { AppError, type FieldIssue } from '../errors';
import { isPlainRecord } from '../plainData';

/** Keys that could reach an object's prototype if ever used as property names. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Deepest nesting a document may have (counting mappings and lists). */
export const MAX_DOCUMENT_DEPTH = 64;

/**
 * Most values a document may hold, counting a shared mapping or list each time it is reached:
 * without a budget, values that share references (which structured clone and YAML aliases can
 * make) have exponentially many paths even within the depth limit.
 */
export const MAX_DOCUMENT_VALUES = 1_000_000;

/** A mapping read from a document: a plain object with string keys. */
export type DocRecord = Record<string, unknown>;

/** True for a plain mapping (not a list, not null, not a class instance). */
export const isRecord: (value: unknown) => value is DocRecord = isPlainRecord;

/** A short description of a value's kind for messages (never the value itself). */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

/** Appends a key or list index to a dotted path (`a.b.0.c`). */
export function joinPath(base: string, key: string | number): string {
  return base === '' ? String(key) : `${base}.${key}`;
}

/**
 * A document path as a person reads it: a chat message by its number from 1, as the editor shows
 * it (`chat_template.messages.1.content` → `message 2, content`). Details keep the 0-based path.
 */
export function readablePath(path: string): string {
  return path.replace(
    /^((?:[A-Za-z_]+\.)*?)chat_template\.messages\.(\d+)(?:\.(.*))?$/,
    (_match, prefix: string, index: string, rest: string | undefined) =>
      `${prefix}message ${Number(index) + 1}${rest === undefined ? '' : `, ${rest}`}`,
  );
}

/** Collects problems; `first` decides the headline of the error. */
export class IssueList {
  readonly items: FieldIssue[] = [];

  /** Records one problem at `path` breaking `rule`. */
  add(path: string, rule: string, message: string): void {
    this.items.push({ path, rule, message });
  }

  /** Re-records issues of a nested document under `prefix`. */
  addNested(prefix: string, issues: readonly FieldIssue[]): void {
    for (const issue of issues) {
      const path = issue.path === '' ? prefix : joinPath(prefix, issue.path);
      this.items.push({ ...issue, path });
    }
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /**
   * Throws AppError('invalid_input') listing every issue, headed by the first one.
   * `what` names the kind of document ("prompt", "schema file").
   */
  throwIfAny(what: string, source?: string): void {
    const first = this.items[0];
    if (first === undefined) return;
    const where = source === undefined ? `Invalid ${what}` : `${source}: invalid ${what}`;
    const at = first.path === '' ? '' : `${readablePath(first.path)}: `;
    const more = this.items.length > 1 ? ` (and ${this.items.length - 1} more problem(s))` : '';
    const details: Record<string, unknown> = { issues: [...this.items] };
    if (source !== undefined) details.file = source;
    throw new AppError(
      'invalid_input',
      `${where}: ${at}${first.message} [${first.rule}]${more}`,
      details,
    );
  }
}

/**
 * Checks a whole value before anything reads it: plain data only, no prototype-reaching keys,
 * bounded depth. Iterative, so hostile nesting cannot overflow the stack. Returns false when
 * the value must not be read further.
 */
export function guardDocument(value: unknown, issues: IssueList): boolean {
  const before = issues.items.length;
  type Entry = { value: unknown; path: string; depth: number; leave?: object };
  const stack: Entry[] = [{ value, path: '', depth: 0 }];
  // The mappings and lists on the path being walked: meeting one again is a cycle.
  const open = new Set<object>();
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    if (next.leave !== undefined) {
      open.delete(next.leave);
      continue;
    }
    const { value: current, path, depth } = next;
    if (++count > MAX_DOCUMENT_VALUES) {
      issues.add(path, 'size', `holds more than ${MAX_DOCUMENT_VALUES} values`);
      break;
    }
    if (Array.isArray(current) || isRecord(current)) {
      if (open.has(current)) {
        issues.add(path, 'cycle', 'refers to itself (a cyclic value is not plain data)');
        continue;
      }
      if (depth >= MAX_DOCUMENT_DEPTH) {
        issues.add(path, 'depth', `nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
        continue;
      }
      open.add(current);
      stack.push({ value: undefined, path, depth, leave: current });
      if (Array.isArray(current)) {
        current.forEach((item, index) =>
          stack.push({ value: item, path: joinPath(path, index), depth: depth + 1 }),
        );
        continue;
      }
      for (const key of Object.keys(current)) {
        if (FORBIDDEN_KEYS.includes(key)) {
          issues.add(joinPath(path, key), 'forbidden_key', `the key '${key}' is not allowed`);
          continue;
        }
        stack.push({ value: current[key], path: joinPath(path, key), depth: depth + 1 });
      }
      continue;
    }
    if (!isScalar(current)) {
      issues.add(path, 'type', `${describeKind(current)} is not a plain data value`);
    }
  }
  return issues.items.length === before;
}

function isScalar(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  );
}

/**
 * A deep copy of guarded plain data, so results never share references with their input.
 * Dates become ISO strings and undefined entries are dropped.
 */
export function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (value instanceof Date) return value.toISOString();
  if (isRecord(value)) {
    const out: DocRecord = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = copyData(item);
    }
    return out;
  }
  return value;
}

/** Typed, issue-collecting access to the keys of one mapping at `path`. */
export class FieldReader {
  constructor(
    readonly record: DocRecord,
    readonly path: string,
    readonly issues: IssueList,
  ) {}

  /** Reports every key not in `allowed` (the seed's "Extra inputs are not permitted"). */
  allowOnly(allowed: readonly string[], where: string): void {
    for (const key of Object.keys(this.record)) {
      if (!allowed.includes(key)) {
        this.issues.add(
          this.at(key),
          'unknown_key',
          `unknown key '${key}' is not permitted in ${where}`,
        );
      }
    }
  }

  /** The dotted path of `key` in this mapping. */
  at(key: string | number): string {
    return joinPath(this.path, key);
  }

  /** True when the key is present with a value other than undefined. */
  has(key: string): boolean {
    return this.record[key] !== undefined;
  }

  /** A required string; undefined when missing or wrong (the issue is recorded). */
  requiredString(key: string): string | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) {
      this.issues.add(this.at(key), 'required', `${key} is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.issues.add(this.at(key), 'type', `${key} must be a string (got ${describeKind(value)})`);
      return undefined;
    }
    return value;
  }

  /** An optional string; null when absent or null. */
  optionalString(key: string): string | null {
    const value = this.record[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.issues.add(this.at(key), 'type', `${key} must be a string (got ${describeKind(value)})`);
      return null;
    }
    return value;
  }

  /** A boolean with a default when absent. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.record[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.issues.add(
        this.at(key),
        'type',
        `${key} must be true or false (got ${describeKind(value)})`,
      );
      return fallback;
    }
    return value;
  }

  /** One of `allowed` (case-sensitive, as in the seed); `fallback` when absent. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.record[key];
    if (value === undefined || (value === null && fallback !== undefined)) {
      if (fallback === undefined) this.issues.add(this.at(key), 'required', `${key} is required`);
      if (value === null) this.issues.add(this.at(key), 'type', `${key} cannot be null`);
      return fallback;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    const list = allowed.map((item) => `'${item}'`).join(', ');
    const got = typeof value === 'string' ? `'${clip(value)}'` : describeKind(value);
    this.issues.add(this.at(key), 'enum', `${key} must be one of ${list} (got ${got})`);
    return fallback;
  }

  /** A list of strings (default []); null is rejected, as in the seed. */
  stringList(key: string): string[] {
    const value = this.record[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.issues.add(
        this.at(key),
        'type',
        `${key} must be a list of strings (got ${describeKind(value)})`,
      );
      return [];
    }
    const out: string[] = [];
    value.forEach((item, index) => {
      if (typeof item === 'string') out.push(item);
      else
        this.issues.add(
          this.at(key) + `.${index}`,
          'type',
          `${key} items must be strings (got ${describeKind(item)})`,
        );
    });
    return out;
  }

  /** A mapping (default {}); null is rejected. The result is a fresh copy. */
  mapping(key: string): DocRecord {
    if (this.record[key] === undefined) return {};
    const value = this.mappingAt(key);
    return value === undefined ? {} : (copyData(value) as DocRecord);
  }

  /** A mapping of string to string (default {}). */
  stringMap(key: string): Record<string, string> {
    if (this.record[key] === undefined) return {};
    const value = this.mappingAt(key);
    if (value === undefined) return {};
    const out: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'string') out[name] = item;
      else
        this.issues.add(
          joinPath(this.at(key), name),
          'type',
          `${key} values must be strings (got ${describeKind(item)})`,
        );
    }
    return out;
  }

  /** A nested mapping to read further, or undefined (with an issue) when it is not one. */
  child(key: string): FieldReader | undefined {
    const value = this.mappingAt(key);
    return value === undefined ? undefined : new FieldReader(value, this.at(key), this.issues);
  }

  /**
   * Reads each item of `items` (the list at `key`) with `read`; an item that is not a mapping is
   * a `type` issue ("each <noun> must be a mapping"). Keeps what `read` returns, in order.
   */
  readItems<T>(
    key: string,
    items: readonly unknown[],
    noun: string,
    read: (item: FieldReader) => T | undefined,
  ): T[] {
    const out: T[] = [];
    items.forEach((item, index) => {
      const path = `${this.at(key)}.${index}`;
      if (!isRecord(item)) {
        this.issues.add(path, 'type', `each ${noun} must be a mapping (got ${describeKind(item)})`);
        return;
      }
      const value = read(new FieldReader(item, path, this.issues));
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  /** The mapping at `key`; anything else (absent included) is a `type` issue. */
  private mappingAt(key: string): DocRecord | undefined {
    const value = this.record[key];
    if (isRecord(value)) return value;
    this.issues.add(this.at(key), 'type', `${key} must be a mapping (got ${describeKind(value)})`);
    return undefined;
  }
}

/**
 * A reader over a whole document that allows only `keys`; undefined (with issues) when the
 * value is not a mapping or fails the guard. `what` names it in messages ("a prompt bundle").
 */
export function readDocument(
  value: unknown,
  issues: IssueList,
  what: string,
  keys: readonly string[],
): FieldReader | undefined {
  if (!isRecord(value)) {
    issues.add('', 'type', `${what} must be a mapping (got ${describeKind(value)})`);
    return undefined;
  }
  if (!guardDocument(value, issues)) return undefined;
  const doc = new FieldReader(value, '', issues);
  doc.allowOnly(keys, what);
  return doc;
}

/**
 * Runs `read` over a fresh issue list and throws every issue it found as one
 * AppError('invalid_input') naming `what` and `source`; otherwise returns what it read.
 */
export function readOrThrow<T>(
  what: string,
  source: string | undefined,
  read: (issues: IssueList) => T | undefined,
): T {
  const issues = new IssueList();
  const value = read(issues);
  issues.throwIfAny(what, source);
  if (value === undefined) throw new Error(`unreachable: ${what} without issues`);
  return value;
}

/** Shortens user text quoted in a message. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
