// OpenAI Chat Completions export: the rendered prompt as `messages` plus recommended settings.
import type { Prompt, Role } from '../model/prompt';
import type { RenderOutput } from '../render/renderPrompt';
import { settingsFromMetadata } from './modelSettings';
import type { ModelSettings } from './modelSettings';
import { pythonLiteral } from './pythonLiteral';
import { code, MODEL_PLACEHOLDER, tsLiteral } from './snippets';
import type { Snippets } from './snippets';

/** One Chat Completions message; roles pass through as the prompt names them. */
export interface OpenAIMessage {
  role: Role;
  content: string;
  name?: string;
  function_call?: Record<string, unknown>;
  tool_calls?: Record<string, unknown>[];
  tool_call_id?: string;
}

/** The body for `client.chat.completions.create`. */
export interface OpenAIPayload extends ModelSettings {
  messages: OpenAIMessage[];
}

/**
 * The rendered prompt as Chat Completions messages: chat messages keep role, content and the
 * set `name`, `function_call`, `tool_calls` and `tool_call_id` (the API's own keys); any other
 * format is one user message.
 */
export function toOpenAIMessages(output: RenderOutput): OpenAIMessage[] {
  if (output.kind !== 'chat') return [{ role: 'user', content: output.text }];
  return output.messages.map((message) => {
    const converted: OpenAIMessage = { role: message.role, content: message.content };
    if (typeof message.name === 'string' && message.name !== '') converted.name = message.name;
    if (message.function_call) converted.function_call = message.function_call;
    if (message.tool_calls) converted.tool_calls = message.tool_calls;
    if (typeof message.tool_call_id === 'string') converted.tool_call_id = message.tool_call_id;
    return converted;
  });
}

/** The OpenAI payload: settings from the prompt's metadata (model = first recommended). */
export function toOpenAIPayload(prompt: Prompt, output: RenderOutput): OpenAIPayload {
  return { ...settingsFromMetadata(prompt.metadata), messages: toOpenAIMessages(output) };
}

/** Python and TypeScript calls of the official SDK with this payload. */
export function openAISnippets(payload: OpenAIPayload): Snippets {
  const model = payload.model === undefined ? { model: MODEL_PLACEHOLDER } : {};
  const body = { ...model, ...payload };
  return {
    python: code([
      'from openai import OpenAI',
      '',
      'client = OpenAI()',
      `payload = ${pythonLiteral(body)}`,
      'response = client.chat.completions.create(**payload)',
      'print(response.choices[0].message.content)',
    ]),
    typescript: code([
      "import OpenAI from 'openai';",
      '',
      'const client = new OpenAI();',
      `const payload: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = ${tsLiteral(body)};`,
      'const response = await client.chat.completions.create(payload);',
      'console.log(response.choices[0]?.message.content);',
    ]),
  };
}
