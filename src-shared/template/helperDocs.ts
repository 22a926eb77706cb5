// The documented helper set: names and usage for editor completion, diagnostics and the README.

/** One helper as shown in completion lists and documentation. */
export interface HelperDoc {
  name: string;
  signature: string;
  description: string;
}

/** Every helper a template may call: our own set first, then the Handlebars built-ins. */
export const HELPER_DOCS: readonly HelperDoc[] = [
  { name: 'eq', signature: '(eq a b)', description: 'True when a and b are strictly equal.' },
  { name: 'ne', signature: '(ne a b)', description: 'True when a and b differ.' },
  { name: 'gt', signature: '(gt a b)', description: 'True when a is greater than b.' },
  { name: 'lt', signature: '(lt a b)', description: 'True when a is less than b.' },
  {
    name: 'and',
    signature: '(and a b …)',
    description: 'True when every argument is truthy (empty text, 0, empty lists are false).',
  },
  { name: 'or', signature: '(or a b …)', description: 'True when any argument is truthy.' },
  { name: 'not', signature: '(not a)', description: 'True when a is falsy.' },
  { name: 'json', signature: '{{json value}}', description: 'The value as JSON, indented by 2.' },
  {
    name: 'join',
    signature: '{{join list [separator]}}',
    description: 'The items of a list joined by the separator (default ", ").',
  },
  { name: 'upper', signature: '{{upper text}}', description: 'The text in upper case.' },
  { name: 'lower', signature: '{{lower text}}', description: 'The text in lower case.' },
  { name: 'trim', signature: '{{trim text}}', description: 'The text without surrounding spaces.' },
  {
    name: 'default',
    signature: '{{default value fallback}}',
    description: 'The value, or the fallback when the value is null, missing or empty text.',
  },
  {
    name: 'length',
    signature: '{{length value}}',
    description: 'Number of items in a list, characters in a text or keys in an object.',
  },
  {
    name: 'raw',
    signature: '{{{{raw}}}}…{{{{/raw}}}}',
    description: 'Outputs its content verbatim, braces included.',
  },
  { name: 'if', signature: '{{#if value}}…{{else}}…{{/if}}', description: 'Renders when truthy.' },
  {
    name: 'unless',
    signature: '{{#unless value}}…{{/unless}}',
    description: 'Renders when falsy.',
  },
  {
    name: 'each',
    signature: '{{#each list}}…{{else}}…{{/each}}',
    description: 'Repeats for each item; @index, @first, @last, @key are available.',
  },
  {
    name: 'with',
    signature: '{{#with object}}…{{/with}}',
    description: 'Renders with the object as the context.',
  },
  {
    name: 'lookup',
    signature: '(lookup object key)',
    description: 'The property or item named by key.',
  },
  { name: 'log', signature: '{{log value}}', description: 'Outputs nothing (kept for templates).' },
];

/** Every name that resolves to a helper when called with arguments. */
export const KNOWN_HELPER_NAMES: ReadonlySet<string> = new Set([
  ...HELPER_DOCS.map((doc) => doc.name),
  'helperMissing',
  'blockHelperMissing',
]);

/**
 * Helpers that are never variables, even without arguments. Our own helpers are not listed:
 * called bare (`{{length}}`) they read the variable of that name.
 */
export const BUILTIN_HELPER_NAMES: ReadonlySet<string> = new Set([
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'helperMissing',
  'blockHelperMissing',
]);

/** Block helpers whose body runs against a different context (an item or an object). */
export const CONTEXT_CHANGING_HELPERS: ReadonlySet<string> = new Set(['each', 'with']);
