// Our helper set and Handlebars' built-ins: each helper's implementation beside its documentation,
// and the one list of built-in helper names the interpreter, variables, diagnostics, completion
// and the exports read.
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

/** How a helper is called and what it gives. */
export interface HelperDocText {
  /** How a call looks, e.g. `(eq a b)` or `{{#each list}}…{{/each}}`. */
  signature: string;
  description: string;
  /** Called as a block (`{{#name}}…{{/name}}`), so block completion offers it. */
  block?: boolean;
}

export interface HelperDefinition extends HelperDocText {
  run: HelperFunction;
}

/**
 * Our helpers, each with its documentation: a helper without a signature and description does
 * not compile. Called bare (`{{length}}`), a value helper reads the variable of its name.
 */
const OWN_HELPERS = {
  eq: {
    signature: '(eq a b)',
    description: 'True when a and b are strictly equal.',
    run: (...args) => {
      const [a, b] = valuesOf('eq', args, 2);
      return a === b;
    },
  },
  ne: {
    signature: '(ne a b)',
    description: 'True when a and b differ.',
    run: (...args) => {
      const [a, b] = valuesOf('ne', args, 2);
      return a !== b;
    },
  },
  gt: {
    signature: '(gt a b)',
    description: 'True when a is greater than b.',
    run: (...args) => {
      const [a, b] = valuesOf('gt', args, 2);
      return compare(a, b) > 0;
    },
  },
  lt: {
    signature: '(lt a b)',
    description: 'True when a is less than b.',
    run: (...args) => {
      const [a, b] = valuesOf('lt', args, 2);
      return compare(a, b) < 0;
    },
  },
  and: {
    signature: '(and a b …)',
    description: 'True when every argument is truthy (empty text, 0, empty lists are false).',
    run: (...args) => valuesOf('and', args, 1, Infinity).every(isTruthy),
  },
  or: {
    signature: '(or a b …)',
    description: 'True when any argument is truthy.',
    run: (...args) => valuesOf('or', args, 1, Infinity).some(isTruthy),
  },
  not: {
    signature: '(not a)',
    description: 'True when a is falsy.',
    run: (...args) => !isTruthy(valuesOf('not', args, 1)[0]),
  },
  json: {
    signature: '{{json value}}',
    description: 'The value as JSON, indented by 2.',
    run: (...args) => JSON.stringify(valuesOf('json', args, 1)[0] ?? null, null, 2),
  },
  join: {
    signature: '{{join list [separator]}}',
    description: 'The items of a list joined by the separator (default ", ").',
    run: (...args) => {
      const [list, separator] = valuesOf('join', args, 1, 2);
      const glue = typeof separator === 'string' ? separator : ', ';
      return Array.isArray(list)
        ? Array.from(list, stringifyTemplateValue).join(glue)
        : stringifyTemplateValue(list);
    },
  },
  upper: {
    signature: '{{upper text}}',
    description: 'The text in upper case.',
    run: (...args) => stringifyTemplateValue(valuesOf('upper', args, 1)[0]).toUpperCase(),
  },
  lower: {
    signature: '{{lower text}}',
    description: 'The text in lower case.',
    run: (...args) => stringifyTemplateValue(valuesOf('lower', args, 1)[0]).toLowerCase(),
  },
  trim: {
    signature: '{{trim text}}',
    description: 'The text without surrounding spaces.',
    run: (...args) => stringifyTemplateValue(valuesOf('trim', args, 1)[0]).trim(),
  },
  default: {
    signature: '{{default value fallback}}',
    description: 'The value, or the fallback when the value is null, missing or empty text.',
    run: (...args) => {
      const [value, fallback] = valuesOf('default', args, 2);
      return value === null || value === undefined || value === '' ? fallback : value;
    },
  },
  length: {
    signature: '{{length value}}',
    description: 'Number of items in a list, characters in a text or keys in an object.',
    run: (...args) => countOf(valuesOf('length', args, 1)[0]),
  },
  raw: {
    signature: '{{{{raw}}}}…{{{{/raw}}}}',
    description: 'Outputs its content verbatim, braces included.',
    block: true,
    run: function (this: unknown, ...args) {
      const options = args[args.length - 1] as HelperCallOptions;
      if (options.fn) return options.fn(this);
      return orVariable('raw', () => '').apply(this, args);
    },
  },
} satisfies Record<string, HelperDefinition>;

/** The names of our own helpers. */
export type OwnHelperName = keyof typeof OWN_HELPERS;

/**
 * Handlebars' built-in helpers, the ones a template may call; the interpreter runs each itself.
 * A built-in without documentation does not compile.
 */
const BUILT_IN_HELPERS = {
  if: {
    signature: '{{#if value}}…{{else}}…{{/if}}',
    description: 'Renders when truthy.',
    block: true,
  },
  unless: {
    signature: '{{#unless value}}…{{/unless}}',
    description: 'Renders when falsy.',
    block: true,
  },
  each: {
    signature: '{{#each list}}…{{else}}…{{/each}}',
    description: 'Repeats for each item; @index, @first, @last, @key are available.',
    block: true,
  },
  with: {
    signature: '{{#with object}}…{{/with}}',
    description: 'Renders with the object as the context.',
    block: true,
  },
  lookup: { signature: '(lookup object key)', description: 'The property or item named by key.' },
  log: { signature: '{{log value}}', description: 'Outputs nothing (kept for templates).' },
} satisfies Record<string, HelperDocText>;

/** The names of Handlebars' built-in helpers. */
export type BuiltInHelperName = keyof typeof BUILT_IN_HELPERS;

/** Handlebars' built-in helper names: the one list every part of the code reads. */
export const BUILT_IN_HELPER_NAMES = Object.keys(BUILT_IN_HELPERS) as readonly BuiltInHelperName[];

/** Names Handlebars knows as helpers but never lets a template call (its fallback hooks). */
export const HELPER_HOOK_NAMES = ['helperMissing', 'blockHelperMissing'] as const;

/** Built-in block helpers whose body runs against another context (an item or an object). */
export const CONTEXT_CHANGING_HELPER_NAMES: readonly BuiltInHelperName[] = ['each', 'with'];

/** A helper as shown in completion lists and documentation. */
export interface HelperDoc {
  name: string;
  signature: string;
  description: string;
  /** Called as a block (`{{#name}}…`). */
  block: boolean;
}

function docOf(name: string, text: HelperDocText): HelperDoc {
  return {
    name,
    signature: text.signature,
    description: text.description,
    block: text.block ?? false,
  };
}

/** Every helper a template may call, documented: our own set first, then the built-ins. */
export const HELPER_DOCS: readonly HelperDoc[] = [
  ...Object.entries(OWN_HELPERS).map(([name, helper]) => docOf(name, helper)),
  ...Object.entries(BUILT_IN_HELPERS).map(([name, helper]) => docOf(name, helper)),
];

/**
 * What runs for each helper name a template may call that the interpreter does not run itself:
 * our own helpers, and `log`, which replaces the built-in so templates never write to the
 * console (the Handlebars reference in tests registers these).
 */
export const TEMPLATE_HELPERS: Readonly<Record<OwnHelperName | 'log', HelperFunction>> = {
  ...(Object.fromEntries(
    Object.entries(OWN_HELPERS).map(([name, helper]) => [
      name,
      name === 'raw' ? helper.run : orVariable(name, helper.run),
    ]),
  ) as Record<OwnHelperName, HelperFunction>),
  log: () => '',
};
