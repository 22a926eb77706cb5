import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seedText, seedYamlFiles } from '../../electron/testKit/seedExamples';
import type { AppError, FieldIssue } from '../errors';
import { caught } from '../testKit/caught';
import { expectIssueIn, refusalIssues } from '../testKit/issueExpectations';
import { emptyMetadata } from './prompt';
import { parsePrompt } from './validatePrompt';

const text = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'greeting',
  format: 'text',
  template: { content: 'Hello {{name}}!' },
  ...extra,
});
const chat = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'support',
  format: 'chat',
  chat_template: { messages: [{ role: 'user', content: '{{question}}' }] },
  ...extra,
});

/** The issues of the error parsePrompt throws. */
function issuesOf(value: unknown, source?: string): FieldIssue[] {
  return refusalIssues(() => parsePrompt(value, source));
}

function expectIssue(value: unknown, issuePath: string, rule: string, message?: string): void {
  expectIssueIn(issuesOf(value), issuePath, rule, message);
}

describe('parsePrompt on the seed examples', () => {
  const files = seedYamlFiles('prompts');

  it('finds all 25 example prompt files', () => {
    expect(files).toHaveLength(25);
  });

  it.each(files)('accepts %s and keeps its id, version, uid and timestamps', (file) => {
    const raw = parse(seedText(`prompts/${file}`)) as Record<string, unknown>;
    const prompt = parsePrompt(raw, file);
    expect(prompt.id).toBe(raw.id);
    expect(prompt.version).toBe(raw.version);
    expect(prompt.uid).toBe(raw.uid);
    expect(prompt.created_at).toBe(raw.created_at);
  });

  it('keeps metadata extras such as the changelog list of marketing_email verbatim', () => {
    const raw = parse(seedText('prompts/marketing_email.yaml'));
    const prompt = parsePrompt(raw);
    expect(prompt.metadata.changelog).toEqual([
      { version: '1.0.1', changes: 'Added product details and discount', date: '2024-11-19' },
      { version: '1.0.0', changes: 'Initial version', date: '2024-11-19' },
    ]);
  });
});

describe('parsePrompt defaults and normalisation', () => {
  it('fills every default of a minimal text prompt', () => {
    const prompt = parsePrompt(text());
    expect(prompt).toMatchObject({
      version: '1.0.0',
      status: 'draft',
      chat_template: null,
      input_schema: null,
      output_schema: null,
      template: { content: 'Hello {{name}}!', variables: [], partials: {}, helpers: {} },
      metadata: emptyMetadata(),
    });
    expect(prompt.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Number.isNaN(Date.parse(prompt.created_at))).toBe(false);
  });

  it('gives each new prompt its own random uid', () => {
    expect(parsePrompt(text()).uid).not.toBe(parsePrompt(text()).uid);
  });

  it('fills message defaults with nulls', () => {
    const prompt = parsePrompt(chat());
    expect(prompt.chat_template?.messages[0]).toEqual({
      role: 'user',
      content: '{{question}}',
      name: null,
      function_call: null,
      tool_calls: null,
    });
    expect(prompt.template).toBeNull();
  });

  it('trims and lower-cases tags, drops empty ones and duplicates (keeping the first)', () => {
    const prompt = parsePrompt(
      text({ metadata: { tags: [' Code ', 'code', '', '  ', 'A', 'b', 'a'] } }),
    );
    expect(prompt.metadata.tags).toEqual(['code', 'a', 'b']);
  });

  it('coerces a numeric temperature string and accepts the inclusive bounds', () => {
    expect(parsePrompt(text({ metadata: { temperature: '0.5' } })).metadata.temperature).toBe(0.5);
    expect(parsePrompt(text({ metadata: { temperature: 0 } })).metadata.temperature).toBe(0);
    expect(parsePrompt(text({ metadata: { temperature: 2 } })).metadata.temperature).toBe(2);
  });

  it('accepts a Date or a bare date for timestamps and keeps ISO strings', () => {
    const prompt = parsePrompt(
      text({ created_at: new Date('2024-05-01T10:00:00Z'), updated_at: '2024-01-01' }),
    );
    expect(prompt.created_at).toBe('2024-05-01T10:00:00.000Z');
    expect(prompt.updated_at).toBe('2024-01-01T00:00:00');
  });

  it('keeps a timestamp with microseconds exactly as written', () => {
    const prompt = parsePrompt(text({ created_at: '2025-11-26T22:42:52.450262' }));
    expect(prompt.created_at).toBe('2025-11-26T22:42:52.450262');
  });

  it('returns a fresh object that shares nothing with the input', () => {
    const input = text({ metadata: { custom: { deep: { x: 1 } }, extra: [{ y: 2 }] } });
    const prompt = parsePrompt(input);
    const metadata = input.metadata as { custom: { deep: { x: number } }; extra: { y: number }[] };
    metadata.custom.deep.x = 99;
    metadata.extra[0]!.y = 99;
    (input.template as { content: string }).content = 'changed';
    expect(prompt.metadata.custom).toEqual({ deep: { x: 1 } });
    expect(prompt.metadata.extra).toEqual([{ y: 2 }]);
    expect(prompt.template?.content).toBe('Hello {{name}}!');
  });

  it('accepts Unicode identifiers and Python keywords as variable names', () => {
    const prompt = parsePrompt(
      text({ template: { content: 'x', variables: ['名前', '_x1', 'class'] } }),
    );
    expect(prompt.template?.variables).toEqual(['名前', '_x1', 'class']);
  });

  it('does not identifier-check chat variables (as in the seed)', () => {
    const prompt = parsePrompt(
      chat({ chat_template: { messages: [{ role: 'user', content: 'x' }], variables: ['a-b'] } }),
    );
    expect(prompt.chat_template?.variables).toEqual(['a-b']);
  });
});

describe('parsePrompt rules', () => {
  it('requires a mapping', () => {
    expectIssue(['id'], '', 'type', 'must be a mapping');
    expectIssue(null, '', 'type');
  });

  it('requires id and format', () => {
    expectIssue({ template: { content: 'x' } }, 'id', 'required');
    expectIssue({ id: 'x', template: { content: 'x' } }, 'format', 'required');
  });

  it('rejects ids with path tricks or spaces and says what is allowed', () => {
    expectIssue(text({ id: '../etc/passwd' }), 'id', 'pattern', "letters, digits, '_', '.' or '-'");
    expectIssue(text({ id: 'has space' }), 'id', 'pattern');
    expectIssue(text({ id: 'x'.repeat(129) }), 'id', 'pattern');
    expect(parsePrompt(text({ id: 'ok.name-1_x' })).id).toBe('ok.name-1_x');
  });

  it('rejects enum values in the wrong case', () => {
    expectIssue(text({ format: 'TEXT' }), 'format', 'enum', "'text', 'chat'");
    expectIssue(text({ status: 'Active' }), 'status', 'enum');
    expectIssue(
      chat({ chat_template: { messages: [{ role: 'System', content: 'x' }] } }),
      'chat_template.messages.0.role',
      'enum',
    );
  });

  it('rejects versions that are not MAJOR.MINOR.PATCH strings', () => {
    expectIssue(text({ version: 1.0 }), 'version', 'type', 'quote it');
    expectIssue(text({ version: '1.0' }), 'version', 'pattern');
    expectIssue(text({ version: '1.0.0-beta' }), 'version', 'pattern');
    expectIssue(text({ version: 'v1.0.0' }), 'version', 'pattern');
    expect(parsePrompt(text({ version: '01.2.3' })).version).toBe('01.2.3');
    expectIssue(text({ version: '99999999999999999999.0.0' }), 'version', 'pattern', 'too large');
  });

  it('rejects a uid that is not a UUID', () => {
    expectIssue(text({ uid: 'not-a-uuid' }), 'uid', 'uuid');
    expect(parsePrompt(text({ uid: 'E3960ACA-BFE7-4C16-A3C6-68F4F5E757AF' })).uid).toBe(
      'e3960aca-bfe7-4c16-a3c6-68f4f5e757af',
    );
  });

  it('rejects empty or whitespace-only template and message content', () => {
    expectIssue(
      text({ template: { content: '  \n ' } }),
      'template.content',
      'not_empty',
      'Template content cannot be empty',
    );
    expectIssue(
      chat({ chat_template: { messages: [{ role: 'user', content: ' ' }] } }),
      'chat_template.messages.0.content',
      'not_empty',
      'Message content cannot be empty',
    );
    expectIssue(
      chat({ chat_template: { messages: [{ role: 'user', content: 5 }] } }),
      'chat_template.messages.0.content',
      'type',
    );
  });

  it('numbers messages from 1 in the message, as the editor shows them (details stay 0-based)', () => {
    const messages = [
      { role: 'system', content: 'S' },
      { role: 'user', content: ' ' },
    ];
    const error = caught(() => parsePrompt(chat({ chat_template: { messages } }), 'the editor'));
    expect(error.message).toBe(
      'the editor: invalid prompt: message 2, content: Message content cannot be empty [not_empty]',
    );
    expect((error.details?.issues as FieldIssue[])[0]?.path).toBe(
      'chat_template.messages.1.content',
    );
  });

  it('requires at least one chat message', () => {
    expectIssue(
      chat({ chat_template: { messages: [] } }),
      'chat_template.messages',
      'min_items',
      'at least one message',
    );
  });

  it('rejects text variable names that are not Python identifiers', () => {
    for (const bad of ['a-b', '123invalid', 'user.name', '']) {
      expectIssue(
        text({ template: { content: 'x', variables: [bad] } }),
        'template.variables.0',
        'identifier',
        'valid Python identifiers',
      );
    }
  });

  it('rejects temperatures outside 0..2 and non-numeric ones', () => {
    expectIssue(text({ metadata: { temperature: 2.01 } }), 'metadata.temperature', 'range');
    expectIssue(text({ metadata: { temperature: -0.1 } }), 'metadata.temperature', 'range');
    expectIssue(text({ metadata: { temperature: 'hot' } }), 'metadata.temperature', 'range');
  });

  it('requires max_tokens to be a whole number above zero', () => {
    expectIssue(text({ metadata: { max_tokens: 0 } }), 'metadata.max_tokens', 'positive_integer');
    expectIssue(text({ metadata: { max_tokens: 1.5 } }), 'metadata.max_tokens', 'positive_integer');
    expect(parsePrompt(text({ metadata: { max_tokens: 4000 } })).metadata.max_tokens).toBe(4000);
  });

  it('rejects null metadata, null tags and non-string tags', () => {
    expectIssue(text({ metadata: null }), 'metadata', 'type');
    expectIssue(text({ metadata: { tags: null } }), 'metadata.tags', 'type');
    expectIssue(text({ metadata: { tags: ['ok', 3] } }), 'metadata.tags.1', 'type');
  });

  it('rejects unknown top-level, template and message keys', () => {
    expectIssue(text({ description: 'x' }), 'description', 'unknown_key', 'not permitted');
    expectIssue(text({ template: { content: 'x', body: 'y' } }), 'template.body', 'unknown_key');
    expectIssue(
      chat({ chat_template: { messages: [{ role: 'user', content: 'x', tone: 1 }] } }),
      'chat_template.messages.0.tone',
      'unknown_key',
    );
  });

  it('requires template to be a mapping, not a string', () => {
    expectIssue(text({ template: 'Hello' }), 'template', 'type', 'must be a mapping');
  });

  it('rejects invalid timestamps', () => {
    expectIssue(text({ created_at: 'yesterday' }), 'created_at', 'datetime');
    expectIssue(text({ updated_at: '2024-02-30' }), 'updated_at', 'datetime');
  });

  it('applies the cross-field format rules with the format printed plainly', () => {
    expectIssue(
      { id: 'x', format: 'chat' },
      'chat_template',
      'format',
      'Chat format requires chat_template',
    );
    expectIssue(
      chat({ template: { content: 'x' } }),
      'template',
      'format',
      'Chat format cannot have both template and chat_template',
    );
    expectIssue({ id: 'x', format: 'text' }, 'template', 'format', 'text format requires template');
    expectIssue(
      text({ format: 'completion', chat_template: { messages: [{ role: 'user', content: 'x' }] } }),
      'chat_template',
      'format',
      'completion format cannot have chat_template',
    );
  });

  it('rejects prototype-reaching keys anywhere in the document', () => {
    const hostile = JSON.parse(
      '{"id":"x","format":"text","template":{"content":"x"},"metadata":{"custom":{"__proto__":{"polluted":true}}}}',
    );
    expectIssue(
      hostile,
      'metadata.custom.__proto__',
      'forbidden_key',
      "'__proto__' is not allowed",
    );
    expectIssue(text({ metadata: { constructor: 1 } }), 'metadata.constructor', 'forbidden_key');
    expectIssue(
      text({ metadata: { custom: { a: [{ prototype: 1 }] } } }),
      'metadata.custom.a.0.prototype',
      'forbidden_key',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects values that are not plain data', () => {
    expectIssue(text({ metadata: { custom: { fn: () => 1 } } }), 'metadata.custom.fn', 'type');
    expectIssue(text({ metadata: { custom: { map: new Map() } } }), 'metadata.custom.map', 'type');
  });

  it('rejects hostile nesting without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20_000; i += 1) deep = { a: deep };
    const issues = issuesOf(text({ metadata: { custom: deep } }));
    expect(issues.map((issue) => issue.rule)).toEqual(['depth']);
    expect(issues[0]?.message).toContain('nested deeper than 64 levels');
  });

  it('lists every problem and heads the message with the first, naming file, path and rule', () => {
    let caught: AppError | undefined;
    try {
      parsePrompt(
        { id: 'x', format: 'text', template: { content: ' ' }, metadata: { max_tokens: -1 } },
        'p/x.yaml',
      );
    } catch (error) {
      caught = error as AppError;
    }
    expect(caught?.message).toBe(
      'p/x.yaml: invalid prompt: template.content: Template content cannot be empty [not_empty] (and 1 more problem(s))',
    );
    expect(caught?.details).toMatchObject({ file: 'p/x.yaml' });
    expect((caught?.details?.issues as FieldIssue[]).map((issue) => issue.path)).toEqual([
      'template.content',
      'metadata.max_tokens',
    ]);
  });
});

describe('parsePrompt template checks', () => {
  function refusal(value: unknown, source?: string): AppError {
    try {
      parsePrompt(value, source);
    } catch (error) {
      return error as AppError;
    }
    return expect.unreachable('the document was accepted');
  }

  it.each([
    ['an unclosed block', 'Hi {{#if name}}there', 1, 21, 'unexpected end of template'],
    ['a stray close', 'Hi {{/if}}', 1, 4, "unexpected '{{/'"],
    ['an unfinished tag', 'Hi\n  {{invalid', 2, 5, 'unexpected'],
  ])(
    'refuses %s naming the prompt, the file, the line and the column',
    (_, content, line, column, reason) => {
      const error = refusal(text({ template: { content } }), 'prompts/greeting.yaml');
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain('prompts/greeting.yaml');
      expect(error.message).toContain("Prompt 'greeting'");
      expect(error.message).toContain(`line ${line}, column ${column}`);
      expect(error.message).toContain(reason);
      expect(error.details?.['issues']).toEqual([
        expect.objectContaining({
          path: 'template.content',
          rule: 'template_syntax',
          line,
          column,
        }),
      ]);
    },
  );

  it('explains a JSON brace after a tag: Handlebars reads }}} as a triple-stash close', () => {
    const [issue] = issuesOf(text({ template: { content: 'Reply as {"a": {{x}}}' } }));
    expect(issue).toMatchObject({ path: 'template.content', line: 1, column: 19 });
    expect(issue?.hint).toContain('triple-stash');
    expect(issue?.hint).toContain("put a space between them ('{{x}} }')");
    expect(issue?.message).toContain('triple-stash');
  });

  it('numbers a chat message from 1 in the text and from 0 in the details', () => {
    const messages = [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Q: {{#each items}}{{this}}' },
    ];
    const [issue] = issuesOf(chat({ chat_template: { messages } }));
    expect(issue).toMatchObject({
      path: 'chat_template.messages.1.content',
      rule: 'template_syntax',
      messageIndex: 1,
      line: 1,
    });
    expect(issue?.message).toMatch(/^Prompt 'support', message 2 \(user\): Parse error on line 1/);
  });

  it('refuses a template partial that does not parse, naming it', () => {
    const template = { content: '{{> row}}', partials: { row: '{{#if x}}' } };
    const [issue] = issuesOf(text({ template }));
    expect(issue).toMatchObject({ path: 'template.partials.row', rule: 'template_syntax' });
    expect(issue?.message).toContain("in partial 'row'");
  });

  it('refuses a construct the interpreter does not run, with its name and line', () => {
    const [issue] = issuesOf(text({ template: { content: 'ok\n{{* decorate}}' } }));
    expect(issue).toMatchObject({ rule: 'template_syntax', line: 2, column: 1 });
    expect(issue?.message).toContain("the decorator '{{*decorate}}'");
    expect(issue?.message).toContain('{{#*inline');
  });

  it('accepts inline partials and every supported construct', () => {
    const content = '{{#*inline "x"}}[{{name}}]{{/inline}}{{> x}}{{#each xs as |v|}}{{v}}{{/each}}';
    expect(parsePrompt(text({ template: { content } })).template?.content).toBe(content);
  });

  it('leaves templates unchecked when asked (a document only rendered)', () => {
    const document = text({ template: { content: 'Hi {{#if x}}' } });
    expect(parsePrompt(document, 'the editor', { templates: 'skip' }).id).toBe('greeting');
  });
});
