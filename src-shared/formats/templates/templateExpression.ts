// The small expression language both sides of a syntax conversion share: paths, literals and
// calls of our helpers (eq, and, upper, join, …), printed as Handlebars or read from Jinja-likes.

/** A path, a literal or a helper call, as Handlebars and the Jinja-likes can both say it. */
export type TemplateExpr =
  | { kind: 'path'; parts: string[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'call'; helper: string; args: TemplateExpr[] };

/** A construct a converter refuses; the caller adds where and the line. */
export class Unmappable extends Error {
  constructor(readonly construct: string) {
    super(construct);
    this.name = 'Unmappable';
  }
}

/** Jinja filters and the helpers they become (arguments follow the filtered value). */
export const FILTER_HELPERS: Readonly<Record<string, string>> = {
  upper: 'upper',
  lower: 'lower',
  trim: 'trim',
  length: 'length',
  count: 'length',
  join: 'join',
  default: 'default',
  d: 'default',
  tojson: 'json',
  dump: 'json',
};

/** Comparison operators and their helpers. */
export const OPERATOR_HELPERS: Readonly<Record<string, string>> = {
  '==': 'eq',
  '===': 'eq',
  '!=': 'ne',
  '!==': 'ne',
  '>': 'gt',
  '<': 'lt',
  and: 'and',
  or: 'or',
};

/** Builds the helper call for a filter applied to `value` with `args`. */
export function filterCall(name: string, value: TemplateExpr, args: TemplateExpr[]): TemplateExpr {
  const helper = FILTER_HELPERS[name];
  if (helper === undefined) throw new Unmappable(`the filter '${name}'`);
  if (helper === 'json') return { kind: 'call', helper, args: [value] };
  if (helper === 'join') {
    // Jinja joins with nothing by default, our helper with ", ": say the separator.
    const separator = args[0] ?? { kind: 'literal', value: '' };
    return { kind: 'call', helper, args: [value, separator] };
  }
  if (helper === 'default') {
    const fallback = args[0];
    if (fallback === undefined) throw new Unmappable(`the filter '${name}' without a value`);
    return { kind: 'call', helper, args: [value, fallback] };
  }
  if (args.length > 0) throw new Unmappable(`arguments to the filter '${name}'`);
  return { kind: 'call', helper, args: [value] };
}

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Prints an expression as a Handlebars argument: paths bare, calls in parentheses. */
export function handlebarsArgument(expr: TemplateExpr): string {
  if (expr.kind === 'literal') return handlebarsLiteral(expr.value);
  if (expr.kind === 'path') return handlebarsPath(expr.parts);
  return `(${handlebarsCall(expr)})`;
}

/** Prints a call without its parentheses: `helper a b`. */
export function handlebarsCall(expr: Extract<TemplateExpr, { kind: 'call' }>): string {
  return [expr.helper, ...expr.args.map(handlebarsArgument)].join(' ');
}

/** Prints a path, bracketing segments that are not plain names (`items.[0]`). */
export function handlebarsPath(parts: readonly string[]): string {
  return parts
    .map((part, index) =>
      SIMPLE_NAME.test(part) || (index === 0 && part.startsWith('@')) ? part : `[${part}]`,
    )
    .join('.');
}

function handlebarsLiteral(value: string | number | boolean | null): string {
  if (typeof value === 'string') {
    if (value.includes('"')) {
      if (value.includes("'")) throw new Unmappable('a string holding both kinds of quotes');
      return `'${value}'`;
    }
    return `"${value}"`;
  }
  return String(value);
}
