// Rendering without generated code, shared by both runtimes: the interpreter, the one engine of the page and of Node.
import { AppError } from '../errors';
import { MESSAGE_PASSENGER_KEYS, type Message } from '../model/prompt';
import { isPlainRecord } from '../plainData';
import { interpretCached, outputTooLarge, runInterpreted } from './interpreter';
import { LruCache } from './lruCache';
import { parseTemplate, type TemplateAst } from './parse';
import { checkPartialGraph } from './partialGraph';
import { callsPartials } from './astNodes';
import { toInterpreterContext } from './templateValues';

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

const LIMITS = { maxOutput: MAX_OUTPUT_LENGTH, maxPartialDepth: MAX_PARTIAL_DEPTH } as const;

/** Parses a template or partial source (`partial` names it); callers may bring their cache. */
export type TemplateParser = (source: string, partial?: string) => TemplateAst;

/** The error for output over MAX_OUTPUT_LENGTH. */
export function tooLarge(): AppError {
  return outputTooLarge(MAX_OUTPUT_LENGTH);
}

/**
 * The partials of one render call. They are checked and copied onto a null prototype (so
 * `{{> constructor}}` cannot find Object's) only when a template calls a partial: a library's
 * partials are not copied for every render of a prompt that uses none.
 */
export class GivenPartials {
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

/** Renders each message with `renderOne`, adding `messageIndex` and `role` to its errors. */
export function renderEachMessage(
  messages: readonly Message[],
  renderOne: (source: string) => string,
): Message[] {
  if (!Array.isArray(messages)) {
    throw new AppError('invalid_input', 'Chat messages must be a list.');
  }
  return messages.map((message, index) => {
    try {
      const rendered: Message = { role: message.role, content: renderOne(message.content) };
      // The other keys (name, tool calls) are data for the API, never templates: kept as set.
      for (const key of MESSAGE_PASSENGER_KEYS) {
        const value = message[key];
        if (value !== undefined && value !== null) Object.assign(rendered, { [key]: value });
      }
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
 * Renders a parsed template with a template context through the interpreter. Errors are the
 * AppErrors renderTemplate (./render) documents.
 */
export function interpretWithContext(
  ast: TemplateAst,
  context: Record<string, unknown>,
  given: GivenPartials,
  parse: TemplateParser,
): string {
  const template = interpretCached(ast);
  let partials: Readonly<Record<string, string>> = NO_SOURCES;
  // Most prompts call no partial: no graph to check, no copy of the library's.
  if (callsPartials(ast)) {
    partials = given.get();
    checkPartialGraph(ast, partials, (source, name) => parse(source, name));
  }
  const output = runInterpreted(template, context, partials, LIMITS, parse);
  if (output.length > MAX_OUTPUT_LENGTH) throw tooLarge();
  return output;
}

const NO_SOURCES: Readonly<Record<string, string>> = Object.freeze(
  Object.create(null) as Record<string, string>,
);

const parsed = new LruCache<string, TemplateAst>(64);

/** The parser with a small cache, for callers without one of their own. */
export const cachedParse: TemplateParser = (source, partial) => {
  const hit = parsed.get(source);
  if (hit) return hit;
  const ast = parseTemplate(source, partial);
  parsed.set(source, ast);
  return ast;
};

/**
 * Renders `source` with `variables` through the interpreter, parsing with `parse` (the page
 * passes its incremental parser; ./render its cache). Errors as renderTemplate documents.
 */
export function renderTemplateLocally(
  source: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
  parse: TemplateParser = cachedParse,
): string {
  const given = new GivenPartials(options.partials);
  const context = toInterpreterContext(variables, options.nullable);
  return interpretWithContext(parse(source), context, given, parse);
}

/** renderMessages through the interpreter (see renderTemplateLocally). */
export function renderMessagesLocally(
  messages: readonly Message[],
  variables: Record<string, unknown>,
  options: RenderOptions = {},
  parse: TemplateParser = cachedParse,
): Message[] {
  const given = new GivenPartials(options.partials);
  const context = toInterpreterContext(variables, options.nullable);
  return renderEachMessage(messages, (source) =>
    interpretWithContext(parse(source), context, given, parse),
  );
}
