// The one place templates become code: an isolated Handlebars environment and its compile cache.
// Never imported by the page: compiling generates JavaScript at run time, which its CSP forbids.
import Handlebars from 'handlebars';
import { AppError } from '../errors';
import { LruCache } from './lruCache';
import { parseTemplate, type TemplateAst } from './parse';
import { TEMPLATE_HELPERS } from './templateHelpers';

/** A template ready to run, with the syntax tree used to explain its errors. */
export interface CompiledTemplate {
  ast: TemplateAst;
  run: HandlebarsTemplateDelegate;
}

/** How many compiled templates (by source) stay cached. */
export const COMPILE_CACHE_SIZE = 500;

/**
 * Runtime options for every run. Prototype access stays forbidden (the 4.7 default); saying so
 * explicitly also stops Handlebars logging a warning to the console for each denied property.
 */
export const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;

const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** The parts of Handlebars' JavaScriptCompiler we extend; its typings do not declare it. */
interface CodeGenerator {
  appendToBuffer(source: unknown, location: unknown, explicit?: boolean): unknown;
  compiler: unknown;
}

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  const withGenerator = env as unknown as { JavaScriptCompiler: new () => CodeGenerator };
  // With noEscape, Handlebars joins outputs with `+`, so `{{a}}{{b}}` with a=1, b=2 printed "3"
  // and `{{@index}}{{@first}}` added a number to a boolean. Prefixing every appended piece with
  // "" forces text concatenation. Extending the generator is Handlebars' documented hook.
  class TextConcatenatingCompiler extends withGenerator.JavaScriptCompiler {
    override appendToBuffer(source: unknown, location: unknown, explicit?: boolean): unknown {
      const pieces: unknown[] = Array.isArray(source) ? source : [source];
      return super.appendToBuffer(['"" + (', ...pieces, ')'], location, explicit);
    }
  }
  // Child programs (block bodies) are compiled with `new this.compiler()`.
  TextConcatenatingCompiler.prototype.compiler = TextConcatenatingCompiler;
  withGenerator.JavaScriptCompiler = TextConcatenatingCompiler;
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) env.registerHelper(name, helper);
  return env;
}

const environment = createEnvironment();
const cache = new LruCache<string, CompiledTemplate>(COMPILE_CACHE_SIZE);

/**
 * Parses (with located syntax errors) and compiles `source`, cached by source text. Only text is
 * accepted: Handlebars would also compile a caller-built syntax tree, a known injection route.
 */
export function compileTemplate(source: unknown, partial?: string): CompiledTemplate {
  if (typeof source !== 'string') {
    throw new AppError('invalid_input', 'A template must be text.', partial ? { partial } : {});
  }
  const cached = cache.get(source);
  if (cached) return cached;
  const ast = parseTemplate(source, partial);
  const compiled: CompiledTemplate = { ast, run: environment.compile(source, COMPILE_OPTIONS) };
  cache.set(source, compiled);
  return compiled;
}

/** True for errors Handlebars raises itself (their messages name template parts, not values). */
export function isHandlebarsException(error: unknown): error is Error {
  return error instanceof Handlebars.Exception;
}
