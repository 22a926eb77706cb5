// Renders a whole prompt in the page: the interpreter (no generated code), the page's parser.
import type { Prompt } from '../model/prompt';
import {
  renderMessagesLocally,
  renderTemplateLocally,
  type TemplateParser,
} from '../template/sharedRender';
import { renderPromptWith, type RenderOutput, type TemplateEngine } from './promptRendering';
import type { RenderContext } from './promptSchemas';

/**
 * renderPrompt without the schema compiler, parsing with `parse` (the page passes its
 * incremental parser). Throws the errors renderPrompt throws.
 */
export function renderPromptLocally(
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  parse?: TemplateParser,
): RenderOutput {
  const engine: TemplateEngine = {
    renderTemplate: (source, values, options) =>
      renderTemplateLocally(source, values, options, parse),
    renderMessages: (messages, values, options) =>
      renderMessagesLocally(messages, values, options, parse),
  };
  return renderPromptWith(engine, prompt, variables, ctx);
}
