// Renders templates and chat messages (Node side only: it compiles; the page imports ./index).
import { AppError } from '../errors';
import type { Message } from '../model/prompt';
import { compileTemplate, NO_PARTIALS, runTemplate, type PartialFunction } from './engine';
import { checkPartialGraph } from './partialGraph';
import { toRenderError } from './renderErrors';
import { isPlainRecord } from '../plainData';
import { toTemplateContext } from './templateValues';

/** Options of one render. */
export interface RenderOptions {
  /** Partial sources by name for `{{> name}}` (template-local and library partials, merged). */
  partials?: Record<string, string>;
  /** Variables that render as empty text when null or absent (else they are missing). */
  nullable?: readonly string[];
}

/** Largest rendered output, in characters (partials included as they are produced). */
export const MAX_OUTPUT_LENGTH = 5 * 1024 * 1024;

/** Deepest chain of partials including partials (dynamic ones can recurse at run time). */
export const MAX_PARTIAL_DEPTH = 32;

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
  const context = toTemplateContext(variables, options.nullable);
  return renderWithContext(source, context, partials);
}

/**
 * Renders each message's content with the rules of renderTemplate. `name` is kept when set;
 * `function_call` and `tool_calls` are dropped. Errors carry `messageIndex` and `role`.
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
  const context = toTemplateContext(variables, options.nullable);
  return messages.map((message, index) => {
    try {
      const content = renderWithContext(message.content, context, partials);
      const rendered: Message = { role: message.role, content };
      if (typeof message.name === 'string') rendered.name = message.name;
      return rendered;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError(error.code, error.message, {
        ...error.details,
        messageIndex: index,
        role: message.role,
      });
    }
  });
}

/**
 * The partials of one render call. They are checked and copied onto a null prototype (so
 * `{{> constructor}}` cannot find Object's) only when a template calls a partial: a library's
 * partials are not copied for every render of a prompt that uses none.
 */
class GivenPartials {
  private copy: Readonly<Record<string, string>> | undefined;

  constructor(private readonly given: unknown) {
    if (given !== undefined && !isPlainRecord(given)) {
      throw new AppError('invalid_input', 'Partials must be an object of names to template text.');
    }
  }

  get(): Readonly<Record<string, string>> {
    this.copy ??= copyPartials(this.given as Readonly<Record<string, unknown>> | undefined);
    return this.copy;
  }
}

function copyPartials(
  partials: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, string>> {
  const copy = Object.create(null) as Record<string, string>;
  for (const [name, source] of Object.entries(partials ?? {})) {
    if (typeof source !== 'string') {
      throw new AppError('invalid_input', `The partial '${name}' must be template text.`, {
        partial: name,
      });
    }
    copy[name] = source;
  }
  return copy;
}

function renderWithContext(
  source: string,
  context: Record<string, unknown>,
  given: GivenPartials,
): string {
  const template = compileTemplate(source);
  let functions = NO_PARTIALS;
  // Most prompts call no partial: no graph to check, no runner to build over the library's.
  if (template.usesPartials) {
    const partials = given.get();
    checkPartialGraph(
      template.ast,
      partials,
      (partialSource, name) => compileTemplate(partialSource, name).ast,
    );
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

function tooLarge(): AppError {
  return new AppError(
    'too_large',
    `The rendered prompt is longer than ${MAX_OUTPUT_LENGTH} characters.`,
    { limit: MAX_OUTPUT_LENGTH },
  );
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
      throw new AppError(
        'template_render',
        `Partials nest more than ${MAX_PARTIAL_DEPTH} levels deep (${[...this.trail.slice(-3), name].join(' → ')} …)`,
        { partial: name, limit: MAX_PARTIAL_DEPTH },
      );
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
