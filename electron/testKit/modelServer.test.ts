// The local model server speaks both protocols as the official SDKs expect them.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startModelServer } from './modelServer';
import type { ModelServer } from './modelServer';

let server: ModelServer;
beforeEach(async () => {
  server = await startModelServer({ apiKey: 'sk-test-local-key-1234' });
});
afterEach(async () => {
  await server.close();
});

const openai = (key = 'sk-test-local-key-1234') =>
  new OpenAI({ apiKey: key, baseURL: server.openaiUrl, maxRetries: 0 });
const anthropic = (key = 'sk-test-local-key-1234') =>
  new Anthropic({ apiKey: key, baseURL: server.url, maxRetries: 0, logLevel: 'off' });

describe('OpenAI chat completions', () => {
  it('streams the echo with usage in the last chunk', async () => {
    const stream = await openai().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello there world' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: hello there world');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
    expect(server.requests[0]).toMatchObject({ protocol: 'openai', key: 'sk-test-local-key-1234' });
  });

  it('answers without streaming too', async () => {
    const answer = await openai().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(answer.choices[0]?.message.content).toBe('echo: hi');
  });

  it('refuses a wrong key with 401 naming only a masked fragment', async () => {
    const call = openai('sk-wrong-key-abcd').chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(call).rejects.toMatchObject({ status: 401 });
    await expect(call).rejects.toThrow(/sk-…abcd/);
  });

  it('sends scripted 429 with retry-after', async () => {
    server.script({ kind: 'error', status: 429, retryAfter: 7 });
    const call = openai().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const error = (await call.catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7');
  });
});

describe('Anthropic messages', () => {
  it('streams text deltas, input and output usage, and the stop reason', async () => {
    const stream = await anthropic().messages.create({
      model: 'claude-test',
      max_tokens: 100,
      system: 'be brief',
      messages: [{ role: 'user', content: 'one two' }],
      stream: true,
    });
    let text = '';
    let input = 0;
    let output = 0;
    let stop: string | null = null;
    for await (const event of stream) {
      if (event.type === 'message_start') input = event.message.usage.input_tokens;
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
      }
      if (event.type === 'message_delta') {
        output = event.usage.output_tokens;
        stop = event.delta.stop_reason;
      }
    }
    expect(text).toBe('echo: one two');
    expect({ input, output, stop }).toEqual({ input: 4, output: 3, stop: 'end_turn' });
  });

  it('drops the connection in the middle of a scripted cut', async () => {
    server.script({ kind: 'cut', afterChunks: 1 });
    const stream = await anthropic().messages.create({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'a b c d' }],
      stream: true,
    });
    let text = '';
    const read = async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          text += event.delta.text;
        }
      }
    };
    await expect(read()).rejects.toThrow();
    expect(text).toBe('echo: ');
  });
});
