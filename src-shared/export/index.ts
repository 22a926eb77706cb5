// One entry for every export target: renders (or, for LangChain, converts) the prompt exactly
// as the preview does and returns the SDK-ready payload with code snippets.
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import { renderPrompt } from '../render/renderPrompt';
import type { RenderContext } from '../render/renderPrompt';
import { PROVIDERS } from '../contract/dto';
import type { ExportResult, Provider } from '../contract/dto';
import { anthropicSnippets, toAnthropicPayload } from './anthropic';
import { langChainSnippets, toLangChainExport } from './langchain';
import { liteLLMSnippets, toLiteLLMPayload } from './litellm';
import { openAISnippets, toOpenAIPayload } from './openai';

export { PROVIDERS };
export type { ExportResult, Provider };
export type { AnthropicPayload } from './anthropic';
export type { LangChainConstructor } from './langchain';
export type { LiteLLMPayload } from './litellm';
export type { OpenAIPayload } from './openai';
export { seedOpenAIConversion } from './seedCompat';

/** Options that change an export. */
export interface ExportOptions {
  /** Anthropic only: join consecutive same-role messages instead of rejecting them. */
  mergeConsecutive?: boolean;
}

/**
 * Exports `prompt` for `provider`. OpenAI, LiteLLM and Anthropic get the rendered prompt (input
 * schema, partials and output requirements applied as in `renderPrompt`); LangChain gets the
 * template itself in mustache form, with the input schema still checking `variables`.
 */
export function exportPrompt(
  provider: Provider,
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  options: ExportOptions = {},
): ExportResult {
  switch (provider) {
    case 'openai': {
      const payload = toOpenAIPayload(prompt, renderPrompt(prompt, variables, ctx));
      return { provider, payload, snippets: openAISnippets(payload) };
    }
    case 'litellm': {
      const payload = toLiteLLMPayload(prompt, renderPrompt(prompt, variables, ctx));
      return { provider, payload, snippets: liteLLMSnippets(payload) };
    }
    case 'anthropic': {
      const output = renderPrompt(prompt, variables, ctx);
      const payload = toAnthropicPayload(prompt, output, options);
      return { provider, payload, snippets: anthropicSnippets(payload) };
    }
    case 'langchain': {
      const exported = toLangChainExport(prompt, variables, ctx);
      return { provider, payload: exported.payload, snippets: langChainSnippets(exported) };
    }
    default:
      throw new AppError('invalid_input', `Unknown export target '${String(provider)}'`, {
        provider,
        supported: PROVIDERS,
      });
  }
}
