// The one place templates become code: an isolated Handlebars environment and its compile cache.
// Never imported by the page: compiling generates JavaScript at run time, which its CSP forbids.
import Handlebars from 'handlebars';
import { createProtoAccessControl } from 'handlebars/dist/cjs/handlebars/internal/proto-access.js';
import { AppError } from '../errors';
import { LruCache } from './lruCache';
import { parseTemplate, type TemplateAst } from './parse';
import { compileInPieces, type ProgramRunner } from './piecewise';
import { lookupOwnProperty, TEMPLATE_HELPERS } from './templateHelpers';

/** A template ready to run, with the syntax tree used to explain its errors. */
export interface CompiledTemplate {
  ast: TemplateAst;
  run: HandlebarsTemplateDelegate;
}

/** A partial as the runtime calls it. */
export type PartialFunction = HandlebarsTemplateDelegate;

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

/** The parts of Handlebars' JavaScriptCompiler we extend; its typings do not declare it. */
interface CodeGenerator {
  appendToBuffer(source: unknown, location: unknown, explicit?: boolean): unknown;
  compiler: unknown;
}

/** The parts of Handlebars' Compiler (syntax tree to opcodes) we extend. */
interface OpcodeCompiler {
  classifySexpr(sexpr: unknown): 'helper' | 'simple' | 'ambiguous';
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

  const withCompiler = env as unknown as { Compiler: new () => OpcodeCompiler };
  // Our helper set is closed (templates cannot register helpers) and known to the compiler, so
  // any other bare name is data: `{{name}}` compiles to a plain lookup instead of a run-time
  // "helper or variable?" test. That halves the generated code and the compile time of a large
  // template. Unknown helpers called with arguments still fail at run time, as before.
  class DataFirstCompiler extends withCompiler.Compiler {
    override classifySexpr(sexpr: unknown): 'helper' | 'simple' | 'ambiguous' {
      const kind = super.classifySexpr(sexpr);
      return kind === 'ambiguous' ? 'simple' : kind;
    }
  }
  DataFirstCompiler.prototype.compiler = DataFirstCompiler;
  withCompiler.Compiler = DataFirstCompiler;

  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) env.registerHelper(name, helper);
  return env;
}

const environment = createEnvironment();

const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  // Every helper the environment has: their calls compile to direct calls.
  knownHelpers: Object.fromEntries(
    Object.keys(environment.helpers as Record<string, unknown>).map((name) => [name, true]),
  ),
} as const;

const cache = new LruCache<string, CompiledTemplate>(COMPILE_CACHE_SIZE);

type HelperFunction = (this: unknown, ...args: unknown[]) => unknown;

function withLookup(helper: HelperFunction): HelperFunction {
  return function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as { lookupProperty?: unknown } | undefined;
    if (typeof options === 'object' && options !== null) options.lookupProperty = lookupOwnProperty;
    return helper.apply(this, args);
  };
}

/**
 * The runtime state Handlebars rebuilds on every top-level call (every helper wrapped again,
 * fresh prototype-access tables), built once. Running with `partial: true` is the path
 * Handlebars itself takes when it runs a partial: it uses these as given.
 */
function createRunState() {
  const helpers = Object.create(null) as Record<string, HelperFunction>;
  const hooks = Object.create(null) as Record<string, HelperFunction>;
  for (const [name, helper] of Object.entries(environment.helpers as Record<string, unknown>)) {
    if (typeof helper !== 'function') continue;
    const wrapped = withLookup(helper as HelperFunction);
    // As Handlebars does: the two fallbacks are hooks, not helpers a template can name.
    if (name === 'helperMissing' || name === 'blockHelperMissing') hooks[name] = wrapped;
    else helpers[name] = wrapped;
  }
  return Object.freeze({
    partial: true,
    helpers: Object.freeze(helpers),
    hooks: Object.freeze(hooks),
    decorators: Object.freeze({ ...(environment.decorators as Record<string, unknown>) }),
    protoAccessControl: createProtoAccessControl(RUNTIME_OPTIONS),
  });
}

const runState = createRunState();

/** Partials for templates that call none. */
export const NO_PARTIALS: Readonly<Record<string, PartialFunction>> = Object.freeze(
  Object.create(null) as Record<string, PartialFunction>,
);

/**
 * Runs a compiled template as a top-level render: `@root` is `context`, helpers and
 * prototype-access rules are the environment's (prepared once), partials are `partials`.
 */
export function runTemplate(
  template: CompiledTemplate,
  context: unknown,
  partials: Readonly<Record<string, PartialFunction>>,
): string {
  const options = { ...runState, partials, data: { root: context } };
  return template.run(context, options as Handlebars.RuntimeOptions);
}

/** The stages of the compiler Handlebars' own `precompile` runs, minus parsing. */
interface CompilerStages {
  Compiler: new () => { compile(program: TemplateAst, options: object): unknown };
  JavaScriptCompiler: new () => {
    compile(environment: unknown, options: object, context: undefined, asObject: true): unknown;
  };
}

/**
 * Compiles one already processed program. `env.compile` would apply whitespace control to it
 * again, and a piece cut from a larger template lacks the neighbours that decide it.
 */
function compileProgram(program: TemplateAst): ProgramRunner {
  const stages = environment as unknown as CompilerStages;
  // The compiler writes into its options, so each compile gets its own copy.
  const options = { ...COMPILE_OPTIONS, data: true };
  const opcodes = new stages.Compiler().compile(program, options);
  const spec = new stages.JavaScriptCompiler().compile(opcodes, options, undefined, true);
  return environment.template(spec as TemplateSpecification) as ProgramRunner;
}

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
  // The interpreter runs most templates from the tree alone: code is generated only for a
  // template that runs here. Large sources compile piece by piece (most pieces come from the
  // cache while typing). Otherwise Handlebars compiles the tree we just parsed (it accepts its
  // own AST) instead of parsing the text again.
  let run: HandlebarsTemplateDelegate | undefined;
  const compiled: CompiledTemplate = {
    ast,
    run: (context, options) => {
      run ??= (compileInPieces(ast, source, compileProgram) ??
        environment.compile(ast, COMPILE_OPTIONS)) as HandlebarsTemplateDelegate;
      return run(context, options);
    },
  };
  cache.set(source, compiled);
  return compiled;
}

/** True for errors Handlebars raises itself (their messages name template parts, not values). */
export function isHandlebarsException(error: unknown): error is Error {
  return error instanceof Handlebars.Exception;
}
