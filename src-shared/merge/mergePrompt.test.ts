import { describe, expect, it } from 'vitest';
import { emptyMetadata, type Message, type Prompt } from '../model/prompt';
import {
  conflictBlocks,
  conflictedTexts,
  fieldName,
  hasConflictMarkers,
  mergePrompt,
  promptTexts,
  withTextAt,
} from './mergePrompt';

function textPrompt(content: string, changes: Partial<Prompt> = {}): Prompt {
  return {
    id: 'greeting',
    version: '1.0.0',
    uid: 'u-1',
    format: 'text',
    template: { content, variables: [], partials: {}, helpers: {} },
    chat_template: null,
    status: 'active',
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
    metadata: { ...emptyMetadata(), tags: ['support'] },
    input_schema: null,
    output_schema: null,
    ...changes,
  };
}

function chatPrompt(messages: Message[]): Prompt {
  return {
    ...textPrompt('', { format: 'chat', template: null }),
    chat_template: { messages, variables: [] },
  };
}

const BASE = 'Line one\nLine two\nLine three\nLine four\n';

describe('mergePrompt', () => {
  it('keeps their saved change and mine when they touch different lines', () => {
    const theirs = textPrompt(BASE.replace('Line one', 'Line ONE'), { version: '1.1.0' });
    const mine = textPrompt(BASE.replace('Line four', 'Line 4'));
    const { merged, conflicts } = mergePrompt(textPrompt(BASE), theirs, mine);
    expect(conflicts).toEqual([]);
    expect(merged.template?.content).toBe('Line ONE\nLine two\nLine three\nLine 4\n');
    // The merge is saved on top of theirs.
    expect(merged.version).toBe('1.1.0');
  });

  it('marks a clash on the same line, keeping both sides', () => {
    const theirs = textPrompt(BASE.replace('Line two', 'Their two'));
    const mine = textPrompt(BASE.replace('Line two', 'My two'));
    const { merged, conflicts } = mergePrompt(textPrompt(BASE), theirs, mine, '1.1.0');
    expect(merged.template?.content).toBe(
      'Line one\n<<<<<<< your changes\nMy two\n=======\nTheir two\n>>>>>>> 1.1.0\nLine three\nLine four\n',
    );
    expect(conflicts).toEqual([
      expect.objectContaining({ path: 'template.content', kind: 'text' }),
    ]);
    expect(hasConflictMarkers(merged.template?.content ?? '')).toBe(true);
    expect(conflictedTexts(merged)).toEqual(['template.content']);
  });

  it('takes the same change made on both sides once', () => {
    const changed = BASE.replace('Line three', 'Both three');
    const { merged, conflicts } = mergePrompt(
      textPrompt(BASE),
      textPrompt(changed),
      textPrompt(changed),
    );
    expect(conflicts).toEqual([]);
    expect(merged.template?.content).toBe(changed);
  });

  it('merges tags as sets: additions from both sides, removals from either', () => {
    const base = textPrompt(BASE, { metadata: { ...emptyMetadata(), tags: ['a', 'b', 'c'] } });
    const theirs = textPrompt(BASE, { metadata: { ...emptyMetadata(), tags: ['a', 'c', 'x'] } });
    const mine = textPrompt(BASE, { metadata: { ...emptyMetadata(), tags: ['a', 'b', 'c', 'y'] } });
    const { merged, conflicts } = mergePrompt(base, theirs, mine);
    expect(conflicts).toEqual([]);
    expect(merged.metadata.tags).toEqual(['a', 'c', 'x', 'y']);
  });

  it('keeps their value of a setting both changed, and lists the clash', () => {
    const meta = (temperature: number) => ({ ...emptyMetadata(), temperature });
    const { merged, conflicts } = mergePrompt(
      textPrompt(BASE, { metadata: meta(0.2) }),
      textPrompt(BASE, { metadata: meta(0.5) }),
      textPrompt(BASE, { metadata: meta(0.9) }),
    );
    expect(merged.metadata.temperature).toBe(0.5);
    expect(conflicts).toEqual([
      { path: 'metadata.temperature', kind: 'value', base: 0.2, theirs: 0.5, mine: 0.9 },
    ]);
  });

  it('takes a setting only one side changed, whichever side it was', () => {
    const base = textPrompt(BASE);
    const theirs = textPrompt(BASE, { status: 'deprecated' });
    const mine = textPrompt(BASE, { input_schema: 'person' });
    const { merged, conflicts } = mergePrompt(base, theirs, mine);
    expect(conflicts).toEqual([]);
    expect(merged.status).toBe('deprecated');
    expect(merged.input_schema).toBe('person');
  });

  it('merges chat messages: their new message and my edit of another both survive', () => {
    const system: Message = { role: 'system', content: 'You help.' };
    const user: Message = { role: 'user', content: 'Hi {{name}}' };
    const base = chatPrompt([system, user]);
    const theirs = chatPrompt([system, user, { role: 'assistant', content: 'Hello!' }]);
    const mine = chatPrompt([{ role: 'system', content: 'You help kindly.' }, user]);
    const { merged, conflicts } = mergePrompt(base, theirs, mine);
    expect(conflicts).toEqual([]);
    expect(merged.chat_template?.messages).toEqual([
      { role: 'system', content: 'You help kindly.' },
      user,
      { role: 'assistant', content: 'Hello!' },
    ]);
  });

  it('marks a clash inside one message with its 0-based path', () => {
    const base = chatPrompt([{ role: 'user', content: 'Hi' }]);
    const theirs = chatPrompt([{ role: 'user', content: 'Hello' }]);
    const mine = chatPrompt([{ role: 'user', content: 'Hey' }]);
    const { merged, conflicts } = mergePrompt(base, theirs, mine);
    expect(conflicts.map((c) => c.path)).toEqual(['chat_template.messages.0.content']);
    expect(merged.chat_template?.messages[0]?.content).toContain('Hello\n>>>>>>> ');
    expect(merged.chat_template?.messages[0]?.content).toContain('Hey\n=======');
  });

  it('never reads a prototype key of a document as data', () => {
    const mine = textPrompt(BASE);
    const custom = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    mine.metadata = { ...mine.metadata, custom };
    const { merged } = mergePrompt(textPrompt(BASE), textPrompt(BASE), mine);
    expect(Object.hasOwn(merged.metadata.custom, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('the texts of a merged prompt', () => {
  it('lists every text with its path, and replaces one by path', () => {
    const prompt = textPrompt('Hi {{> sign}}', {
      template: { content: 'Hi {{> sign}}', variables: [], partials: { sign: 'Bye' }, helpers: {} },
      metadata: { ...emptyMetadata(), description: 'Greets' },
    });
    expect(promptTexts(prompt)).toEqual([
      { path: 'template.content', text: 'Hi {{> sign}}' },
      { path: 'template.partials.sign', text: 'Bye' },
      { path: 'metadata.description', text: 'Greets' },
    ]);
    const edited = withTextAt(
      withTextAt(prompt, 'template.partials.sign', 'Ciao'),
      'metadata.description',
      'New',
    );
    expect(edited.template?.partials).toEqual({ sign: 'Ciao' });
    expect(edited.metadata.description).toBe('New');
    expect(prompt.template?.partials).toEqual({ sign: 'Bye' });
    expect(withTextAt(prompt, 'template.partials.other', 'x')).toBe(prompt);
  });

  it('replaces a chat message by its 0-based path', () => {
    const prompt = chatPrompt([
      { role: 'system', content: 'A' },
      { role: 'user', content: 'B' },
    ]);
    const edited = withTextAt(prompt, 'chat_template.messages.1.content', 'C');
    expect(edited.chat_template?.messages.map((m) => m.content)).toEqual(['A', 'C']);
    expect(
      conflictedTexts(
        withTextAt(
          prompt,
          'chat_template.messages.0.content',
          '<<<<<<< your changes\nx\n=======\ny\n>>>>>>> 1.0.1\n',
        ),
      ),
    ).toEqual(['chat_template.messages.0.content']);
  });

  it('finds the conflict blocks of a merged text by line', () => {
    const theirs = textPrompt(BASE.replace('Line two', 'Their two').replace('Line four', 'T4'));
    const mine = textPrompt(BASE.replace('Line two', 'My two').replace('Line four', 'M4'));
    const { merged } = mergePrompt(textPrompt(BASE), theirs, mine, '1.1.0');
    const lines = (merged.template?.content ?? '').split('\n');
    expect(conflictBlocks(lines)).toEqual([
      { start: 2, split: 4, end: 6 },
      { start: 8, split: 10, end: 12 },
    ]);
    expect(lines[9]).toBe('=======');
    expect(conflictBlocks(['<<<<<<< your changes', 'half', '======='])).toEqual([]);
  });

  it('names fields as the screen shows them, messages from 1', () => {
    expect(fieldName('template.content')).toBe('Template');
    expect(fieldName('chat_template.messages.0.content')).toBe('Message 1');
    expect(fieldName('chat_template.messages.2.role')).toBe('Message 3 role');
    expect(fieldName('chat_template.messages.1')).toBe('Message 2');
    expect(fieldName('template.partials.sign')).toBe('Partial sign');
    expect(fieldName('metadata.temperature')).toBe('temperature');
    expect(fieldName('status')).toBe('status');
  });
});
