// The seed's plain OpenAI/LiteLLM conversion results, for compatibility checks against it.
import type { Prompt } from '../model/prompt';
import { renderPrompt } from '../render/renderPrompt';
import type { RenderContext } from '../render/renderPrompt';
import { toOpenAIMessages } from './openai';
import type { OpenAIMessage } from './openai';

/**
 * What the seed's OpenAI (and LiteLLM) converter returned: a text-like prompt as the rendered
 * string itself, a chat prompt as the bare message list. Rendering follows renderPrompt, so
 * partials and schemas apply (the seed skipped them; for prompts without either, the results
 * match the seed's).
 */
export function seedOpenAIConversion(
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
): string | OpenAIMessage[] {
  const output = renderPrompt(prompt, variables, ctx);
  return output.kind === 'chat' ? toOpenAIMessages(output) : output.text;
}
