// Renders a whole prompt the way the preview, `pwb render` and every exporter see it: input
// schema applied, partials resolved, the output schema's requirements appended.
import type { Prompt } from '../model/prompt';
import { renderMessages, renderTemplate } from '../template/nodeRender';
import {
  renderPromptWith,
  type RenderOptions,
  type RenderOutput,
  type TemplateEngine,
} from './promptRendering';
import type { RenderContext } from './promptSchemas';

export type { RenderContext, SchemaSetLike } from './promptSchemas';
export {
  chatMessagesOf,
  requiredVariables,
  templateOf,
  type RenderOptions,
  type RenderOutput,
} from './promptRendering';

const NODE_ENGINE: TemplateEngine = { renderTemplate, renderMessages };

/**
 * Renders `prompt` with `variables`. Order: input schema (must exist; violations propagate
 * with their issues), then the template with the validated variables (nullable = the input
 * schema's nullable fields), then the output schema's requirements block appended to the text,
 * or for chat to the last user message (a chat without one gets a user message carrying it).
 */
export function renderPrompt(
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  options: RenderOptions = {},
): RenderOutput {
  return renderPromptWith(NODE_ENGINE, prompt, variables, ctx, options);
}
