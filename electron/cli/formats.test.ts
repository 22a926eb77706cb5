// `pwb import` of other tools' files and `pwb export --format`, end to end on a real library.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from './cliTestKit';

// Fixtures written for these tests from each format's documentation.
const PROMPTY = `---
name: Ticket Reply
description: Replies to a support ticket
authors: [Ada]
model:
  api: chat
  configuration:
    type: openai
    name: gpt-4o-mini
  parameters:
    temperature: 0.1
inputs:
  customer:
    type: string
    description: Who wrote in
  ticket:
    type: string
---
system:
You answer tickets for {{ customer }}.

user:
{% if ticket %}{{ ticket }}{% else %}No text.{% endif %}
`;

const DOTPROMPT = `---
model: googleai/gemini-2.0-flash
input:
  schema:
    topic: string, what to explain
---
Explain {{topic}} in one paragraph.
`;

const LANGFUSE = JSON.stringify([
  {
    name: 'critic',
    version: 1,
    type: 'text',
    prompt: 'Review {{movie}}.',
    config: {},
    labels: [],
    tags: ['film'],
    commitMessage: 'first',
  },
  {
    name: 'critic',
    version: 2,
    type: 'chat',
    prompt: [
      { role: 'system', content: 'You are a critic.' },
      { role: 'user', content: 'Review {{movie}}.' },
    ],
    config: { model: 'gpt-4o' },
    labels: ['production'],
    tags: ['film'],
    commitMessage: 'as chat',
  },
]);

const PROMPTFOO = `prompts:
  - label: summarize
    raw: 'Summarize: {{ text }}'
providers: [openai:chat:gpt-4o-mini]
tests:
  - vars: { text: Long text }
    assert:
      - type: contains
        value: text
`;

function writeFiles(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function importedBox() {
  const box = cliSandbox();
  const folder = writeFiles(join(box.dir, 'incoming'), {
    'ticket_reply.prompty': PROMPTY,
    'explain.short.prompt': DOTPROMPT,
    'critic.json': LANGFUSE,
    'promptfooconfig.yaml': PROMPTFOO,
  });
  const run = await box.pwb('import', folder, '--json');
  return { box, run };
}

describe('pwb import of other tools’ files', () => {
  it('reads Prompty, Dotprompt (variant as its own id), Langfuse versions and promptfoo prompts', async () => {
    const { box, run } = await importedBox();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ files: 4, prompts: 4, versions: 5, schemas: 2, tests: 1 });
    expect(report.skipped).toEqual([]);
    // promptfoo's tests become the test cases of the prompt they belong to.
    const cases = JSON.parse((await box.pwb('tests', 'list', 'summarize', '--json')).stdout);
    expect(cases).toMatchObject([
      { vars: { text: 'Long text' }, assert: [{ type: 'contains', value: 'text' }] },
    ]);
    const ticket = JSON.parse((await box.pwb('show', 'ticket_reply', '--json')).stdout);
    expect(ticket.chat_template.messages.map((m: { content: string }) => m.content)).toEqual([
      'You answer tickets for {{customer}}.',
      '{{#if ticket}}{{ticket}}{{else}}No text.{{/if}}',
    ]);
    expect(ticket.input_schema).toBe('ticket_reply_input');
    const rendered = await box.pwb(
      'render',
      'ticket_reply',
      '--var',
      'customer=Acme',
      '--var',
      'ticket=Help',
    );
    expect(JSON.parse(rendered.stdout)).toEqual([
      { role: 'system', content: 'You answer tickets for Acme.' },
      { role: 'user', content: 'Help' },
    ]);
    const explain = await box.pwb('render', 'explain.short', '--var', 'topic=tides');
    expect(explain.stdout).toBe('Explain tides in one paragraph.');
    const history = JSON.parse((await box.pwb('history', 'critic', '--json')).stdout);
    expect(
      history.map((entry: { version: string; changelog: string }) => [
        entry.version,
        entry.changelog,
      ]),
    ).toEqual([
      ['2.0.0', 'as chat'],
      ['1.0.0', 'first'],
    ]);
    const summarize = await box.pwb('render', 'summarize', '--var', 'text=abc');
    expect(summarize.stdout).toBe('Summarize: abc');
  });

  it('refuses a construct it cannot convert with the file and line, and writes nothing', async () => {
    const box = cliSandbox();
    const folder = writeFiles(join(box.dir, 'bad'), {
      'ok.prompt': DOTPROMPT,
      'macro.prompty': PROMPTY.replace('{{ customer }}', '{{ customer | title }}'),
    });
    const run = await box.pwb('import', folder);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "pwb: bad/macro.prompty: Jinja2 the filter 'title' has no Handlebars equivalent (line 20)\n",
    );
    expect(JSON.parse((await box.pwb('list', '--json')).stdout)).toEqual([]);
  });
});

describe('pwb export --format', () => {
  it('writes each format, and importing the export gives the same prompts back', async () => {
    const { box } = await importedBox();
    const originals: Record<string, unknown> = {};
    const keep = (doc: {
      template?: { content: string } | null;
      chat_template?: { messages: unknown[] } | null;
      input_schema?: string | null;
    }) => ({
      template: doc.template?.content ?? null,
      messages: doc.chat_template?.messages ?? null,
      input_schema: doc.input_schema ?? null,
    });
    for (const id of ['explain.short', 'critic', 'summarize']) {
      originals[id] = keep(JSON.parse((await box.pwb('show', id, '--json')).stdout));
    }
    const expected: Record<string, string[]> = {
      prompty: [
        'critic.prompty',
        'explain.short.prompty',
        'summarize.prompty',
        'ticket_reply.prompty',
      ],
      dotprompt: [
        'critic.prompt',
        'explain.short.prompt',
        'summarize.prompt',
        'ticket_reply.prompt',
      ],
      langfuse: ['critic.json', 'explain.short.json', 'summarize.json', 'ticket_reply.json'],
      promptfoo: ['promptfooconfig.yaml'],
    };
    for (const [format, names] of Object.entries(expected)) {
      const out = join(box.dir, `out-${format}`);
      // The ticket prompt's {{#if}}…{{else}} maps to every format (mustache sections too).
      const run = await box.pwb('export', out, '--format', format);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(names);
      const again = cliSandbox();
      expect((await again.pwb('import', out)).code).toBe(0);
      for (const id of format === 'promptfoo' ? ['summarize'] : ['explain.short', 'critic']) {
        const back = keep(JSON.parse((await again.pwb('show', id, '--json')).stdout));
        // Langfuse prompts have no input schema: the one field that side lacks.
        const original = originals[id] as ReturnType<typeof keep>;
        expect(back).toEqual(
          format === 'langfuse' ? { ...original, input_schema: null } : original,
        );
      }
    }
    expect(readFileSync(join(box.dir, 'out-prompty', 'ticket_reply.prompty'), 'utf8')).toContain(
      '{% if ticket %}{{ ticket }}{% else %}No text.{% endif %}',
    );
  });

  it('refuses a construct the format cannot express, with its line, and writes nothing', async () => {
    const box = cliSandbox();
    const file = join(box.dir, 'lookup.yaml');
    writeFileSync(
      file,
      'id: lookup\nformat: text\ntemplate:\n  content: "Hi\\n{{lookup names id}}"\n',
    );
    expect((await box.pwb('import', file)).code).toBe(0);
    const out = join(box.dir, 'never');
    const run = await box.pwb('export', out, '--format', 'prompty');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "pwb: Prompty export cannot express the helper call {{lookup …}} (prompt 'lookup', line 2)\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it('treats an unknown format as a usage error', async () => {
    const box = cliSandbox();
    const run = await box.pwb('export', join(box.dir, 'x'), '--format', 'word');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--format must be one of seed, prompty, dotprompt, langfuse, promptfoo',
    );
  });
});
