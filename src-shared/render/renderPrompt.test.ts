import { describe, expect, it } from 'vitest';
import {
  seedPrompt,
  seedRenderContext as context,
  seedSchemas,
} from '../../electron/testKit/seedExamples';
import { caught } from '../testKit/caught';
import type { Prompt } from '../model/prompt';
import { parsePrompt } from '../model/validatePrompt';
import { parseValidationSchema } from '../model/validateSchemaFile';
import { outputRequirementsBlock } from '../schema';
import { renderPrompt, requiredVariables } from './renderPrompt';
import { validateOutput } from './validateOutput';

function textPrompt(content: string, extra: Record<string, unknown> = {}): Prompt {
  return parsePrompt({ id: 'inline', format: 'text', template: { content }, ...extra });
}

function chatPrompt(
  messages: { role: string; content: string }[],
  extra: Record<string, unknown> = {},
) {
  return parsePrompt({ id: 'inline_chat', format: 'chat', chat_template: { messages }, ...extra });
}

const greetingSchema = parseValidationSchema({
  name: 'greeting_input',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'title', type: 'string', required: false, default: 'friend' },
    { name: 'note', type: 'string', required: false, nullable: true },
  ],
});

const longText = 'Some text to summarise. '.repeat(6);

describe('renderPrompt', () => {
  it('renders the seed greeting as text', () => {
    const out = renderPrompt(
      seedPrompt('greeting'),
      { name: 'Alice', role: 'Developer' },
      context(),
    );
    expect(out).toEqual({
      kind: 'text',
      text: 'Hello Alice! Welcome to our platform. Your role is Developer.',
      messages: [],
      variables: { name: 'Alice', role: 'Developer' },
      outputSchema: null,
    });
  });

  it('renders the seed customer_support chat as messages and as role-prefixed text', () => {
    const variables = { company: 'Acme', customer_query: 'Where is my order?' };
    const out = renderPrompt(seedPrompt('customer_support'), variables, context());
    expect(out.kind).toBe('chat');
    expect(out.messages).toEqual([
      {
        role: 'system',
        content:
          'You are a helpful customer support agent for Acme. Be professional and empathetic.',
      },
      { role: 'user', content: 'Where is my order?' },
    ]);
    expect(out.text).toBe(
      'system: You are a helpful customer support agent for Acme. Be professional and empathetic.' +
        '\n\nuser: Where is my order?',
    );
  });

  it('fills input-schema defaults before rendering and returns the validated variables', () => {
    const prompt = seedPrompt('code_review');
    const out = renderPrompt(
      prompt,
      { language: 'python', code: 'print("hello world")' },
      context(),
    );
    expect(out.variables).toEqual({
      language: 'python',
      code: 'print("hello world")',
      focus_areas: [],
    });
    expect(out.messages[1]?.content).toContain('Focus areas: \n');
  });

  it('lets a nullable input field render as empty text, but not a required one', () => {
    const prompt = textPrompt('Hi {{title}} {{name}}.{{note}}', { input_schema: 'greeting_input' });
    const ctx = context({}, [greetingSchema]);
    expect(renderPrompt(prompt, { name: 'Bo', note: null }, ctx).text).toBe('Hi friend Bo.');
    const error = caught(() => renderPrompt(prompt, { name: null }, ctx));
    expect(error.code).toBe('schema_violation');
  });

  it('propagates input-schema violations with their issues', () => {
    const error = caught(() =>
      renderPrompt(seedPrompt('code_review'), { language: 'cobol', code: 'x' }, context()),
    );
    expect(error.code).toBe('schema_violation');
    const issues = (error.details as { issues: { path: string }[] }).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['code', 'language']);
  });

  it('skips the input schema when validateInput is false', () => {
    const prompt = textPrompt('Hi {{name}}', { input_schema: 'greeting_input' });
    const out = renderPrompt(prompt, { name: 'Bo', extra: 1 }, context({}, [greetingSchema]), {
      validateInput: false,
    });
    expect(out.text).toBe('Hi Bo');
    expect(out.variables).toEqual({ name: 'Bo', extra: 1 });
  });

  it('refuses an input schema that is not in the library', () => {
    const prompt = textPrompt('Hi {{name}}', { input_schema: 'nope' });
    const error = caught(() => renderPrompt(prompt, { name: 'x' }, context()));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe("Input schema 'nope' of prompt 'inline' is not in the library");
  });

  it('appends the output requirements to a text prompt after a blank line', () => {
    const prompt = textPrompt('Summarise: {{text}}', {
      output_schema: 'text_summarization_output',
    });
    const ctx = context();
    const out = renderPrompt(prompt, { text: 'abc' }, ctx);
    const schema = seedSchemas().find((s) => s.name === 'text_summarization_output');
    expect(out.text).toBe(`Summarise: abc\n\n${outputRequirementsBlock(schema!)}`);
    expect(out.text).toContain('# Output Requirements');
    expect(out.outputSchema).toBe('text_summarization_output');
  });

  it('appends the output requirements to the last user message of a chat, and to its text', () => {
    const variables = { content_type: 'article', length: 'brief', text: longText };
    const out = renderPrompt(seedPrompt('text_summarization'), variables, context());
    const last = out.messages[out.messages.length - 1];
    expect(last?.role).toBe('user');
    expect(last?.content).toMatch(/\n\n# Output Requirements\n/);
    expect(out.messages[0]?.content).not.toContain('# Output Requirements');
    expect(out.text.endsWith(last?.content ?? '?')).toBe(true);
  });

  it('gives a chat without user messages a user message carrying the requirements', () => {
    const prompt = chatPrompt([{ role: 'system', content: 'S' }], {
      output_schema: 'text_summarization_output',
    });
    const out = renderPrompt(prompt, {}, context());
    expect(out.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(out.messages[1]?.content).toMatch(/^# Output Requirements/);
  });

  it('refuses an output schema that is not in the library', () => {
    const prompt = textPrompt('x', { output_schema: 'missing_out' });
    const error = caught(() => renderPrompt(prompt, {}, context()));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(
      "Output schema 'missing_out' of prompt 'inline' is not in the library",
    );
  });

  it("uses library partials, with the prompt's own partials winning a name clash", () => {
    const prompt = textPrompt('{{> header}} {{> footer}}', {
      template: { content: '{{> header}} {{> footer}}', partials: { header: 'Own {{name}}' } },
    });
    const ctx = context({ header: 'Library header', footer: 'Library footer' });
    expect(renderPrompt(prompt, { name: 'N' }, ctx).text).toBe('Own N Library footer');
  });

  it('renders library partials inside chat messages', () => {
    const prompt = chatPrompt([{ role: 'user', content: '{{> ask}}' }]);
    const out = renderPrompt(prompt, { q: 'why?' }, context({ ask: 'Question: {{q}}' }));
    expect(out.messages).toEqual([{ role: 'user', content: 'Question: why?' }]);
  });

  it('reports a missing variable as a render error naming it', () => {
    const error = caught(() => renderPrompt(seedPrompt('greeting'), { name: 'A' }, context()));
    expect(error.code).toBe('template_render');
    expect(error.message).toContain("'role'");
  });

  it('names every missing variable of a chat prompt at once, each with its message', () => {
    const prompt = chatPrompt([
      { role: 'system', content: 'You work for {{company}}.' },
      { role: 'user', content: '{{#if urgent}}URGENT {{/if}}{{customer}} asks: {{ticket}}' },
    ]);
    const error = caught(() => renderPrompt(prompt, {}, context()));
    expect(error.code).toBe('template_render');
    // `if` reads a missing value as false: only what the output needs is named.
    expect(error.message).toBe("Could not find variables 'company', 'customer' and 'ticket'");
    expect(error.details).toMatchObject({
      variable: 'company',
      messageIndex: 0,
      missing: [
        { variable: 'company', messageIndex: 0, line: 1, column: 16 },
        { variable: 'customer', messageIndex: 1 },
        { variable: 'ticket', messageIndex: 1 },
      ],
    });
  });

  it('keeps the seed wording for one missing variable, and stops at a missing property', () => {
    const one = caught(() => renderPrompt(textPrompt('Hi {{name}}'), {}, context()));
    expect(one.message).toBe("Could not find variable 'name'");
    expect(one.details?.['missing']).toBeUndefined();
    const nested = caught(() =>
      renderPrompt(textPrompt('{{user.name}} {{user.role}} {{x}}'), { user: {} }, context()),
    );
    expect(nested.message).toBe("Could not find variable 'user.name'");
  });

  it('says to add the field when a strict input schema refuses the template’s own variable', () => {
    const strict = parseValidationSchema({
      name: 'strict_input',
      strict: true,
      fields: [{ name: 'name', type: 'string' }],
    });
    const prompt = textPrompt('Hi {{name}}, {{mood}}', { input_schema: 'strict_input' });
    const error = caught(() =>
      renderPrompt(prompt, { name: 'Bo', mood: 'calm', other: 1 }, context({}, [strict])),
    );
    expect(error.code).toBe('schema_violation');
    const issues = (error.details as { issues: { path: string; message: string }[] }).issues;
    expect(issues.find((issue) => issue.path === 'mood')?.message).toBe(
      "The template uses 'mood', but the strict input schema 'strict_input' has no such field: add 'mood' to the schema (or turn off strict).",
    );
    // A variable the template does not use keeps the seed's words.
    expect(issues.find((issue) => issue.path === 'other')?.message).toBe(
      'Extra inputs are not permitted',
    );
    expect(error.message).toContain("add 'mood' to the schema");
  });
});

describe('requiredVariables', () => {
  it('lists the variables of a text template, through partials', () => {
    const prompt = textPrompt('{{greeting}} {{> sig}}');
    expect(requiredVariables(prompt, { sig: '{{company}}' })).toEqual(['company', 'greeting']);
  });

  it('lists the union of all chat messages, block parameters included', () => {
    expect(requiredVariables(seedPrompt('text_summarization'), {})).toEqual([
      'content_type',
      'focus',
      'length',
      'text',
    ]);
    expect(requiredVariables(seedPrompt('data_analysis'), {})).toEqual([
      'analysis_type',
      'datasets',
    ]);
  });
});

describe('validateOutput', () => {
  it('returns the validated output with defaults filled', () => {
    const prompt = seedPrompt('text_summarization');
    const value = validateOutput(prompt, { summary: 'A fine summary.' }, context());
    expect(value).toEqual({ summary: 'A fine summary.', key_points: [], word_count: null });
  });

  it('rejects output that breaks the schema', () => {
    const error = caught(() =>
      validateOutput(seedPrompt('text_summarization'), { summary: 'short' }, context()),
    );
    expect(error.code).toBe('schema_violation');
  });

  it("explains, in the seed's words, that a prompt without output_schema cannot validate", () => {
    const error = caught(() => validateOutput(seedPrompt('greeting'), {}, context()));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      "Prompt 'greeting' has no output_schema defined. Cannot validate output without a schema. Add an output_schema field to the prompt YAML file.",
    );
  });

  it('says when the output schema is not loaded', () => {
    const error = caught(() =>
      validateOutput(seedPrompt('text_summarization'), {}, context({}, [])),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(
      /^Output schema 'text_summarization_output' referenced by prompt 'text_summarization' is not loaded\./,
    );
  });
});
