import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seedText as read, seedYamlFiles } from '../../electron/testKit/seedExamples';
import { parsePrompt } from '../model/validatePrompt';
import { parseSchemaFile } from '../model/validateSchemaFile';
import { parseYaml } from './parseYaml';
import { stringifyPrompt, stringifySchemaFile } from './stringifyDocuments';

const promptFiles = seedYamlFiles('prompts');
const schemaFiles = seedYamlFiles('schemas');

/** The top-level keys of a YAML mapping's text, in order. */
const topKeys = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^[a-z_]+:/.test(line))
    .map((line) => line.split(':')[0]);

describe('stringifyPrompt', () => {
  it.each(promptFiles)('round-trips prompts/%s: parse, stringify, parse is deep-equal', (file) => {
    const prompt = parsePrompt(parseYaml(read(`prompts/${file}`), file), file);
    const again = parsePrompt(parseYaml(stringifyPrompt(prompt), file), file);
    expect(again).toEqual(prompt);
  });

  it("writes every field in the seed's key order, nulls included", () => {
    const source = read('prompts/greeting.yaml');
    const prompt = parsePrompt(parseYaml(source, 'greeting.yaml'));
    const text = stringifyPrompt(prompt);
    expect(topKeys(source)).toHaveLength(12);
    expect(topKeys(text)).toEqual(topKeys(source));
    expect(text).toContain('chat_template: null\n');
    expect(text).toContain("created_at: '2025-11-26T22:42:52.450262'\n");
    expect(text).toContain('  tags:\n  - greeting\n  - welcome\n');
  });

  it('writes message sub-keys in order and metadata extras after the known keys', () => {
    const prompt = parsePrompt(parseYaml(read('prompts/marketing_email.yaml'), 'm.yaml'));
    const text = stringifyPrompt(prompt);
    expect(text.indexOf('  custom: {}')).toBeLessThan(text.indexOf('  changelog:'));
    const chat = stringifyPrompt(
      parsePrompt(parseYaml(read('prompts/code_review.yaml'), 'c.yaml')),
    );
    expect(chat).toMatch(
      /- role: system\n {4}content: \|\n[\s\S]*? {4}name: null\n {4}function_call: null\n {4}tool_calls: null\n/,
    );
  });

  it('writes multi-line content as a block literal', () => {
    const prompt = parsePrompt({
      id: 'x',
      format: 'text',
      template: { content: 'line one\nline two\n' },
    });
    expect(stringifyPrompt(prompt)).toContain('  content: |\n    line one\n    line two\n');
  });

  it('quotes strings a YAML 1.1 reader (the seed) would misread, and round-trips awkward text', () => {
    const prompt = parsePrompt({
      id: 'x',
      format: 'text',
      template: { content: '  leading spaces\n\ttab\ntrailing  \n\n\n', variables: ['yes'] },
      metadata: {
        tags: ['on', 'null', '1_000', '~'],
        category: '2024-01-01',
        custom: { n: '012', y: 'no' },
      },
    });
    const text = stringifyPrompt(prompt);
    expect(text).toContain("  - 'on'\n");
    expect(text).toContain("  category: '2024-01-01'\n");
    expect(parse(text, { version: '1.1' }).metadata.tags).toEqual(['on', 'null', '1_000', '~']);
    expect(parsePrompt(parseYaml(text, 'x.yaml'))).toEqual(prompt);
  });

  it('keeps multi-line text that starts with a line of only spaces', () => {
    const prompt = parsePrompt({
      id: 'x',
      format: 'text',
      template: { content: 'Say ' },
      metadata: { custom: { a: ' \n', b: '\n \n', c: '\n\n\t\nx', d: 'x\n \n' } },
    });
    const read = parsePrompt(parseYaml(stringifyPrompt(prompt), 'x.yaml'));
    expect(read.metadata.custom).toEqual({ a: ' \n', b: '\n \n', c: '\n\n\t\nx', d: 'x\n \n' });
  });

  it('writes text that looks like deep YAML nesting as a plain string', () => {
    const prompt = parsePrompt({
      id: 'x',
      format: 'text',
      template: { content: '['.repeat(20_000) },
    });
    expect(parsePrompt(parseYaml(stringifyPrompt(prompt), 'x.yaml')).template?.content).toBe(
      '['.repeat(20_000),
    );
  });

  it('keeps partials, helpers, function calls and tool calls', () => {
    const prompt = parsePrompt({
      id: 'x',
      format: 'chat',
      chat_template: {
        messages: [
          {
            role: 'assistant',
            content: 'calling',
            function_call: { name: 'f', arguments: '{}' },
            tool_calls: [{ id: 't1' }],
          },
          { role: 'tool', content: 'done', name: 'search' },
        ],
      },
    });
    expect(parsePrompt(parseYaml(stringifyPrompt(prompt), 'x.yaml'))).toEqual(prompt);
    const text = parsePrompt({
      id: 'y',
      format: 'text',
      template: { content: '{{> head}}', partials: { head: 'Hi' }, helpers: { up: 'x' } },
    });
    expect(parsePrompt(parseYaml(stringifyPrompt(text), 'y.yaml'))).toEqual(text);
  });
});

describe('stringifySchemaFile', () => {
  it.each(schemaFiles)('round-trips schemas/%s: parse, stringify, parse is deep-equal', (file) => {
    const schemas = parseSchemaFile(parseYaml(read(`schemas/${file}`), file), file);
    const again = parseSchemaFile(parseYaml(stringifySchemaFile(schemas), file), file);
    expect(again).toEqual(schemas);
  });

  it('writes the schema keys in the DSL order and leaves unset optional keys out', () => {
    const file = parseSchemaFile(parseYaml(read('schemas/address.yaml'), 'address.yaml'));
    const text = stringifySchemaFile(file);
    expect(text.startsWith('version: 1.0.0\nmetadata:\n')).toBe(true);
    expect(text).toContain('schemas:\n- name: address\n  version: 1.0.0\n');
    expect(text).not.toMatch(/: null$/m);
    expect(text).toContain('pattern: ^[A-Z]{2}$');
  });
});
