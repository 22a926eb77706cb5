import { execFileSync } from 'node:child_process';
import { load } from '@langchain/core/load';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatPromptTemplate, PromptTemplate } from '@langchain/core/prompts';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { seedPrompt, seedRenderContext as context } from '../../electron/testKit/seedExamples';
import { caught } from '../testKit/caught';
import type { Prompt } from '../model/prompt';
import { parsePrompt } from '../model/validatePrompt';
import { parseValidationSchema } from '../model/validateSchemaFile';
import { renderPrompt } from '../render/renderPrompt';
import { exportPrompt, PROVIDERS } from './index';
import type { LangChainConstructor } from './langchain';

function inline(doc: Record<string, unknown>): Prompt {
  return parsePrompt({ id: 'inline', ...doc });
}

async function langchainFormat(payload: unknown, variables: Record<string, unknown>) {
  const json = JSON.stringify(payload);
  const id = (payload as LangChainConstructor).id.at(-1);
  if (id === 'PromptTemplate') return (await load<PromptTemplate>(json)).format(variables);
  const messages: BaseMessage[] = await (
    await load<ChatPromptTemplate>(json)
  ).formatMessages(variables);
  return messages.map((message) => ({ type: message.getType(), content: message.content }));
}

const support = { company: 'Acme', customer_query: 'Where is my order?' };
const supportSystem =
  'You are a helpful customer support agent for Acme. Be professional and empathetic.';
const summaryInput = {
  content_type: 'article',
  length: 'brief',
  text: 'A long article about things. '.repeat(5),
};

describe('exportPrompt: OpenAI and LiteLLM', () => {
  it('exports the seed greeting as one user message', () => {
    const result = exportPrompt(
      'openai',
      seedPrompt('greeting'),
      { name: 'Alice', role: 'Developer' },
      context(),
    );
    expect(result.provider).toBe('openai');
    expect(result.payload).toEqual({
      messages: [
        { role: 'user', content: 'Hello Alice! Welcome to our platform. Your role is Developer.' },
      ],
    });
  });

  it("exports customer_support with the seed's messages and the metadata settings", () => {
    const result = exportPrompt('openai', seedPrompt('customer_support'), support, context());
    expect(result.payload).toEqual({
      model: 'gpt-4',
      temperature: 0.7,
      max_tokens: 2000,
      messages: [
        { role: 'system', content: supportSystem },
        { role: 'user', content: 'Where is my order?' },
      ],
    });
  });

  it('gives LiteLLM the same payload as OpenAI', () => {
    const prompt = seedPrompt('customer_support');
    expect(exportPrompt('litellm', prompt, support, context()).payload).toEqual(
      exportPrompt('openai', prompt, support, context()).payload,
    );
  });

  it('accepts completion and instruction prompts as one user message (the seed refused them)', () => {
    for (const format of ['completion', 'instruction']) {
      const prompt = inline({ format, template: { content: 'Do {{task}}.' } });
      for (const provider of ['openai', 'litellm'] as const) {
        expect(exportPrompt(provider, prompt, { task: 'it' }, context()).payload).toEqual({
          messages: [{ role: 'user', content: 'Do it.' }],
        });
      }
    }
  });

  it('keeps message names and the function/tool roles', () => {
    const prompt = inline({
      format: 'chat',
      chat_template: {
        messages: [
          { role: 'user', content: 'Q', name: 'alice' },
          { role: 'tool', content: 'R' },
        ],
      },
    });
    expect(exportPrompt('openai', prompt, {}, context()).payload).toEqual({
      messages: [
        { role: 'user', content: 'Q', name: 'alice' },
        { role: 'tool', content: 'R' },
      ],
    });
  });

  it('applies input-schema defaults, as render does', () => {
    const prompt = seedPrompt('code_review');
    const variables = { language: 'go', code: 'package main // ok' };
    const payload = exportPrompt('openai', prompt, variables, context()).payload as {
      messages: { content: string }[];
    };
    const rendered = renderPrompt(prompt, variables, context());
    expect(payload.messages.map((m) => m.content)).toEqual(rendered.messages.map((m) => m.content));
  });
});

describe('exportPrompt: Anthropic', () => {
  it("exports customer_support in the seed's shape, plus settings and max_tokens", () => {
    const result = exportPrompt('anthropic', seedPrompt('customer_support'), support, context());
    expect(result.payload).toEqual({
      model: 'claude-3-opus',
      max_tokens: 2000,
      temperature: 0.7,
      system: supportSystem,
      messages: [{ role: 'user', content: 'Where is my order?' }],
    });
  });

  it('exports a text prompt as one user message', () => {
    const result = exportPrompt(
      'anthropic',
      seedPrompt('greeting'),
      { name: 'A', role: 'B' },
      context(),
    );
    expect(result.payload).toEqual({
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Hello A! Welcome to our platform. Your role is B.' }],
    });
  });

  it('refuses non-alternating turns unless asked to merge them', () => {
    const prompt = inline({
      format: 'chat',
      chat_template: {
        messages: [
          { role: 'user', content: 'one' },
          { role: 'user', content: 'two' },
        ],
      },
    });
    const error = caught(() => exportPrompt('anthropic', prompt, {}, context()));
    expect(error.code).toBe('export_rule');
    expect(error.message).toContain(
      "Found consecutive 'user' messages at position 1 (prompt 'inline', message 2)",
    );
    const merged = exportPrompt('anthropic', prompt, {}, context(), { mergeConsecutive: true });
    expect((merged.payload as { messages: unknown }).messages).toEqual([
      { role: 'user', content: 'one\n\ntwo' },
    ]);
  });
});

describe('exportPrompt: LangChain', () => {
  it('exports a text prompt as a mustache PromptTemplate that LangChain formats like our render', async () => {
    const prompt = seedPrompt('greeting');
    const variables = { name: 'Alice', role: 'Developer' };
    const result = exportPrompt('langchain', prompt, variables, context());
    expect(result.payload).toEqual({
      lc: 1,
      type: 'constructor',
      id: ['langchain_core', 'prompts', 'prompt', 'PromptTemplate'],
      kwargs: {
        input_variables: ['name', 'role'],
        template: 'Hello {{{name}}}! Welcome to our platform. Your role is {{{role}}}.',
        template_format: 'mustache',
      },
    });
    expect(await langchainFormat(result.payload, variables)).toBe(
      renderPrompt(prompt, variables, context()).text,
    );
  });

  it('exports a chat prompt as a ChatPromptTemplate with system and human message templates', async () => {
    const result = exportPrompt('langchain', seedPrompt('customer_support'), support, context());
    const payload = result.payload as LangChainConstructor;
    expect(payload.id).toEqual(['langchain_core', 'prompts', 'chat', 'ChatPromptTemplate']);
    expect(payload.kwargs.input_variables).toEqual(['company', 'customer_query']);
    const messages = payload.kwargs.messages as LangChainConstructor[];
    expect(messages.map((m) => m.id.at(-1))).toEqual([
      'SystemMessagePromptTemplate',
      'HumanMessagePromptTemplate',
    ]);
    expect(messages[1]?.kwargs.prompt).toEqual({
      lc: 1,
      type: 'constructor',
      id: ['langchain_core', 'prompts', 'prompt', 'PromptTemplate'],
      kwargs: {
        input_variables: ['customer_query'],
        template: '{{{customer_query}}}',
        template_format: 'mustache',
      },
    });
    expect(await langchainFormat(payload, support)).toEqual([
      { type: 'system', content: supportSystem },
      { type: 'human', content: 'Where is my order?' },
    ]);
  });

  it('maps assistant to AI and tool/function to Human message templates', () => {
    const prompt = inline({
      format: 'chat',
      chat_template: {
        messages: [
          { role: 'user', content: 'u' },
          { role: 'assistant', content: 'a' },
          { role: 'tool', content: 't' },
          { role: 'function', content: 'f' },
        ],
      },
    });
    const payload = exportPrompt('langchain', prompt, {}, context())
      .payload as LangChainConstructor;
    expect((payload.kwargs.messages as LangChainConstructor[]).map((m) => m.id.at(-1))).toEqual([
      'HumanMessagePromptTemplate',
      'AIMessagePromptTemplate',
      'HumanMessagePromptTemplate',
      'HumanMessagePromptTemplate',
    ]);
  });

  it('keeps the seed loop as a mustache section that renders like Handlebars', async () => {
    const prompt = seedPrompt('data_analysis');
    const variables = {
      analysis_type: 'trend',
      datasets: [
        { name: 'sales', rows: 120 },
        { name: 'visits', rows: 3000 },
      ],
    };
    const payload = exportPrompt('langchain', prompt, variables, context()).payload;
    const user = (payload as LangChainConstructor).kwargs.messages as LangChainConstructor[];
    const template = (user[1]?.kwargs.prompt as LangChainConstructor).kwargs.template;
    expect(template).toContain('{{#datasets}}\n- {{{name}}}: {{{rows}}} rows\n{{/datasets}}');
    const rendered = renderPrompt(prompt, variables, context()).messages;
    expect(await langchainFormat(payload, variables)).toEqual([
      { type: 'system', content: rendered[0]?.content },
      { type: 'human', content: rendered[1]?.content },
    ]);
  });

  it('converts #if and appends the output requirements as literal text to the last user message', async () => {
    const prompt = seedPrompt('text_summarization');
    const variables = { ...summaryInput, focus: 'numbers' };
    const payload = exportPrompt('langchain', prompt, variables, context()).payload;
    const rendered = renderPrompt(prompt, variables, context()).messages;
    const formatted = (await langchainFormat(payload, variables)) as { content: string }[];
    expect(formatted.map((m) => m.content)).toEqual(rendered.map((m) => m.content));
    expect(formatted[1]?.content).toContain('# Output Requirements');
  });

  it('still checks the variables against the input schema', () => {
    const error = caught(() =>
      exportPrompt('langchain', seedPrompt('text_summarization'), { text: 'short' }, context()),
    );
    expect(error.code).toBe('schema_violation');
  });

  it('rejects Handlebars constructs mustache cannot express, naming them', () => {
    const prompt = inline({ format: 'text', template: { content: 'Hi\n{{upper name}}' } });
    const error = caught(() => exportPrompt('langchain', prompt, {}, context()));
    expect(error.code).toBe('export_rule');
    expect(error.message).toContain('line 2');
  });
});

describe('exportPrompt: shared rules', () => {
  const withPartials = inline({
    format: 'text',
    template: { content: '{{> intro}} {{> outro}}', partials: { intro: 'Hi {{name}},' } },
  });
  const ctx = context({ intro: 'library intro', outro: 'bye from {{team}}.' });
  const vars = { name: 'Al', team: 'Ops' };

  it('applies partials, prompt ones over library ones, in every exporter', async () => {
    const expected = 'Hi Al, bye from Ops.';
    for (const provider of ['openai', 'litellm'] as const) {
      const payload = exportPrompt(provider, withPartials, vars, ctx).payload;
      expect(payload).toEqual({ messages: [{ role: 'user', content: expected }] });
    }
    const anthropic = exportPrompt('anthropic', withPartials, vars, ctx).payload;
    expect(anthropic).toMatchObject({ messages: [{ role: 'user', content: expected }] });
    const langchain = exportPrompt('langchain', withPartials, vars, ctx).payload;
    expect((langchain as LangChainConstructor).kwargs.template).toBe(
      'Hi {{{name}}}, bye from {{{team}}}.',
    );
    expect(await langchainFormat(langchain, vars)).toBe(expected);
  });

  it('appends the output requirements in every exporter', () => {
    const prompt = inline({
      format: 'text',
      template: { content: 'Summarise.' },
      output_schema: 'text_summarization_output',
    });
    const rendered = renderPrompt(prompt, {}, context()).text;
    expect(exportPrompt('openai', prompt, {}, context()).payload).toEqual({
      messages: [{ role: 'user', content: rendered }],
    });
    expect(exportPrompt('anthropic', prompt, {}, context()).payload).toMatchObject({
      messages: [{ role: 'user', content: rendered }],
    });
    const langchain = exportPrompt('langchain', prompt, {}, context()).payload;
    expect((langchain as LangChainConstructor).kwargs.template).toBe(rendered);
  });

  it('refuses missing input and output schemas in every exporter', () => {
    const noInput = inline({ format: 'text', template: { content: 'x' }, input_schema: 'ghost' });
    const noOutput = inline({ format: 'text', template: { content: 'x' }, output_schema: 'ghost' });
    for (const provider of PROVIDERS) {
      expect(caught(() => exportPrompt(provider, noInput, {}, context())).message).toBe(
        "Input schema 'ghost' of prompt 'inline' is not in the library",
      );
      expect(caught(() => exportPrompt(provider, noOutput, {}, context())).code).toBe('not_found');
    }
  });

  it('applies nullable input fields the same way in every exporter', () => {
    const schema = parseValidationSchema({
      name: 'note_input',
      fields: [{ name: 'note', type: 'string', required: false, nullable: true }],
    });
    const prompt = inline({
      format: 'text',
      template: { content: 'Note:{{note}}' },
      input_schema: 'note_input',
    });
    const payload = exportPrompt('openai', prompt, { note: null }, context({}, [schema])).payload;
    expect(payload).toEqual({ messages: [{ role: 'user', content: 'Note:' }] });
  });

  it('refuses an unknown provider', () => {
    const error = caught(() =>
      exportPrompt('cohere' as never, seedPrompt('greeting'), { name: 'a', role: 'b' }, context()),
    );
    expect(error.code).toBe('invalid_input');
  });
});

describe('exportPrompt: snippets', () => {
  const hasPython = (() => {
    try {
      execFileSync('python3', ['--version']);
      return true;
    } catch {
      return false;
    }
  })();

  const results = PROVIDERS.map((provider) =>
    exportPrompt(provider, seedPrompt('customer_support'), support, context()),
  );

  it('names the SDK call of each provider', () => {
    const [openai, anthropic, langchain, litellm] = results;
    expect(openai?.snippets.python).toContain('client.chat.completions.create(**payload)');
    expect(anthropic?.snippets.python).toContain('client.messages.create(**payload)');
    expect(langchain?.snippets.python).toContain('from langchain_core.load import load');
    expect(langchain?.snippets.typescript).toContain("from '@langchain/core/load'");
    expect(litellm?.snippets.python).toContain('litellm.completion(model="gpt-4", **payload)');
  });

  it('embeds the payload in both languages', () => {
    for (const result of results) {
      expect(result.snippets.typescript).toContain(
        JSON.stringify(result.payload, null, 2).slice(0, 40),
      );
      expect(result.snippets.python).toContain('Where is my order?');
    }
  });

  it('writes TypeScript snippets that parse', () => {
    for (const result of results) {
      const file = ts.createSourceFile('s.ts', result.snippets.typescript, ts.ScriptTarget.ES2022);
      const diagnostics = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
      expect(diagnostics, result.provider).toEqual([]);
    }
  });

  it.runIf(hasPython)('writes Python snippets that parse', () => {
    const check = 'import ast, json, sys\nfor code in json.load(sys.stdin): ast.parse(code)';
    const input = JSON.stringify(results.map((result) => result.snippets.python));
    expect(() => execFileSync('python3', ['-c', check], { input, stdio: 'pipe' })).not.toThrow();
  });
});
