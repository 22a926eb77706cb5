// LiteLLM export: the OpenAI message shape, sent through `litellm.completion` to any provider.
import type { Prompt } from '../model/prompt';
import type { RenderOutput } from '../render/renderPrompt';
import { toOpenAIPayload } from './openai';
import type { OpenAIPayload } from './openai';
import { pythonLiteral } from './pythonLiteral';
import { code, MODEL_PLACEHOLDER, tsLiteral } from './snippets';
import type { Snippets } from './snippets';

/** LiteLLM takes the OpenAI body; its model name may name any provider LiteLLM routes to. */
export type LiteLLMPayload = OpenAIPayload;

/** The LiteLLM payload: identical to OpenAI's (model = first recommended, of any vendor). */
export function toLiteLLMPayload(prompt: Prompt, output: RenderOutput): LiteLLMPayload {
  return toOpenAIPayload(prompt, output);
}

/**
 * Python calls `litellm.completion(model=..., **payload)`; LiteLLM has no TypeScript SDK, so
 * the TypeScript snippet talks to a LiteLLM proxy through its OpenAI-compatible endpoint.
 */
export function liteLLMSnippets(payload: LiteLLMPayload): Snippets {
  const { model = MODEL_PLACEHOLDER, ...rest } = payload;
  return {
    python: code([
      'import litellm',
      '',
      `payload = ${pythonLiteral(rest)}`,
      `response = litellm.completion(model=${JSON.stringify(model)}, **payload)`,
      'print(response.choices[0].message.content)',
    ]),
    typescript: code([
      "import OpenAI from 'openai';",
      '',
      '// A LiteLLM proxy (`litellm --model ...`) speaks the OpenAI API.',
      "const client = new OpenAI({ baseURL: 'http://localhost:4000', apiKey: process.env.LITELLM_API_KEY });",
      `const payload: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = ${tsLiteral({ model, ...rest })};`,
      'const response = await client.chat.completions.create(payload);',
      'console.log(response.choices[0]?.message.content);',
    ]),
  };
}
