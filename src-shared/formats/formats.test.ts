import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';
import { renderTemplate } from '../template/nodeRender';
import { readDotprompt, writeDotprompt } from './dotprompt';
import { exportLibraryAs, readFormatFile } from './formatFiles';
import type { ConvertedFile } from './formatTypes';
import { readLangfuse, writeLangfuse } from './langfuse';
import { readPromptfoo, writePromptfoo } from './promptfoo';
import { readPrompty, writePrompty } from './prompty';

// Fixtures written for these tests from each format's documentation.
const OLD_PROMPTY = `---
name: Support Answer
description: Answers a customer question with context
authors:
  - Ada Lovelace
tags:
  - support
model:
  api: chat
  configuration:
    type: azure_openai
    azure_endpoint: \${env:AZURE_OPENAI_ENDPOINT}
    azure_deployment: gpt-4o-mini
  parameters:
    max_tokens: 512
    temperature: 0.2
    top_p: 0.9
inputs:
  firstName:
    type: string
    description: The customer's first name
  question:
    type: string
  tone:
    type: string
    default: friendly
sample:
  firstName: Jane
  question: Where is my order?
---
system:
You are a {{ tone }} assistant.
{% if firstName %}Address {{ firstName | upper }} by name.{% endif %}

user:
{{ question }}
`;

const NEW_PROMPTY = `---
name: basic
model:
  id: gpt-4o
  provider: openai
  options:
    temperature: 0.5
    maxOutputTokens: 200
inputSchema:
  properties:
    - name: topic
      kind: string
      description: What to write about
    - name: count
      kind: integer
      default: 3
template:
  format:
    kind: jinja2
---
system:
Write {{ count }} facts about {{ topic }}.
`;

const DOTPROMPT = `---
model: googleai/gemini-2.0-flash
config:
  temperature: 0.7
  maxOutputTokens: 400
  topK: 20
input:
  schema:
    name: string, the customer's name
    plan?(enum, the plan): [free, pro]
    items(array): string
  default:
    plan: free
output:
  format: json
  schema:
    reply: string
---
{{role "system"}}
You help {{name}} on the {{plan}} plan.
{{#each items}}- {{this}}
{{/each}}
{{role "user"}}
{{#ifEquals plan "pro"}}Priority please.{{/ifEquals}}
`;

const LANGFUSE = [
  {
    name: 'movie-critic',
    version: 1,
    type: 'text',
    prompt: 'As a {{criticLevel}} critic, review {{movie}}.',
    config: { model: 'gpt-4o', temperature: 0.3 },
    labels: ['staging'],
    tags: ['reviews'],
    commitMessage: 'First cut',
  },
  {
    name: 'movie-critic',
    version: 2,
    type: 'text',
    prompt:
      'As a {{criticLevel}} movie critic, review {{movie}}.{{#spoilers}} Spoilers allowed.{{/spoilers}}',
    config: { model: 'gpt-4o', temperature: 0.3, response_format: 'text' },
    labels: ['production', 'latest'],
    tags: ['reviews'],
    commitMessage: 'Say movie',
  },
];

const PROMPTFOO = `description: Translation checks
prompts:
  - label: translate
    raw: 'Translate into {{ language }}: {{ input }}'
  - file://prompts/chat.json
  - '[{"role": "system", "content": "You translate."}, {"role": "user", "content": "{{ input }}"}]'
providers:
  - openai:chat:gpt-4o-mini
  - id: anthropic:messages:claude-3-5-haiku-latest
    config:
      temperature: 0
tests:
  - description: French greeting
    vars:
      language: French
      input: Hello
    assert:
      - type: icontains
        value: bonjour
      - type: latency
        threshold: 3000
  - vars:
      language: German
      input: Thanks
    assert:
      - type: javascript
        value: output.length < 50
defaultTest:
  options:
    provider: openai:gpt-4o-mini
`;

function only(file: ConvertedFile): Prompt {
  expect(file.versions).toHaveLength(1);
  return (file.versions[0] as { prompt: Prompt }).prompt;
}

function lookupIn(schemas: ValidationSchema[]) {
  return (name: string) => schemas.find((schema) => schema.name === name);
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  return expect.unreachable('no refusal');
}

/** The fields both sides of a round trip have. */
function shared(prompt: Prompt) {
  return {
    id: prompt.id,
    format: prompt.format,
    template: prompt.template?.content,
    messages: prompt.chat_template?.messages.map(({ role, content }) => ({ role, content })),
    description: prompt.metadata.description,
    model: prompt.metadata.model_recommendations,
    temperature: prompt.metadata.temperature,
    max_tokens: prompt.metadata.max_tokens,
    input_schema: prompt.input_schema,
    output_schema: prompt.output_schema,
  };
}

describe('Prompty', () => {
  it('reads the older front matter, sections and inputs', () => {
    const file = readPrompty(OLD_PROMPTY, 'lib/support_answer.prompty');
    const prompt = only(file);
    expect(prompt.id).toBe('support_answer');
    expect(prompt.format).toBe('chat');
    expect(prompt.chat_template?.messages).toEqual([
      {
        role: 'system',
        content:
          'You are a {{tone}} assistant.\n{{#if firstName}}Address {{upper firstName}} by name.{{/if}}',
        name: null,
        function_call: null,
        tool_calls: null,
      },
      { role: 'user', content: '{{question}}', name: null, function_call: null, tool_calls: null },
    ]);
    expect(prompt.metadata).toMatchObject({
      description: 'Answers a customer question with context',
      author: 'Ada Lovelace',
      tags: ['support'],
      model_recommendations: ['gpt-4o-mini'],
      temperature: 0.2,
      max_tokens: 512,
    });
    expect(prompt.metadata.custom['prompty']).toMatchObject({
      name: 'Support Answer',
      parameters: { top_p: 0.9 },
      sample: { firstName: 'Jane' },
    });
    expect(prompt.input_schema).toBe('support_answer_input');
    const schema = file.schemas[0];
    expect(
      schema?.fields.map((field) => [field.name, field.type, field.required, field.default]),
    ).toEqual([
      ['firstName', 'string', true, undefined],
      ['question', 'string', true, undefined],
      ['tone', 'string', false, 'friendly'],
    ]);
  });

  it('reads the newer front matter', () => {
    const file = readPrompty(NEW_PROMPTY, 'basic.prompty');
    const prompt = only(file);
    expect(prompt.metadata).toMatchObject({
      model_recommendations: ['gpt-4o'],
      temperature: 0.5,
      max_tokens: 200,
    });
    expect(prompt.metadata.custom['prompty']).toMatchObject({ provider: 'openai' });
    expect(
      file.schemas[0]?.fields.map((field) => [
        field.name,
        field.type,
        field.required,
        field.default,
      ]),
    ).toEqual([
      ['topic', 'string', true, undefined],
      ['count', 'integer', false, 3],
    ]);
    expect(prompt.chat_template?.messages[0]?.content).toBe(
      'Write {{count}} facts about {{topic}}.',
    );
  });

  it('round-trips ours → Prompty → ours', () => {
    const file = readPrompty(OLD_PROMPTY, 'support_answer.prompty');
    const prompt = only(file);
    const written = writePrompty(prompt, lookupIn(file.schemas));
    const again = readPrompty(written, 'support_answer.prompty');
    expect(shared(only(again))).toEqual(shared(prompt));
    expect(only(again).metadata.custom).toEqual(prompt.metadata.custom);
    expect(again.schemas).toEqual(file.schemas);
  });

  it('refuses Jinja it cannot convert with the file line', () => {
    const source = OLD_PROMPTY.replace('{{ question }}', '{{ question | title }}');
    const error = refusal(() => readPrompty(source, 'a.prompty'));
    expect(error.message).toBe(
      "a.prompty: Jinja2 the filter 'title' has no Handlebars equivalent (line 36)",
    );
  });

  it('refuses Handlebars it cannot write with the message and line', () => {
    const prompt = only(readPrompty(OLD_PROMPTY, 'p.prompty'));
    const messages = prompt.chat_template?.messages ?? [];
    const changed = {
      ...prompt,
      chat_template: {
        variables: [],
        messages: [messages[0], { ...messages[1], content: 'Q:\n{{lookup answers question}}' }],
      },
    } as Prompt;
    const error = refusal(() =>
      writePrompty(changed, lookupIn(readPrompty(OLD_PROMPTY, 'p.prompty').schemas)),
    );
    expect(error.code).toBe('export_rule');
    expect(error.message).toContain("prompt 'p', message 2, line 2");
  });
});

describe('Dotprompt', () => {
  it('reads front matter, Picoschema with defaults and role markers', async () => {
    const file = await readDotprompt(DOTPROMPT, 'prompts/support.pro.prompt');
    const prompt = only(file);
    expect(prompt.id).toBe('support.pro');
    expect(prompt.metadata).toMatchObject({
      model_recommendations: ['googleai/gemini-2.0-flash'],
      temperature: 0.7,
      max_tokens: 400,
    });
    expect(prompt.metadata.custom).toEqual({
      dotprompt: { config: { topK: 20 }, output_format: 'json' },
    });
    expect(prompt.chat_template?.messages.map(({ role, content }) => [role, content])).toEqual([
      ['system', 'You help {{name}} on the {{plan}} plan.\n{{#each items}}- {{this}}\n{{/each}}'],
      ['user', '{{#if (eq plan "pro")}}Priority please.{{/if}}'],
    ]);
    const input = file.schemas.find((schema) => schema.name === 'support_pro_input');
    expect(
      input?.fields.map((field) => [
        field.name,
        field.type,
        field.required,
        field.nullable,
        field.default,
        field.description,
      ]),
    ).toEqual([
      ['name', 'string', true, false, undefined, "the customer's name"],
      ['plan', 'enum', false, false, 'free', 'the plan'],
      ['items', 'list', true, false, undefined, null],
    ]);
    expect(prompt.output_schema).toBe('support_pro_output');
  });

  it('refuses {{history}} with its line', async () => {
    const source = DOTPROMPT.replace('{{role "user"}}', '{{history}}\n{{role "user"}}');
    await expect(readDotprompt(source, 'a.prompt')).rejects.toMatchObject({
      code: 'invalid_input',
      message:
        'a.prompt: Dotprompt {{history}} (the conversation so far) has no equivalent here (line 23)',
    });
  });

  it('round-trips ours → Dotprompt → ours (Picoschema written back)', async () => {
    const file = await readDotprompt(
      DOTPROMPT.replace(
        '{{#ifEquals plan "pro"}}Priority please.{{/ifEquals}}',
        'Priority for {{name}}.',
      ),
      'support.prompt',
    );
    const prompt = only(file);
    const written = writeDotprompt(prompt, lookupIn(file.schemas));
    expect(written).toContain('plan?(enum, the plan):');
    const again = await readDotprompt(written, 'support.prompt');
    expect(shared(only(again))).toEqual(shared(prompt));
    expect(again.schemas).toEqual(file.schemas);
  });

  it('refuses our helpers Dotprompt lacks', () => {
    const file = readPrompty(OLD_PROMPTY, 'p.prompty');
    const error = refusal(() => writeDotprompt(only(file), lookupIn(file.schemas)));
    expect(error.message).toBe(
      "Dotprompt export cannot express the helper call {{upper …}} (prompt 'p', message 1, line 2)",
    );
  });
});

describe('Langfuse', () => {
  it('reads versions, labels, config and commit messages', () => {
    const file = readLangfuse(LANGFUSE, 'movie-critic.json');
    expect(file.versions.map(({ prompt, changelog }) => [prompt.version, changelog])).toEqual([
      ['1.0.0', 'First cut'],
      ['2.0.0', 'Say movie'],
    ]);
    const latest = file.versions[1]?.prompt as Prompt;
    expect(latest.template?.content).toBe(
      'As a {{criticLevel}} movie critic, review {{movie}}.{{#spoilers}} Spoilers allowed.{{/spoilers}}',
    );
    expect(latest.metadata).toMatchObject({
      tags: ['reviews'],
      model_recommendations: ['gpt-4o'],
      temperature: 0.3,
    });
    expect(latest.metadata.custom).toEqual({ langfuse: { config: { response_format: 'text' } } });
    // Labels are ours, not part of the version; `latest` is Langfuse's own and not kept.
    expect(file.labels).toEqual([
      { id: 'movie-critic', label: 'staging', version: '1.0.0' },
      { id: 'movie-critic', label: 'production', version: '2.0.0' },
    ]);
    expect(
      renderTemplate(latest.template?.content ?? '', {
        criticLevel: 'harsh',
        movie: 'X',
        spoilers: true,
      }),
    ).toBe('As a harsh movie critic, review X. Spoilers allowed.');
  });

  it('round-trips theirs → ours → theirs and ours → theirs → ours', () => {
    const file = readLangfuse(LANGFUSE, 'movie-critic.json');
    const labels = Object.fromEntries(file.labels.map(({ label, version }) => [label, version]));
    const written = writeLangfuse(file.versions, {}, labels);
    expect(written).toEqual(LANGFUSE);
    const again = readLangfuse(written, 'movie-critic.json');
    expect(again.versions.map(({ prompt }) => shared(prompt))).toEqual(
      file.versions.map(({ prompt }) => shared(prompt)),
    );
  });

  it('refuses a label set on two versions of one prompt', () => {
    const twice = LANGFUSE.map((object) => ({ ...object, labels: ['production'] }));
    expect(refusal(() => readLangfuse(twice, 'critic.json')).message).toBe(
      "critic.json [1]: the label 'production' is on versions 1.0.0 and 2.0.0 of 'movie-critic'",
    );
  });

  it('refuses placeholders and helpers', () => {
    const chat = {
      name: 'c',
      type: 'chat',
      prompt: [
        { role: 'system', content: 'Hi' },
        { type: 'placeholder', name: 'history' },
      ],
    };
    expect(refusal(() => readLangfuse(chat, 'c.json')).message).toBe(
      "c.json message 2: a message placeholder ('history') has no equivalent here",
    );
    const prompt = only(readPrompty(OLD_PROMPTY, 'p.prompty'));
    expect(refusal(() => writeLangfuse([{ prompt, changelog: null }], {})).message).toBe(
      "Langfuse export cannot express the helper call {{upper …}} (prompt 'p' 1.0.0, message 1, line 2)",
    );
  });
});

describe('promptfoo', () => {
  it('reads inline prompts, providers and tests, and reports the rest', () => {
    const file = readPromptfoo(PROMPTFOO, 'evals/promptfooconfig.yaml');
    expect(file.versions.map(({ prompt }) => [prompt.id, prompt.format])).toEqual([
      ['translate', 'text'],
      ['evals_3', 'chat'],
    ]);
    const first = file.versions[0]?.prompt as Prompt;
    expect(first.template?.content).toBe('Translate into {{language}}: {{input}}');
    expect(first.metadata.model_recommendations).toEqual(['gpt-4o-mini']);
    expect(first.metadata.custom).toEqual({
      promptfoo: { providers: ['gpt-4o-mini', 'claude-3-5-haiku-latest'] },
    });
    expect(file.tests[0]?.cases).toEqual([
      {
        name: 'French greeting',
        vars: { language: 'French', input: 'Hello' },
        assert: [
          { type: 'icontains', value: 'bonjour' },
          { type: 'max-latency-ms', value: 3000 },
        ],
      },
    ]);
    expect(file.skipped).toEqual([
      { file: 'evals/promptfooconfig.yaml', item: 'defaultTest', reason: 'not imported' },
      {
        file: 'evals/promptfooconfig.yaml',
        item: 'prompts[1]',
        reason: 'prompt files (file://prompts/chat.json) are not read',
      },
      {
        file: 'evals/promptfooconfig.yaml',
        item: 'tests[1]',
        reason: "the assertion type 'javascript' is not supported",
      },
    ]);
  });

  it('gives the converted test cases to each prompt through the file dispatch', async () => {
    const file = await readFormatFile({ path: 'promptfooconfig.yaml', text: PROMPTFOO });
    expect(file?.tests.map((tests) => tests.id)).toEqual(['translate', 'promptfoo_3']);
    expect(file?.tests).toEqual(readPromptfoo(PROMPTFOO, 'promptfooconfig.yaml').tests);
    expect(file?.tests[0]?.cases.length).toBeGreaterThan(0);
  });

  it('keeps a test to the prompts its prompts: filter names, by label, id or prefix', () => {
    const config = [
      'prompts:',
      '  - { id: fact, label: "Math: facts", raw: "Fact about {{ n }}" }',
      '  - { label: story, raw: "Story about {{ n }}" }',
      'tests:',
      '  - { description: only facts, vars: { n: 1 }, prompts: ["Math:*"] }',
      '  - { description: only story, vars: { n: 2 }, prompts: [story] }',
      '  - { description: by id, vars: { n: 3 }, prompts: [fact] }',
      '  - { description: everyone, vars: { n: 4 } }',
      '',
    ].join('\n');
    const file = readPromptfoo(config, 'pf/promptfooconfig.yaml');
    expect(file.tests.map(({ id, cases }) => [id, cases.map((entry) => entry.name)])).toEqual([
      ['pf_1', ['only facts', 'by id', 'everyone']],
      ['story', ['only story', 'everyone']],
    ]);
  });

  it('writes test cases with our renamed assertions and reads them back for their prompt', () => {
    const prompt = readPromptfoo(PROMPTFOO, 'promptfooconfig.yaml').versions[0]?.prompt as Prompt;
    const cases = [
      {
        name: 'fast and French',
        vars: { language: 'French', input: 'Hi' },
        assert: [
          { type: 'icontains' as const, value: 'salut', weight: 2 },
          { type: 'max-cost-usd' as const, value: 0.01 },
        ],
      },
    ];
    const text = writePromptfoo([prompt], [{ id: prompt.id, cases }]);
    expect(text).toContain('type: cost');
    const back = readPromptfoo(text, 'promptfooconfig.yaml');
    expect(back.tests).toEqual([{ id: prompt.id, cases }]);
  });

  it('round-trips ours → promptfoo → ours', () => {
    const file = readPromptfoo(PROMPTFOO, 'promptfooconfig.yaml');
    const prompts = file.versions.map(({ prompt }) => ({
      ...prompt,
      id: prompt.id === 'translate' ? 'translate' : 'chat_one',
    }));
    const again = readPromptfoo(writePromptfoo(prompts), 'promptfooconfig.yaml');
    const keep = (prompt: Prompt) => ({
      ...shared(prompt),
      description: null,
      model: prompt.metadata.model_recommendations.slice(0, 1),
      temperature: null,
      max_tokens: null,
    });
    expect(again.versions.map(({ prompt }) => keep(prompt))).toEqual(prompts.map(keep));
  });
});

describe('export by format', () => {
  it('names files per format and puts every Langfuse version in one file', () => {
    const file = readLangfuse(LANGFUSE[0], 'movie-critic.json');
    const versions = file.versions;
    const library = {
      prompts: [{ current: versions[0]?.prompt as Prompt, versions }],
      schemas: [],
      partials: {},
    };
    expect(exportLibraryAs('langfuse', library).map((out) => out.path)).toEqual([
      'movie-critic.json',
    ]);
    expect(exportLibraryAs('prompty', library).map((out) => out.path)).toEqual([
      'movie-critic.prompty',
    ]);
    expect(exportLibraryAs('dotprompt', library).map((out) => out.path)).toEqual([
      'movie-critic.prompt',
    ]);
    expect(exportLibraryAs('promptfoo', library).map((out) => out.path)).toEqual([
      'promptfooconfig.yaml',
    ]);
  });
});
