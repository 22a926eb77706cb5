// One entry for every export target: renders (or, for LangChain, converts) the prompt exactly
// as the preview does and returns the SDK-ready payload with code snippets.
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import { renderPrompt } from '../render/renderPrompt';
import type { RenderContext } from '../render/renderPrompt';
import type { ExportResult } from '../contract/dto';
import { anthropicSnippets, toAnthropicPayload } from './anthropic';
import { langChainSnippets, toLangChainExport } from './langchain';
import { liteLLMSnippets, toLiteLLMPayload } from './litellm';
import { openAISnippets, toOpenAIPayload } from './openai';
import type { Snippets } from './snippets';
import { EXPORT_TARGET_NAMES, PROVIDERS, isProvider, type Provider } from './targets';

export { EXPORT_TARGET_NAMES, PROVIDERS, isProvider };
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

/** One target's export: built once, then read for the payload and for the SDK snippets. */
interface ExportTarget<Built> {
  build(
    prompt: Prompt,
    variables: Record<string, unknown>,
    ctx: RenderContext,
    options: ExportOptions,
  ): Built;
  payload(built: Built): unknown;
  snippets(built: Built): Snippets;
}

type Exporter = (
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  options: ExportOptions,
) => Omit<ExportResult, 'provider'>;

/** Checks one target's parts against each other, then hides its own payload type. */
function target<Built>(parts: ExportTarget<Built>): Exporter {
  return (prompt, variables, ctx, options) => {
    const built = parts.build(prompt, variables, ctx, options);
    return { payload: parts.payload(built), snippets: parts.snippets(built) };
  };
}

const same = <T>(value: T): T => value;

/**
 * Every target's exporter, keyed by provider: a provider added to the contract is a compile
 * error here until it has its payload and its snippets.
 */
const EXPORTERS: Readonly<Record<Provider, Exporter>> = {
  openai: target({
    build: (prompt, variables, ctx) =>
      toOpenAIPayload(prompt, renderPrompt(prompt, variables, ctx)),
    payload: same,
    snippets: openAISnippets,
  }),
  anthropic: target({
    build: (prompt, variables, ctx, options) =>
      toAnthropicPayload(prompt, renderPrompt(prompt, variables, ctx), options),
    payload: same,
    snippets: anthropicSnippets,
  }),
  langchain: target({
    build: (prompt, variables, ctx) => toLangChainExport(prompt, variables, ctx),
    payload: (exported) => exported.payload,
    snippets: langChainSnippets,
  }),
  litellm: target({
    build: (prompt, variables, ctx) =>
      toLiteLLMPayload(prompt, renderPrompt(prompt, variables, ctx)),
    payload: same,
    snippets: liteLLMSnippets,
  }),
};

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
  if (!isProvider(provider)) {
    throw new AppError('invalid_input', `Unknown export target '${String(provider)}'`, {
      provider,
      supported: PROVIDERS,
    });
  }
  return { provider, ...EXPORTERS[provider](prompt, variables, ctx, options) };
}
