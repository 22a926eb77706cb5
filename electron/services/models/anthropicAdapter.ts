// Anthropic messages through the SDK: the system message lifted out, turns that alternate.
import Anthropic from '@anthropic-ai/sdk';
import { toAnthropicPayload } from '../../../src-shared/export/anthropic';
import type { ProviderAdapter, StreamEvent } from './adapter';
import { clientCache, guarded } from './adapter';

// Retries and timeouts are ours (callPolicy.ts), so the SDK's own are off.
const clientFor = clientCache(
  (baseUrl, apiKey) =>
    new Anthropic({
      apiKey: apiKey ?? 'no-key',
      baseURL: baseUrl,
      maxRetries: 0,
      timeout: 24 * 3_600_000,
      logLevel: 'off',
      openTelemetry: false,
    }),
);

/** Streams `messages.create`; usage comes in `message_start` (input) and `message_delta` (output). */
export const anthropicAdapter: ProviderAdapter = {
  body(prompt, output, model, settings) {
    return { ...toAnthropicPayload(prompt, output), ...settings, model, stream: true };
  },

  stream(call) {
    const client = clientFor(call.baseUrl, call.apiKey);
    async function* read(): AsyncGenerator<StreamEvent, string | null> {
      let finish: string | null = null;
      const stream = await client.messages.create(
        call.body as unknown as Anthropic.MessageCreateParamsStreaming,
        { signal: call.signal },
      );
      for await (const event of stream) {
        if (event.type === 'message_start') {
          yield { type: 'usage', input_tokens: event.message.usage.input_tokens };
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          if (event.delta.text !== '') yield { type: 'delta', text: event.delta.text };
        } else if (event.type === 'message_delta') {
          finish = event.delta.stop_reason ?? finish;
          yield { type: 'usage', output_tokens: event.usage.output_tokens };
        }
      }
      return finish;
    }
    return guarded(read, call.signal, {
      abort: Anthropic.APIUserAbortError,
      api: Anthropic.APIError,
    });
  },
};
