// Test kit: small prompt documents for the page's tests, built one way instead of per file.
import type { Prompt } from '../../src-shared/model/prompt';

/**
 * A text prompt as a person first saves it: id and template only. The server fills in the
 * rest (version, uid, dates), so the cast stands for a document it will complete.
 */
export function draftTextPrompt(id: string, content: string): Prompt {
  return {
    id,
    format: 'text',
    status: 'active',
    template: { content },
    metadata: { tags: [] },
  } as unknown as Prompt;
}

/** A complete chat prompt whose messages take the given roles in order. */
export function chatPrompt(
  roles: readonly string[],
  contentOf: (index: number) => string = (index) => `turn ${index}`,
): Prompt {
  return {
    id: 'turns',
    version: '1.0.0',
    uid: '8d3f6f64-3c1a-4c55-9d42-2a8f0b1e7c10',
    format: 'chat',
    status: 'active',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    metadata: { tags: [], use_cases: [], model_recommendations: [], custom: {} },
    chat_template: {
      variables: [],
      messages: roles.map((role, index) => ({ role, content: contentOf(index) })),
    },
  } as Prompt;
}
