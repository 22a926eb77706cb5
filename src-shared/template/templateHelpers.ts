// Implementations of our helper set (documented in helperDocs.ts), registered on the isolated environment.
import { AppError } from '../errors';
import { stringifyTemplateValue } from './templateValues';

/** What Handlebars passes as the last argument of every helper call. */
interface HelperCallOptions {
  name?: string;
  fn?: (context: unknown) => string;
  loc?: { start: { line: number; column: number } };
}

type HelperFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * What the `lookup` helper reads properties with: own properties only, never a prototype's
 * `constructor` (both engines' rule for every lookup).
 */
export function lookupOwnProperty(parent: unknown, name: string): unknown {
  const value = (parent as Record<string, unknown>)[name];
  if (value === null || value === undefined) return value;
  const isOwn = Object.prototype.hasOwnProperty.call(parent, name);
  const isPrototypeConstructor =
    name === 'constructor' &&
    typeof value === 'function' &&
    parent === (value as { prototype?: unknown }).prototype;
  return isOwn && !isPrototypeConstructor ? value : undefined;
}

/** Truthiness as `{{#if}}` sees it: false, 0, NaN, empty text, null, undefined and [] are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** Splits helper arguments from the trailing options object and checks their count. */
function valuesOf(name: string, args: unknown[], min: number, max = min): unknown[] {
  const options = args[args.length - 1] as HelperCallOptions | undefined;
  const values = args.slice(0, -1);
  if (values.length < min || values.length > max) {
    const wanted =
      min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    const start = options?.loc?.start;
    throw new AppError(
      'template_render',
      `The helper '${name}' takes ${wanted} value${wanted === '1' ? '' : 's'}, but was given ${values.length}.`,
      start ? { helper: name, line: start.line, column: start.column + 1 } : { helper: name },
    );
  }
  return values;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x - y;
}

function countOf(value: unknown): number {
  if (Array.isArray(value) || typeof value === 'string') return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}

/**
 * A helper named like a variable (`{{length}}` in the seed's text_summarization) is called with
 * no values; Handlebars prefers helpers over variables, so such a call reads the variable instead.
 */
function orVariable(name: string, helper: HelperFunction): HelperFunction {
  return function (this: unknown, ...args: unknown[]) {
    if (args.length > 1) return helper.apply(this, args);
    const options = args[0] as HelperCallOptions | undefined;
    if (typeof this === 'object' && this !== null && Object.hasOwn(this, name)) {
      return (this as Record<string, unknown>)[name];
    }
    const start = options?.loc?.start;
    throw new AppError(
      'template_render',
      `Could not find variable '${name}'`,
      start ? { variable: name, line: start.line, column: start.column + 3 } : { variable: name },
    );
  };
}

const VALUE_HELPERS: Readonly<Record<string, HelperFunction>> = {
  eq: (...args) => {
    const [a, b] = valuesOf('eq', args, 2);
    return a === b;
  },
  ne: (...args) => {
    const [a, b] = valuesOf('ne', args, 2);
    return a !== b;
  },
  gt: (...args) => {
    const [a, b] = valuesOf('gt', args, 2);
    return compare(a, b) > 0;
  },
  lt: (...args) => {
    const [a, b] = valuesOf('lt', args, 2);
    return compare(a, b) < 0;
  },
  and: (...args) => valuesOf('and', args, 1, Infinity).every(isTruthy),
  or: (...args) => valuesOf('or', args, 1, Infinity).some(isTruthy),
  not: (...args) => !isTruthy(valuesOf('not', args, 1)[0]),
  json: (...args) => JSON.stringify(valuesOf('json', args, 1)[0] ?? null, null, 2),
  join: (...args) => {
    const [list, separator] = valuesOf('join', args, 1, 2);
    const glue = typeof separator === 'string' ? separator : ', ';
    return Array.isArray(list)
      ? Array.from(list, stringifyTemplateValue).join(glue)
      : stringifyTemplateValue(list);
  },
  upper: (...args) => stringifyTemplateValue(valuesOf('upper', args, 1)[0]).toUpperCase(),
  lower: (...args) => stringifyTemplateValue(valuesOf('lower', args, 1)[0]).toLowerCase(),
  trim: (...args) => stringifyTemplateValue(valuesOf('trim', args, 1)[0]).trim(),
  default: (...args) => {
    const [value, fallback] = valuesOf('default', args, 2);
    return value === null || value === undefined || value === '' ? fallback : value;
  },
  length: (...args) => countOf(valuesOf('length', args, 1)[0]),
};

/** Our helpers by name. `log` replaces the built-in so user templates never write to the console. */
export const TEMPLATE_HELPERS: Readonly<Record<string, HelperFunction>> = {
  ...Object.fromEntries(
    Object.entries(VALUE_HELPERS).map(([name, helper]) => [name, orVariable(name, helper)]),
  ),
  raw: function (this: unknown, ...args) {
    const options = args[args.length - 1] as HelperCallOptions;
    if (options.fn) return options.fn(this);
    return orVariable('raw', () => '').apply(this, args);
  },
  log: () => '',
};
