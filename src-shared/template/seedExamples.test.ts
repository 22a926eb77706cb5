import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seedText, seedYamlFiles } from '../../electron/testKit/seedExamples';
import type { Message } from '../model/prompt';
import { chatToText } from './chatText';
import { renderMessages, renderTemplate } from './nodeRender';
import { extractMessageVariables, extractVariables } from './variables';

interface SeedPrompt {
  id: string;
  format: string;
  template: { content: string; variables: string[]; partials: Record<string, string> } | null;
  chat_template: { messages: Message[]; variables: string[] } | null;
}

// The current version of each prompt: the files at the top of prompts/, not its version folders.
const seedPrompts = new Map<string, SeedPrompt>(
  seedYamlFiles('prompts')
    .filter((file) => !file.includes('/'))
    .map((file) => {
      const prompt = parse(seedText(`prompts/${file}`)) as SeedPrompt;
      return [prompt.id, prompt];
    }),
);

function seed(id: string): SeedPrompt {
  const prompt = seedPrompts.get(id);
  if (!prompt) throw new Error(`seed prompt ${id} not found`);
  return prompt;
}

/** Variables for every example, covering lists and numbers. */
const variablesById: Record<string, Record<string, unknown>> = {
  code_review: { language: 'python', code: 'print(1)', focus_areas: ['security', 'style'] },
  customer_support: { company: 'Acme', customer_query: 'Where is my order?' },
  data_analysis: {
    analysis_type: 'trend',
    datasets: [
      { name: 'sales', rows: 100 },
      { name: 'users', rows: 20 },
    ],
  },
  evolving_prompt: { input: 'I', context: 'C', format: 'json' },
  greeting: { name: 'Alice', role: 'Developer' },
  marketing_email: {
    name: 'Sam',
    product: 'Widget',
    discount_code: 'SAVE',
    discount: 20,
    company: 'Acme',
  },
  simple_task: { task: 'taxes' },
  text_summarization: { content_type: 'article', length: 'short', text: 'Some text.' },
};

describe('seed example prompts', () => {
  it('are all found (top-level files only)', () => {
    expect([...seedPrompts.keys()].sort()).toEqual(Object.keys(variablesById).sort());
  });

  it('all render with suitable variables, and their extracted variables match the declared ones', () => {
    for (const [id, variables] of Object.entries(variablesById)) {
      const prompt = seed(id);
      if (prompt.template) {
        expect(renderTemplate(prompt.template.content, variables)).not.toContain('{{');
        expect(extractVariables(prompt.template.content)).toEqual(
          [...prompt.template.variables].sort(),
        );
      } else {
        const messages = prompt.chat_template?.messages ?? [];
        const rendered = renderMessages(messages, variables);
        expect(rendered).toHaveLength(messages.length);
        expect(rendered.every((message) => !message.content.includes('{{'))).toBe(true);
        expect(extractMessageVariables(messages)).toEqual(
          [...(prompt.chat_template?.variables ?? [])].sort(),
        );
      }
    }
  });

  it('greeting renders exactly', () => {
    expect(
      renderTemplate(seed('greeting').template?.content ?? '', variablesById.greeting ?? {}),
    ).toBe('Hello Alice! Welcome to our platform. Your role is Developer.');
  });

  it('customer_support renders exactly, as messages and as text', () => {
    const messages = renderMessages(seed('customer_support').chat_template?.messages ?? [], {
      company: 'Acme',
      customer_query: 'Where is my order?',
    });
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'You are a helpful customer support agent for Acme. Be professional and empathetic.',
      },
      { role: 'user', content: 'Where is my order?' },
    ]);
    expect(chatToText(messages)).toBe(
      'system: You are a helpful customer support agent for Acme. Be professional and empathetic.' +
        '\n\nuser: Where is my order?',
    );
  });

  it('data_analysis loops over datasets with standalone block lines removed', () => {
    const [, user] = renderMessages(
      seed('data_analysis').chat_template?.messages ?? [],
      variablesById.data_analysis ?? {},
    );
    expect(user?.content).toBe(
      'Perform trend analysis on the following datasets:\n\n- sales: 100 rows\n- users: 20 rows\n\n' +
        'Provide insights, trends, and recommendations.\n',
    );
  });

  it('text_summarization renders {{length}} as a variable and the optional focus block (seed §3.7)', () => {
    const messages = seed('text_summarization').chat_template?.messages ?? [];
    const base = variablesById.text_summarization ?? {};
    expect(renderMessages(messages, base)[1]?.content).toBe(
      'Summarize the following article in short length:\n\nSome text.\n\n',
    );
    expect(renderMessages(messages, { ...base, focus: 'costs' })[1]?.content).toBe(
      'Summarize the following article in short length:\n\nSome text.\n\nFocus on: costs\n',
    );
  });

  it('code_review prints a list variable by the documented rule', () => {
    const [, user] = renderMessages(
      seed('code_review').chat_template?.messages ?? [],
      variablesById.code_review ?? {},
    );
    expect(user?.content).toBe(
      'Review this python code:\n\n```python\nprint(1)\n```\n\nFocus areas: security, style\n',
    );
  });

  it('marketing_email renders numbers inside text', () => {
    const text = renderTemplate(
      seed('marketing_email').template?.content ?? '',
      variablesById.marketing_email ?? {},
    );
    expect(text).toContain('Use code SAVE for 20% off.');
    expect(text.endsWith('The Acme Team\n')).toBe(true);
  });
});
