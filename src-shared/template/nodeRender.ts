// Renders templates and chat messages on the Node side. The interpreter (./interpreter via
// ./sharedRender) is the one engine: the page renders its previews with the same code.
import type { Message } from '../model/prompt';
import { LruCache } from './lruCache';
import {
  MAX_OUTPUT_LENGTH,
  MAX_PARTIAL_DEPTH,
  renderMessagesLocally,
  renderTemplateLocally,
  type RenderOptions,
  type TemplateParser,
} from './sharedRender';
import { parseTemplate, type TemplateAst } from './parse';

export { MAX_OUTPUT_LENGTH, MAX_PARTIAL_DEPTH, type RenderOptions };

/** How many parsed templates (by source) the Node side keeps. */
export const PARSE_CACHE_SIZE = 500;

const trees = new LruCache<string, TemplateAst>(PARSE_CACHE_SIZE);

/** Parses through the cache, so trees (and their interpretations) are shared between renders. */
const parseCached: TemplateParser = (source, partial) => {
  const cached = trees.get(source);
  if (cached) return cached;
  const ast = parseTemplate(source, partial);
  trees.set(source, ast);
  return ast;
};

/**
 * Renders `source` with `variables`. Never HTML-escapes. Errors: `template_syntax` for malformed
 * source or a construct the interpreter does not run (a decorator other than `*inline`);
 * `template_render` for a missing variable ("Could not find variable 'user.name'", with
 * `variable`, `line`, `column`), a missing or self-including partial, an unknown helper or a
 * failing helper; `too_large` when the output passes MAX_OUTPUT_LENGTH.
 */
export function renderTemplate(
  source: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): string {
  return renderTemplateLocally(source, variables, options, parseCached);
}

/**
 * Renders each message's content with the rules of renderTemplate. `name` is kept when set;
 * `function_call`, `tool_calls` and `tool_call_id` are kept as set. Errors carry `messageIndex`
 * (0-based) and `role`.
 */
export function renderMessages(
  messages: readonly Message[],
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): Message[] {
  return renderMessagesLocally(messages, variables, options, parseCached);
}
