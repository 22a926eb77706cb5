import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src-shared/model/prompt';
import type { EditorState } from './editorSlice';
import { isDirty } from './editorSlice';
import {
  contentKey,
  newPromptDocument,
  withDeclaredVariables,
  withMetadata,
  withSettings,
  withTemplateContent,
} from './promptDocument';

const NOW = '2025-01-01T00:00:00.000Z';
const saved = withTemplateContent(newPromptDocument('d', 'text', 'u', NOW), 'Hi {{name}}');

/** An editor state with the two fields `isDirty` reads. */
function editorOf(document: Prompt | null, stored: Prompt | null = saved): EditorState {
  return { document, saved: stored } as EditorState;
}

describe('isDirty', () => {
  const variants: [string, Prompt][] = [
    ['the stored document itself', saved],
    ['a copy with another timestamp', { ...saved, updated_at: 'later' }],
    ['a typed character', withTemplateContent(saved, 'Hi {{name}}!')],
    ['the text typed back', withTemplateContent(withTemplateContent(saved, 'x'), 'Hi {{name}}')],
    ['new tags', withMetadata(saved, { tags: ['support'] })],
    ['a new temperature', withMetadata(saved, { temperature: 0.2 })],
    ['a schema set through the settings', withSettings(saved, { output_schema: 'reply' })],
    ['declared variables', withDeclaredVariables(saved, ['name'])],
    ['another status', { ...saved, status: 'active' }],
    ['an input schema', { ...saved, input_schema: 'contact' }],
    ['another author', { ...saved, metadata: { ...saved.metadata, author: 'A' } }],
    [
      'metadata keys in another order',
      { ...saved, metadata: Object.fromEntries(Object.entries(saved.metadata).reverse()) },
    ] as [string, Prompt],
    ['a field set to undefined', { ...saved, output_schema: undefined } as unknown as Prompt],
  ];

  it.each(variants)('agrees with the content key for %s', (_, document) => {
    expect(isDirty(editorOf(document))).toBe(contentKey(document) !== contentKey(saved));
  });

  it('is false with no prompt open and true for a prompt never saved', () => {
    expect(isDirty(editorOf(null))).toBe(false);
    expect(isDirty(editorOf(saved, null))).toBe(true);
  });

  it('answers again when the stored version changes under the same working copy', () => {
    const edited = withTemplateContent(saved, 'changed');
    expect(isDirty(editorOf(edited))).toBe(true);
    expect(isDirty(editorOf(edited, edited))).toBe(false);
  });
});
