import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import { chatPrompt } from '../../testing/prompts';
import { messageLines, ruleAdvice, ruleViolationOf } from './exportRule';

/** Two-line messages, so that line ranges are visible. */
const chat = (...roles: string[]): Prompt =>
  chatPrompt(roles, (index) => `message ${index}\nsecond line`);

describe('ruleViolationOf', () => {
  it('reads the rule and index of an export_rule error', () => {
    const error = new AppError('export_rule', 'Messages must alternate', {
      rule: 'alternation',
      index: 2,
    });
    expect(ruleViolationOf(error)).toEqual({
      rule: 'alternation',
      index: 2,
      message: 'Messages must alternate',
    });
  });

  it('also reads the plain form kept in state', () => {
    const kept = { code: 'export_rule', message: 'm', details: { rule: 'first_user', index: 0 } };
    expect(ruleViolationOf(kept)?.rule).toBe('first_user');
  });

  it('ignores other errors', () => {
    expect(ruleViolationOf(new AppError('template_render', 'Missing x'))).toBeNull();
    expect(ruleViolationOf(null)).toBeNull();
  });
});

describe('messageLines', () => {
  it('marks the turn at the index, counting without the system message', () => {
    const lines = messageLines(chat('system', 'user', 'user'), {
      rule: 'alternation',
      index: 1,
      message: '',
    });
    expect(lines.map((line) => line.offending)).toEqual([false, false, true]);
  });

  it.each([
    ['the first turn for first_user', ['system', 'assistant', 'user'], 'first_user', 0, 1],
    ['the second system message for one_system', ['system', 'user', 'system'], 'one_system', 2, 2],
  ] as const)('marks %s', (_what, roles, rule, index, marked) => {
    const lines = messageLines(chat(...roles), { rule, index, message: '' });
    expect(lines.findIndex((line) => line.offending)).toBe(marked);
  });

  it('shows the first line of each message and marks nothing without a violation', () => {
    const lines = messageLines(chat('user'), null);
    expect(lines).toEqual([{ position: 0, role: 'user', preview: 'message 0', offending: false }]);
  });

  it('lists a text prompt as one user message', () => {
    const text = { ...chat(), format: 'text', chat_template: null } as Prompt;
    text.template = { content: 'Hello {{name}}', variables: [], partials: {}, helpers: {} };
    expect(messageLines(text, null)).toMatchObject([{ role: 'user', preview: 'Hello {{name}}' }]);
  });

  it('shortens long first lines', () => {
    const long = chat('user');
    long.chat_template!.messages[0]!.content = 'x'.repeat(200);
    expect(messageLines(long, null)[0]?.preview).toHaveLength(80);
  });
});

describe('ruleAdvice', () => {
  it('suggests merging for alternation errors', () => {
    expect(ruleAdvice('alternation')).toMatch(/Merge consecutive messages/);
  });
});
