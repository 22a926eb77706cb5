// Renders templates and chat messages (Node side). The interpreter (./localRender, also the
// page's) runs every template it supports; the compiling Handlebars engine runs the rest.
import { AppError } from '../errors';
import type { Message } from '../model/prompt';
import { compileTemplate, NO_PARTIALS, runTemplate, type PartialFunction } from './engine';
import { partialsTooDeep, UnsupportedTemplate } from './interpreter';
import {
  GivenPartials,
  interpretWithContext,
  MAX_OUTPUT_LENGTH,
  MAX_PARTIAL_DEPTH,
  renderEachMessage,
  tooLarge,
  type RenderOptions,
  type TemplateParser,
} from './localRender';
import { callsPartials } from './astNodes';
import { checkPartialGraph } from './partialGraph';
import { toRenderError } from './renderErrors';
import { toInterpreterContext, toTemplateContext } from './templateValues';

export { MAX_OUTPUT_LENGTH, MAX_PARTIAL_DEPTH, type RenderOptions };

/** Parses through the compile cache, so trees (and their interpretations) are shared. */
const parseCached: TemplateParser = (source, partial) => compileTemplate(source, partial).ast;

/**
 * Renders `source` with `variables`. Never HTML-escapes. Errors: `template_syntax` for malformed
 * source; `template_render` for a missing variable ("Could not find variable 'user.name'", with
 * `variable`, `line`, `column`), a missing or self-including partial, an unknown helper or a
 * failing helper; `too_large` when the output passes MAX_OUTPUT_LENGTH.
 */
export function renderTemplate(
  source: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): string {
  const partials = new GivenPartials(options.partials);
  const contexts = new Contexts(variables, options.nullable);
  return renderWithContext(source, contexts, partials);
}

/**
 * Renders each message's content with the rules of renderTemplate. `name` is kept when set;
 * `function_call`, `tool_calls` and `tool_call_id` are kept as set. Errors carry `messageIndex` and `role`.
 */
export function renderMessages(
  messages: readonly Message[],
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): Message[] {
  if (!Array.isArray(messages)) {
    throw new AppError('invalid_input', 'Chat messages must be a list.');
  }
  const partials = new GivenPartials(options.partials);
  const contexts = new Contexts(variables, options.nullable);
  return renderEachMessage(messages, (source) => renderWithContext(source, contexts, partials));
}

/**
 * renderTemplate through the compiling Handlebars engine alone: the fallback for templates the
 * interpreter does not run, and the reference the interpreter is tested against.
 */
export function renderWithHandlebars(
  source: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): string {
  const partials = new GivenPartials(options.partials);
  const context = toTemplateContext(variables, options.nullable);
  return compiledWithContext(source, context, partials);
}

/**
 * The variables of one render as each engine reads them: the interpreter's context (checked
 * at once, so bad variables are reported before anything else) and, only if a template needs
 * the compiling engine, its detached copy.
 */
class Contexts {
  readonly interpreted: Record<string, unknown>;
  private compiledCopy: Record<string, unknown> | undefined;

  constructor(
    private readonly variables: Record<string, unknown>,
    private readonly nullable: readonly string[] | undefined,
  ) {
    this.interpreted = toInterpreterContext(variables, nullable);
  }

  get compiled(): Record<string, unknown> {
    this.compiledCopy ??= toTemplateContext(this.variables, this.nullable);
    return this.compiledCopy;
  }
}

function renderWithContext(source: string, contexts: Contexts, given: GivenPartials): string {
  const template = compileTemplate(source);
  try {
    return interpretWithContext(template.ast, contexts.interpreted, given, parseCached);
  } catch (error) {
    if (!(error instanceof UnsupportedTemplate)) throw error;
  }
  return compiledWithContext(source, contexts.compiled, given);
}

function compiledWithContext(
  source: string,
  context: Record<string, unknown>,
  given: GivenPartials,
): string {
  const template = compileTemplate(source);
  let functions = NO_PARTIALS;
  // Most prompts call no partial: no graph to check, no runner to build over the library's.
  if (callsPartials(template.ast)) {
    const partials = given.get();
    checkPartialGraph(template.ast, partials, parseCached);
    functions = new PartialRunner(partials).functions;
  }
  let output: string;
  try {
    output = runTemplate(template, context, functions);
  } catch (error) {
    throw toRenderError(error, { ast: template.ast });
  }
  if (output.length > MAX_OUTPUT_LENGTH) throw tooLarge();
  return output;
}

/**
 * Runs partials for one render: compiles them through the cache on first use, caps their
 * nesting and the total text they produce (so `{{> a}}{{> a}}` chains cannot explode), and
 * attributes errors to the partial that raised them.
 */
class PartialRunner {
  readonly functions: Record<string, PartialFunction> = Object.create(null) as Record<
    string,
    PartialFunction
  >;
  private readonly trail: string[] = [];
  private produced = 0;

  constructor(partials: Readonly<Record<string, string>>) {
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
    const partial = compileTemplate(source, name);
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
