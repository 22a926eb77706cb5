import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Message, Prompt } from '../model/prompt';
import type { RenderOutput } from '../render/renderPrompt';
import { anthropicSnippets, DEFAULT_ANTHROPIC_MAX_TOKENS, toAnthropicPayload } from './anthropic';

function prompt(metadata: Partial<Prompt['metadata']> = {}): Prompt {
  return {
    id: 'p',
    version: '1.0.0',
    uid: '00000000-0000-4000-8000-000000000000',
    format: 'chat',
    template: null,
    chat_template: { messages: [], variables: [] },
    status: 'draft',
    created_at: '2024-01-01T00:00:00',
    updated_at: '2024-01-01T00:00:00',
    metadata: { tags: [], use_cases: [], model_recommendations: [], custom: {}, ...metadata },
  };
}

function chat(...pairs: [Message['role'], string][]): RenderOutput {
  const messages = pairs.map(([role, content]) => ({ role, content }));
  return { kind: 'chat', text: '', messages, variables: {}, outputSchema: null };
}

function ruleError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('export_rule');
    return error as AppError;
  }
  throw new Error('expected an export_rule error');
}

describe('toAnthropicPayload', () => {
  it('lifts the system message out, wherever it is', () => {
    const payload = toAnthropicPayload(prompt(), chat(['user', 'Hi'], ['system', 'Be brief.']));
    expect(payload.system).toBe('Be brief.');
    expect(payload.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('leaves system out when the system message renders empty', () => {
    const payload = toAnthropicPayload(prompt(), chat(['system', '  '], ['user', 'Hi']));
    expect('system' in payload).toBe(false);
  });

  it('keeps a system-only prompt as an empty turn list, as the seed did', () => {
    const payload = toAnthropicPayload(prompt(), chat(['system', 'Only rules.']));
    expect(payload).toMatchObject({ system: 'Only rules.', messages: [] });
  });

  it('makes a text prompt one user message', () => {
    const output: RenderOutput = {
      kind: 'text',
      text: 'Hello',
      messages: [],
      variables: {},
      outputSchema: null,
    };
    expect(toAnthropicPayload(prompt(), output).messages).toEqual([
      { role: 'user', content: 'Hello' },
    ]);
  });

  it('maps function and tool messages to user turns', () => {
    const payload = toAnthropicPayload(
      prompt(),
      chat(
        ['user', 'Q'],
        ['assistant', 'calling'],
        ['tool', 'result'],
        ['assistant', 'A'],
        ['function', 'f'],
      ),
    );
    expect(payload.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
  });

  it('refuses a first message that is not from the user', () => {
    const error = ruleError(() =>
      toAnthropicPayload(prompt(), chat(['system', 'S'], ['assistant', 'A'])),
    );
    expect(error.message).toBe(
      "First message must be from user in Anthropic format (prompt 'p', message 2 is 'assistant')",
    );
    expect(error.details).toMatchObject({ rule: 'first_user', index: 0, position: 1 });
  });

  it('refuses consecutive same-role messages, counting without the system message', () => {
    const error = ruleError(() =>
      toAnthropicPayload(
        prompt(),
        chat(['system', 'S'], ['user', 'a'], ['assistant', 'b'], ['user', 'c'], ['tool', 'd']),
      ),
    );
    expect(error.message).toBe(
      "Messages must alternate between user and assistant roles. Found consecutive 'user' messages at position 3 (prompt 'p', message 5).",
    );
    expect(error.details).toMatchObject({ rule: 'alternation', index: 3, position: 4 });
  });

  it('refuses two system messages', () => {
    const error = ruleError(() =>
      toAnthropicPayload(prompt(), chat(['system', 'A'], ['user', 'u'], ['system', 'B'])),
    );
    expect(error.message).toBe("Anthropic only supports one system message (prompt 'p')");
    expect(error.details).toMatchObject({ rule: 'one_system', index: 2 });
  });

  it('merges consecutive same-role messages with a blank line when asked', () => {
    const output = chat(['user', 'a'], ['tool', 'b'], ['assistant', 'c'], ['assistant', 'd']);
    const payload = toAnthropicPayload(prompt(), output, { mergeConsecutive: true });
    expect(payload.messages).toEqual([
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c\n\nd' },
    ]);
  });

  it('still requires the first turn from the user when merging', () => {
    ruleError(() =>
      toAnthropicPayload(prompt(), chat(['assistant', 'a'], ['user', 'b']), {
        mergeConsecutive: true,
      }),
    );
  });

  it('always sends max_tokens, falling back to a default the API accepts', () => {
    expect(toAnthropicPayload(prompt(), chat(['user', 'x'])).max_tokens).toBe(
      DEFAULT_ANTHROPIC_MAX_TOKENS,
    );
    expect(toAnthropicPayload(prompt({ max_tokens: 300 }), chat(['user', 'x'])).max_tokens).toBe(
      300,
    );
  });

  it('takes the first Claude model and the temperature from the metadata', () => {
    const meta = {
      model_recommendations: ['gpt-4', 'claude-3-opus', 'claude-3-sonnet'],
      temperature: 0.2,
    };
    const payload = toAnthropicPayload(prompt(meta), chat(['user', 'x']));
    expect(payload).toMatchObject({ model: 'claude-3-opus', temperature: 0.2 });
    expect(
      'model' in
        toAnthropicPayload(prompt({ model_recommendations: ['gpt-4'] }), chat(['user', 'x'])),
    ).toBe(false);
  });
});

describe('anthropicSnippets', () => {
  it('calls client.messages.create with the payload, a placeholder model when none is set', () => {
    const snippets = anthropicSnippets({
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(snippets.python).toContain('client.messages.create(**payload)');
    expect(snippets.python).toContain('"model": "YOUR_MODEL"');
    expect(snippets.typescript).toContain('await client.messages.create(payload)');
    expect(snippets.typescript).toContain('"content": "Hi"');
  });
});
