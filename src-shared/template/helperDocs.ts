// The documented helper set and the name lists derived from it (all defined in templateHelpers.ts).
import {
  BUILT_IN_HELPER_NAMES,
  CONTEXT_CHANGING_HELPER_NAMES,
  HELPER_DOCS,
  HELPER_HOOK_NAMES,
  type HelperDoc,
} from './templateHelpers';

export { HELPER_DOCS, type HelperDoc };

/** Every name that resolves to a helper when called with arguments. */
export const KNOWN_HELPER_NAMES: ReadonlySet<string> = new Set([
  ...HELPER_DOCS.map((doc) => doc.name),
  ...HELPER_HOOK_NAMES,
]);

/**
 * Helpers that are never variables, even without arguments: the built-ins and Handlebars' hooks.
 * Our own helpers are not listed: called bare (`{{length}}`) they read the variable of that name.
 */
export const BUILTIN_HELPER_NAMES: ReadonlySet<string> = new Set([
  ...BUILT_IN_HELPER_NAMES,
  ...HELPER_HOOK_NAMES,
]);

/** Block helpers whose body runs against a different context (an item or an object). */
export const CONTEXT_CHANGING_HELPERS: ReadonlySet<string> = new Set(CONTEXT_CHANGING_HELPER_NAMES);
