import { describe, expect, it } from 'vitest';
import type { Message } from '../model/prompt';
import { chatToText } from './chatText';
import { renderMessages } from './nodeRender';

const messages: Message[] = [
  { role: 'system', content: 'You help {{company}}.', name: null, function_call: null },
  {
    role: 'user',
    content: '{{query}}',
    name: 'alice',
    tool_calls: [{ id: 'call_1', type: 'function' }],
  },
  { role: 'assistant', content: 'No variables here.' },
];

describe('renderMessages', () => {
  it('renders each content and keeps the set name, function and tool call keys as they are', () => {
    expect(renderMessages(messages, { company: 'Acme', query: 'Where is <my> order?' })).toEqual([
      { role: 'system', content: 'You help Acme.' },
      {
        role: 'user',
        content: 'Where is <my> order?',
        name: 'alice',
        tool_calls: [{ id: 'call_1', type: 'function' }],
      },
      { role: 'assistant', content: 'No variables here.' },
    ]);
  });

  it('applies the null rule and partials like renderTemplate', () => {
    const rendered = renderMessages(
      [{ role: 'user', content: '{{> sig}}[{{note}}]' }],
      { note: null, who: 'Bo' },
      { nullable: ['note'], partials: { sig: '-- {{who}} ' } },
    );
    expect(rendered[0]?.content).toBe('-- Bo []');
  });

  it('says which message failed', () => {
    expect(() => renderMessages(messages, { company: 'Acme' })).toThrowError(
      expect.objectContaining({
        code: 'template_render',
        message: "Could not find variable 'query'",
        details: expect.objectContaining({ messageIndex: 1, role: 'user', line: 1 }),
      }),
    );
  });
});

describe('chatToText', () => {
  it('writes plain role names with a blank line between messages', () => {
    expect(
      chatToText([
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Where is my order?' },
      ]),
    ).toBe('system: You are helpful.\n\nuser: Where is my order?');
  });
});
