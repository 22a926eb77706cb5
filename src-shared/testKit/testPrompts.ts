// Small prompt documents for the version tests (already normalised, as parsePrompt returns them).
import type { Message, Prompt } from '../model/prompt';

/** A text prompt with the given template text. */
export function textPrompt(content: string, overrides: Partial<Prompt> = {}): Prompt {
  return {
    id: 'greeting',
    version: '1.0.0',
    uid: '00000000-0000-4000-8000-000000000001',
    format: 'text',
    template: { content, variables: [], partials: {}, helpers: {} },
    status: 'active',
    created_at: '2024-01-01T00:00:00',
    updated_at: '2024-01-01T00:00:00',
    metadata: { tags: ['demo'], use_cases: [], model_recommendations: [], custom: {} },
    ...overrides,
  };
}

/** A chat prompt with the given messages. */
export function chatPrompt(messages: Message[], overrides: Partial<Prompt> = {}): Prompt {
  return {
    ...textPrompt('', overrides),
    format: 'chat',
    template: null,
    chat_template: { messages, variables: [] },
    ...overrides,
  };
}
