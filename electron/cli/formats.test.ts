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
    expect(report).toMatchObject({
      files: 4,
      prompts: 4,
      versions: 5,
      schemas: 2,
      tests: 1,
      labels: 1,
    });
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

describe('labels and test cases through other tools’ formats', () => {
  it('makes Langfuse labels ours on import and writes ours (and latest) back on export', async () => {
    const { box } = await importedBox();
    const labels = JSON.parse((await box.pwb('label', 'list', 'critic', '--json')).stdout);
    expect(labels.map((entry: { label: string; version: string }) => entry)).toMatchObject([
      { label: 'production', version: '2.0.0' },
    ]);
    // The document keeps no copy of the labels: they move without a new version.
    const shown = JSON.parse((await box.pwb('show', 'critic', '--json')).stdout);
    expect(JSON.stringify(shown.metadata.custom)).not.toContain('production');

    expect((await box.pwb('label', 'set', 'critic', 'staging', '1.0.0')).code).toBe(0);
    const out = join(box.dir, 'out');
    expect((await box.pwb('export', out, '--format', 'langfuse')).code).toBe(0);
    const written = JSON.parse(readFileSync(join(out, 'critic.json'), 'utf8'));
    expect(written.map((object: { version: number; labels: string[] }) => object.labels)).toEqual([
      ['staging'],
      ['production', 'latest'],
    ]);

    // Back into another library: the labels arrive with the versions.
    const again = cliSandbox();
    const run = await again.pwb('import', join(out, 'critic.json'));
    expect(run.stdout).toBe('Imported 1 prompt(s), 2 version(s), 0 schema(s), 2 label(s).\n');
    const back = JSON.parse((await again.pwb('label', 'list', 'critic', '--json')).stdout);
    expect(
      back.map(({ label, version }: { label: string; version: string }) => [label, version]),
    ).toEqual([
      ['production', '2.0.0'],
      ['staging', '1.0.0'],
    ]);
  });

  it('reports a Langfuse label our names cannot hold instead of importing it', async () => {
    const box = cliSandbox();
    const file = join(box.dir, 'odd.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'odd', type: 'text', prompt: 'Hi', labels: ['Prod Team', 'staging'] }),
    );
    const report = JSON.parse((await box.pwb('import', file, '--json')).stdout);
    expect(report.labels).toBe(1);
    expect(report.skipped).toEqual([
      {
        file: expect.stringMatching(/odd\.json$/),
        item: "label 'Prod Team'",
        reason: 'label names are a lower-case letter, then lower-case letters, digits, _ or -',
      },
    ]);
  });

  it('writes each prompt’s test cases into the promptfoo config, kept to that prompt', async () => {
    const box = cliSandbox();
    const folder = writeFiles(join(box.dir, 'lib'), {
      'greet.yaml': 'id: greet\nformat: text\ntemplate:\n  content: "Hello {{name}}"\n',
      'bye.yaml': 'id: bye\nformat: text\ntemplate:\n  content: "Bye {{name}}"\n',
      'greet.tests.yaml': [
        'tests:',
        '  - name: greets Ada',
        '    vars: { name: Ada }',
        '    assert:',
        '      - { type: icontains, value: ada }',
        '      - { type: max-latency-ms, value: 2000 }',
        '',
      ].join('\n'),
    });
    expect((await box.pwb('import', folder)).code).toBe(0);
    const out = join(box.dir, 'pf');
    expect((await box.pwb('export', out, '--format', 'promptfoo')).code).toBe(0);
    const config = readFileSync(join(out, 'promptfooconfig.yaml'), 'utf8');
    expect(config).toContain('threshold: 2000');
    expect(config).toContain('- greet');

    const again = cliSandbox();
    expect((await again.pwb('import', out)).code).toBe(0);
    const greet = JSON.parse((await again.pwb('tests', 'list', 'greet', '--json')).stdout);
    expect(greet).toEqual([
      {
        name: 'greets Ada',
        vars: { name: 'Ada' },
        assert: [
          { type: 'icontains', value: 'ada' },
          { type: 'max-latency-ms', value: 2000 },
        ],
      },
    ]);
    // The filter keeps the case to its prompt: bye has none.
    expect(JSON.parse((await again.pwb('tests', 'list', 'bye', '--json')).stdout)).toEqual([]);
  });

  it('refuses an assertion promptfoo cannot express, and writes nothing', async () => {
    const box = cliSandbox();
    const folder = writeFiles(join(box.dir, 'lib'), {
      'greet.yaml': 'id: greet\nformat: text\ntemplate:\n  content: "Hello {{name}}"\n',
      'greet.tests.yaml':
        'tests:\n  - name: short\n    vars: {}\n    assert:\n      - { type: max-output-tokens, value: 5 }\n',
    });
    expect((await box.pwb('import', folder)).code).toBe(0);
    const out = join(box.dir, 'pf');
    const run = await box.pwb('export', out, '--format', 'promptfoo');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "pwb: promptfoo export cannot express the assertion type 'max-output-tokens' (prompt 'greet', test case 'short')\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a prompt id ending in .tests, which names a test case file', async () => {
    const box = cliSandbox();
    const file = join(box.dir, 'x.yaml');
    writeFileSync(file, 'id: checkout.tests\nformat: text\ntemplate:\n  content: Hi\n');
    const run = await box.pwb('import', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "id 'checkout.tests' is not allowed: ids ending in '.tests' name test case files (<id>.tests.yaml)",
    );
    expect(JSON.parse((await box.pwb('list', '--json')).stdout)).toEqual([]);
  });
});
