import { describe, expect, it } from 'vitest';
import { AppError, type FieldIssue } from '../errors';
import { classifyDocument, parsePromptBundle } from './documents';
import { parseYaml } from './parseYaml';

const prompt = (id: string) => ({ id, format: 'text', template: { content: `Hi from ${id}` } });

function issuesOf(value: unknown): FieldIssue[] {
  try {
    parsePromptBundle(value, 'bundle.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details?.file).toBe('bundle.yaml');
    return (error as AppError).details?.issues as FieldIssue[];
  }
  throw new Error('expected parsePromptBundle to fail');
}

describe('classifyDocument', () => {
  it('recognises each of the seed document shapes', () => {
    expect(classifyDocument({ prompts: [] })).toBe('bundle');
    expect(classifyDocument({ version: '1.0.0', schemas: [] })).toBe('schemas');
    expect(classifyDocument({ version: '1.0.0', metadata: {} })).toBe('schemas');
    expect(classifyDocument(prompt('a'))).toBe('prompt');
  });

  it('calls anything else unknown', () => {
    expect(classifyDocument(null)).toBe('unknown');
    expect(classifyDocument([prompt('a')])).toBe('unknown');
    expect(classifyDocument({})).toBe('unknown');
    expect(classifyDocument({ id: 'a' })).toBe('unknown');
    expect(classifyDocument({ title: 'x' })).toBe('unknown');
  });
});

describe('parsePromptBundle', () => {
  it('reads the README bundle format', () => {
    const text = [
      'version: "1.0.0"',
      'metadata: {owner: team}',
      'prompts:',
      '  - id: greeting',
      '    version: "1.0.0"',
      '    format: text',
      '    status: active',
      '    template: {content: "Hello {{name}}", variables: [name]}',
      '    input_schema: user_input',
      '  - id: support',
      '    format: chat',
      '    chat_template: {messages: [{role: user, content: "{{q}}"}]}',
    ].join('\n');
    const bundle = parsePromptBundle(parseYaml(text, 'bundle.yaml'), 'bundle.yaml');
    expect(bundle.version).toBe('1.0.0');
    expect(bundle.metadata).toEqual({ owner: 'team' });
    expect(bundle.prompts.map((item) => [item.id, item.format, item.status])).toEqual([
      ['greeting', 'text', 'active'],
      ['support', 'chat', 'draft'],
    ]);
    expect(bundle.prompts[0]?.input_schema).toBe('user_input');
  });

  it('requires at least one prompt', () => {
    expect(issuesOf({ prompts: [] })).toEqual([
      { path: 'prompts', rule: 'min_items', message: 'A bundle must contain at least one prompt' },
    ]);
    expect(issuesOf({ prompts: null })[0]?.rule).toBe('type');
  });

  it('requires unique prompt ids', () => {
    expect(issuesOf({ prompts: [prompt('a'), prompt('b'), prompt('a')] })).toEqual([
      {
        path: 'prompts.2.id',
        rule: 'unique',
        message: "Prompt IDs must be unique within a bundle ('a' appears twice)",
      },
    ]);
  });

  it('reports problems inside a prompt with the prompt index in the path', () => {
    const issues = issuesOf({ prompts: [prompt('a'), { id: 'b', format: 'chat' }] });
    expect(issues).toContainEqual({
      path: 'prompts.1.chat_template',
      rule: 'format',
      message: 'Chat format requires chat_template',
    });
  });

  it('rejects unknown top-level keys', () => {
    expect(issuesOf({ prompts: [prompt('a')], name: 'x' })[0]).toMatchObject({
      path: 'name',
      rule: 'unknown_key',
    });
  });
});
