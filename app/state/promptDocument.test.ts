import { describe, expect, it } from 'vitest';
import {
  contentKey,
  isPromptDocument,
  newPromptDocument,
  restoredFrom,
  templateSources,
  withAddedMessage,
  withMessage,
  withMetadata,
  withMovedMessage,
  withTemplateContent,
  withoutMessage,
} from './promptDocument';

const NOW = '2025-01-01T00:00:00.000Z';

describe('newPromptDocument', () => {
  it('makes a text draft at 1.0.0 with an empty template', () => {
    const document = newPromptDocument('hello', 'text', 'uid-1', NOW);
    expect(document).toMatchObject({
      id: 'hello',
      version: '1.0.0',
      status: 'draft',
      format: 'text',
    });
    expect(templateSources(document)).toEqual(['']);
    expect(document.chat_template).toBeNull();
  });

  it('makes a chat draft with a system and a user message', () => {
    const document = newPromptDocument('chat', 'chat', 'uid-2', NOW);
    expect(document.template).toBeNull();
    expect(document.chat_template?.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });
});

describe('edits', () => {
  const chat = newPromptDocument('c', 'chat', 'u', NOW);

  it('edit a message without touching the others', () => {
    const edited = withMessage(chat, 1, { content: 'Hi {{name}}' });
    expect(templateSources(edited)).toEqual(['You are a helpful assistant.', 'Hi {{name}}']);
    expect(templateSources(chat)[1]).toBe('');
  });

  it('add, move and remove messages', () => {
    let document = withAddedMessage(withMessage(chat, 0, { content: 'sys' }), 'assistant');
    expect(document.chat_template?.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
    ]);
    document = withMovedMessage(document, 2, -1);
    expect(document.chat_template?.messages.map((m) => m.role)).toEqual([
      'system',
      'assistant',
      'user',
    ]);
    expect(withMovedMessage(document, 0, -1)).toBe(document);
    expect(withMovedMessage(document, 2, 1)).toBe(document);
    document = withoutMessage(document, 0);
    expect(document.chat_template?.messages.map((m) => m.role)).toEqual(['assistant', 'user']);
  });

  it('content key ignores timestamps but sees template and metadata changes', () => {
    const text = newPromptDocument('t', 'text', 'u', NOW);
    expect(contentKey({ ...text, updated_at: 'later' })).toBe(contentKey(text));
    expect(contentKey(withTemplateContent(text, 'x'))).not.toBe(contentKey(text));
    expect(contentKey(withMetadata(text, { tags: ['a'] }))).not.toBe(contentKey(text));
  });

  it('restoring an old version keeps the current identity', () => {
    const current = {
      ...withTemplateContent(newPromptDocument('t', 'text', 'u1', NOW), 'new'),
      version: '1.2.0',
    };
    const older = {
      ...withTemplateContent(newPromptDocument('t', 'text', 'u0', NOW), 'old'),
      version: '1.0.0',
    };
    const restored = restoredFrom(older, current);
    expect(restored.template?.content).toBe('old');
    expect(restored.version).toBe('1.2.0');
    expect(restored.uid).toBe('u1');
  });
});

describe('isPromptDocument', () => {
  it('accepts documents and refuses junk from storage', () => {
    expect(isPromptDocument(newPromptDocument('t', 'text', 'u', NOW))).toBe(true);
    expect(isPromptDocument(null)).toBe(false);
    expect(isPromptDocument({ id: 'x' })).toBe(false);
    expect(isPromptDocument('text')).toBe(false);
  });
});
