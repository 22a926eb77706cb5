// OpenAI chat completions (OpenAI itself, Ollama and every OpenAI-compatible server) through the SDK.
import OpenAI from 'openai';
import { toOpenAIPayload } from '../../../src-shared/export/openai';
import type { ProviderAdapter, StreamEvent } from './adapter';
import { clientCache, guarded } from './adapter';

// The SDK needs a key; servers that take none (Ollama) ignore this placeholder. Retries and
// timeouts are ours (callPolicy.ts), so the SDK's own are off.
const clientFor = clientCache(
  (baseUrl, apiKey) =>
    new OpenAI({
      apiKey: apiKey ?? 'no-key',
      baseURL: baseUrl,
      maxRetries: 0,
      timeout: 24 * 3_600_000,
      logLevel: 'off',
    }),
);

/** Streams `chat.completions` with usage in the last chunk. */
export const openaiAdapter: ProviderAdapter = {
  body(prompt, output, model, settings) {
    return {
      ...toOpenAIPayload(prompt, output),
      ...settings,
      model,
      stream: true,
      stream_options: { include_usage: true },
    };
  },

  stream(call) {
    const client = clientFor(call.baseUrl, call.apiKey);
    async function* read(): AsyncGenerator<StreamEvent, string | null> {
      let finish: string | null = null;
      const stream = await client.chat.completions.create(
        call.body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
        { signal: call.signal },
      );
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (typeof text === 'string' && text !== '') yield { type: 'delta', text };
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) {
          yield {
            type: 'usage',
            input_tokens: chunk.usage.prompt_tokens,
            output_tokens: chunk.usage.completion_tokens,
          };
        }
      }
      return finish;
    }
    return guarded(read, call.signal, { abort: OpenAI.APIUserAbortError, api: OpenAI.APIError });
  },
};
