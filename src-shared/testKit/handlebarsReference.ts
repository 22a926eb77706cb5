// Test-only: Handlebars' own compiler as the reference the interpreter is held to. Production
// renders through the interpreter alone (src-shared/template/render.ts); only tests import this.
//
// Two references:
// - `configured`: Handlebars as our rules configure it (text concatenation of outputs, a closed
//   helper set whose bare names read data, own-property lookups for helpers). The interpreter
//   must match it exactly, errors included.
// - `stock`: an unpatched `Handlebars.create()` with our helpers registered, `noEscape` and
//   `strict`: no compiler subclass, no prepared run state. It shows the configured reference did
//   not drift from Handlebars itself.
import Handlebars from 'handlebars';
import { createProtoAccessControl } from 'handlebars/dist/cjs/handlebars/internal/proto-access.js';
import { callsPartials } from '../template/astNodes';
import { partialsTooDeep } from '../template/interpreter';
import {
  GivenPartials,
  MAX_OUTPUT_LENGTH,
  MAX_PARTIAL_DEPTH,
  tooLarge,
  type RenderOptions,
} from '../template/sharedRender';
import { parseTemplate, type TemplateAst } from '../template/parse';
import { checkPartialGraph } from '../template/partialGraph';
import { lookupOwnProperty, TEMPLATE_HELPERS } from '../template/templateHelpers';
import { stringifyTemplateValue, toInterpreterContext } from '../template/templateValues';
import { toRenderError } from './handlebarsErrors';

/** A template ready to run, with the syntax tree used to explain its errors. */
interface CompiledTemplate {
  ast: TemplateAst;
  run: HandlebarsTemplateDelegate;
}

type PartialFunction = HandlebarsTemplateDelegate;

/** Which Handlebars a reference render runs on. */
export type ReferenceFlavour = 'configured' | 'stock';

/**
 * Runtime options for every run. Prototype access stays forbidden (the 4.7 default); saying so
 * explicitly also stops Handlebars logging a warning to the console for each denied property.
 */
const RUNTIME_OPTIONS = {
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

function configuredEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  const withGenerator = env as unknown as { JavaScriptCompiler: new () => CodeGenerator };
  // With noEscape, Handlebars joins outputs with `+`, so `{{a}}{{b}}` with a=1, b=2 prints "3".
  // Prefixing every appended piece with "" forces text concatenation, as the interpreter does.
  class TextConcatenatingCompiler extends withGenerator.JavaScriptCompiler {
    override appendToBuffer(source: unknown, location: unknown, explicit?: boolean): unknown {
      const pieces: unknown[] = Array.isArray(source) ? source : [source];
      return super.appendToBuffer(['"" + (', ...pieces, ')'], location, explicit);
    }
  }
  TextConcatenatingCompiler.prototype.compiler = TextConcatenatingCompiler;
  withGenerator.JavaScriptCompiler = TextConcatenatingCompiler;

  const withCompiler = env as unknown as { Compiler: new () => OpcodeCompiler };
  // The helper set is closed, so any other bare name is data (the interpreter's rule too).
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

function stockEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) env.registerHelper(name, helper);
  return env;
}

type HelperFunction = (this: unknown, ...args: unknown[]) => unknown;

function withLookup(helper: HelperFunction): HelperFunction {
  return function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as { lookupProperty?: unknown } | undefined;
    if (typeof options === 'object' && options !== null) options.lookupProperty = lookupOwnProperty;
    return helper.apply(this, args);
  };
}

/** The configured runtime state, built once, run as Handlebars runs a partial (`partial: true`). */
function configuredRunState(env: typeof Handlebars) {
  const helpers = Object.create(null) as Record<string, HelperFunction>;
  const hooks = Object.create(null) as Record<string, HelperFunction>;
  for (const [name, helper] of Object.entries(env.helpers as Record<string, unknown>)) {
    if (typeof helper !== 'function') continue;
    const wrapped = withLookup(helper as HelperFunction);
    if (name === 'helperMissing' || name === 'blockHelperMissing') hooks[name] = wrapped;
    else helpers[name] = wrapped;
  }
  return Object.freeze({
    partial: true,
    helpers: Object.freeze(helpers),
    hooks: Object.freeze(hooks),
    decorators: Object.freeze({ ...(env.decorators as Record<string, unknown>) }),
    protoAccessControl: createProtoAccessControl(RUNTIME_OPTIONS),
  });
}

class Reference {
  private readonly env: typeof Handlebars;
  private readonly compileOptions: CompileOptions;
  private readonly runState: object;
  private readonly cache = new Map<string, CompiledTemplate>();

  constructor(readonly flavour: ReferenceFlavour) {
    this.env = flavour === 'configured' ? configuredEnvironment() : stockEnvironment();
    this.compileOptions =
      flavour === 'configured'
        ? {
            noEscape: true,
            strict: true,
            knownHelpers: Object.fromEntries(
              Object.keys(this.env.helpers as Record<string, unknown>).map((name) => [name, true]),
            ),
          }
        : { noEscape: true, strict: true };
    this.runState = flavour === 'configured' ? configuredRunState(this.env) : RUNTIME_OPTIONS;
  }

  compile(source: string, partial?: string): CompiledTemplate {
    const cached = this.cache.get(source);
    if (cached) return cached;
    const ast = parseTemplate(source, partial);
    let run: HandlebarsTemplateDelegate | undefined;
    const compiled: CompiledTemplate = {
      ast,
      run: (context, options) => {
        run ??= this.env.compile(ast, this.compileOptions);
        return run(context, options);
      },
    };
    if (this.cache.size > 2000) this.cache.clear();
    this.cache.set(source, compiled);
    return compiled;
  }

  run(
    template: CompiledTemplate,
    context: unknown,
    partials: Readonly<Record<string, PartialFunction>>,
  ): string {
    const options = { ...this.runState, partials, data: { root: context } };
    return template.run(context, options as Handlebars.RuntimeOptions);
  }
}

const references: Record<ReferenceFlavour, Reference> = {
  configured: new Reference('configured'),
  stock: new Reference('stock'),
};

/**
 * renderTemplate through Handlebars' compiler (`flavour`: our configured environment or stock
 * Handlebars), with renderTemplate's variables, limits and error reporting.
 */
export function renderWithHandlebars(
  source: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
  flavour: ReferenceFlavour = 'configured',
): string {
  const reference = references[flavour];
  const given = new GivenPartials(options.partials);
  const context = toTemplateContext(variables, options.nullable);
  const template = reference.compile(source);
  let functions: Record<string, PartialFunction> = {};
  if (callsPartials(template.ast)) {
    const partials = given.get();
    checkPartialGraph(template.ast, partials, (text, name) => reference.compile(text, name).ast);
    functions = new PartialRunner(reference, partials).functions;
  }
  let output: string;
  try {
    output = reference.run(template, context, functions);
  } catch (error) {
    throw toRenderError(error, { ast: template.ast });
  }
  if (output.length > MAX_OUTPUT_LENGTH) throw tooLarge();
  return output;
}

/**
 * Runs partials for one render: caps their nesting and the total text they produce, and
 * attributes errors to the partial that raised them (as the interpreter does).
 */
class PartialRunner {
  readonly functions = Object.create(null) as Record<string, PartialFunction>;
  private readonly trail: string[] = [];
  private produced = 0;

  constructor(
    private readonly reference: Reference,
    partials: Readonly<Record<string, string>>,
  ) {
    for (const [name, source] of Object.entries(partials)) {
      this.functions[name] = (context, options) => this.run(name, source, context, options);
    }
  }

  private run(
    name: string,
    source: string,
    context: unknown,
    options: Handlebars.RuntimeOptions | undefined,
  ): string {
    if (this.trail.length >= MAX_PARTIAL_DEPTH) {
      throw partialsTooDeep(this.trail, name, MAX_PARTIAL_DEPTH);
    }
    const partial = this.reference.compile(source, name);
    this.trail.push(name);
    try {
      const output = partial.run(context, options);
      this.produced += output.length;
      if (this.produced > MAX_OUTPUT_LENGTH) throw tooLarge();
      return output;
    } catch (error) {
      throw toRenderError(error, { ast: partial.ast, partial: name });
    } finally {
      this.trail.pop();
    }
  }
}

/**
 * The context Handlebars' compiled code reads: the interpreter's context, copied onto null
 * prototypes (compiled code may reach inherited members) with a printer under
 * Symbol.toPrimitive (compiled code prints values with `+`), so both print by the same rule.
 */
export function toTemplateContext(
  variables: unknown,
  nullable: readonly string[] = [],
): Record<string, unknown> {
  return detachedCopy(toInterpreterContext(variables, nullable)) as Record<string, unknown>;
}

function printSelf(this: unknown): string {
  return stringifyTemplateValue(this);
}

function detachedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string | symbol, unknown>;
  if (Array.isArray(value)) {
    copy = Array.from(value, detachedCopy) as unknown as Record<string | symbol, unknown>;
  } else {
    copy = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: detachedCopy((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  copy[Symbol.toPrimitive] = printSelf;
  Object.setPrototypeOf(copy, null);
  return copy;
}
