import { describe, it, expect } from 'vitest';
import { promptToDiffText } from './diffText';
import { canonicalContent, canonicalJson } from './canonicalContent';
import { chatPrompt, textPrompt } from '../testKit/testPrompts';

describe('promptToDiffText', () => {
  it('uses the template text of a text prompt as is', () => {
    expect(promptToDiffText(textPrompt('Hello {{name}}!')).template).toBe('Hello {{name}}!');
  });

  it('writes each chat message under a numbered role header with its name', () => {
    const prompt = chatPrompt([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi {{name}}', name: 'alice' },
    ]);
    expect(promptToDiffText(prompt).template).toBe(
      '## 1. system\nBe brief.\n\n## 2. user [alice]\nHi {{name}}',
    );
  });

  it('dumps settings one key per line, sorted, without ids or timestamps', () => {
    const prompt = textPrompt('x', {
      input_schema: 'user_input',
      metadata: {
        tags: ['b', 'a'],
        category: 'support',
        temperature: 0.5,
        use_cases: [],
        model_recommendations: [],
        custom: {},
      },
    });
    const settings = promptToDiffText(prompt).settings;
    expect(settings).toContain('format: text\n');
    expect(settings).toContain('input_schema: user_input\n');
    expect(settings).toContain('  temperature: 0.5\n');
    expect(settings).toMatch(/tags:\n {4}- b\n {4}- a\n/);
    expect(settings).not.toContain('uid');
    expect(settings).not.toContain('2024-01-01');
    expect(settings.indexOf('format')).toBeLessThan(settings.indexOf('status'));
  });

  it('is stable whatever the key order of the document', () => {
    const a = textPrompt('x');
    const reverse = (value: unknown): unknown =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([key, member]) => [key, reverse(member)]),
          )
        : value;
    const b = reverse(a) as typeof a;
    expect(Object.keys(b)[0]).toBe('metadata');
    expect(promptToDiffText(b).settings).toBe(promptToDiffText(a).settings);
  });

  it('includes inline partials, which change what the prompt renders', () => {
    const prompt = textPrompt('{{> sig}}', {});
    prompt.template = {
      content: '{{> sig}}',
      variables: [],
      partials: { sig: '-- Bob' },
      helpers: {},
    };
    expect(promptToDiffText(prompt).settings).toContain('sig: -- Bob');
  });
});

describe('canonicalContent', () => {
  it('ignores uid, version and timestamps', () => {
    const a = textPrompt('same');
    const b = textPrompt('same', {
      uid: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
      version: '9.9.9',
      created_at: '2030-01-01T00:00:00',
      updated_at: '2030-01-01T00:00:00',
    });
    expect(canonicalContent(a)).toBe(canonicalContent(b));
  });

  it('differs when the content differs', () => {
    expect(canonicalContent(textPrompt('a'))).not.toBe(canonicalContent(textPrompt('b')));
  });

  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
