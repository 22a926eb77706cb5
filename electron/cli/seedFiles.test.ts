// Seed files read whole, through `pwb`: message keys, snapshots, schema clashes, bundle metadata.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from './cliTestKit';

/** Writes `files` (path → text) under `root`, creating folders. */
function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('chat message keys beyond role and content', () => {
  const box = cliSandbox();
  const toolCalls = [
    { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
  ];

  beforeAll(async () => {
    writeTree(box.dir, {
      'in/tools.yaml': [
        'id: tools',
        'format: chat',
        'chat_template:',
        '  messages:',
        '  - role: user',
        '    content: Find {{q}}',
        '    name: ana',
        '  - role: assistant',
        '    content: Looking it up',
        `    tool_calls: ${JSON.stringify(toolCalls)}`,
        '    function_call: {name: lookup, arguments: "{}"}',
        '  - role: tool',
        '    content: "{{answer}}"',
        '    tool_call_id: call_1',
        '',
      ].join('\n'),
    });
    const run = await box.pwb('import', join(box.dir, 'in'));
    expect(run.stderr).toBe('');
  });

  const vars = '{"q":"x","answer":"42"}';

  it('survive render untouched, beside the rendered content', async () => {
    const run = await box.pwb('render', 'tools', '--vars', vars);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { role: 'user', content: 'Find x', name: 'ana' },
      {
        role: 'assistant',
        content: 'Looking it up',
        tool_calls: toolCalls,
        function_call: { name: 'lookup', arguments: '{}' },
      },
      { role: 'tool', content: '42', tool_call_id: 'call_1' },
    ]);
  });

  it('survive the OpenAI and LiteLLM exports', async () => {
    for (const to of ['openai', 'litellm']) {
      const run = await box.pwb('convert', 'tools', '--to', to, '--vars', vars);
      expect(run.code).toBe(0);
      const messages = (JSON.parse(run.stdout) as { messages: unknown[] }).messages;
      expect(messages).toEqual([
        { role: 'user', content: 'Find x', name: 'ana' },
        {
          role: 'assistant',
          content: 'Looking it up',
          function_call: { name: 'lookup', arguments: '{}' },
          tool_calls: toolCalls,
        },
        { role: 'tool', content: '42', tool_call_id: 'call_1' },
      ]);
    }
  });

  it('survive show and a folder export', async () => {
    const shown = JSON.parse((await box.pwb('show', 'tools', '--json')).stdout);
    expect(shown.chat_template.messages[2].tool_call_id).toBe('call_1');
    const out = join(box.dir, 'out');
    expect((await box.pwb('export', out)).code).toBe(0);
    const again = cliSandbox();
    expect((await again.pwb('import', out)).code).toBe(0);
    expect(JSON.parse((await again.pwb('show', 'tools', '--json')).stdout)).toEqual(shown);
  });
});

describe('a range validator on a field of type any', () => {
  const box = cliSandbox();

  beforeAll(async () => {
    writeTree(box.dir, {
      'in/s.yaml': [
        'schemas:',
        '- name: scored',
        '  fields:',
        '  - name: score',
        '    type: any',
        '    validators:',
        '    - type: range',
        '      min_value: 1',
        '      max_value: 100',
        '  - name: bonus',
        '    type: any',
        '    required: false',
        '    nullable: true',
        '    validators:',
        '    - type: min_value',
        '      min_value: 0',
        '',
      ].join('\n'),
    });
    expect((await box.pwb('import', join(box.dir, 'in'))).code).toBe(0);
  });

  it('fails for the string "50", naming the field and saying a number is needed', async () => {
    const run = await box.pwbWithStdin('{"score":"50"}', 'validate', 'scored', '-');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('score');
    expect(run.stderr).toContain('must be a number between 1 and 100');
  });

  it('fails for a number out of range and for other non-numbers', async () => {
    for (const value of ['150', 'true', '[50]', '{"n":50}']) {
      const run = await box.pwbWithStdin(`{"score":${value}}`, 'validate', 'scored', '-');
      expect(run.code, value).toBe(1);
    }
  });

  it('passes a number in range, and null where the field is nullable', async () => {
    const run = await box.pwbWithStdin('{"score":50,"bonus":null}', 'validate', 'scored', '-');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ score: 50, bonus: null });
    const bad = await box.pwbWithStdin('{"score":50,"bonus":"1"}', 'validate', 'scored', '-');
    expect(bad.stderr).toContain('must be a number at least 0');
  });
});

describe('not-found errors for an id and a version', () => {
  const box = cliSandbox();

  beforeAll(async () => {
    writeTree(box.dir, {
      'in/x.yaml': 'id: x\nversion: 1.0.0\nformat: text\ntemplate:\n  content: Hi {{n}}\n',
    });
    expect((await box.pwb('import', join(box.dir, 'in'))).code).toBe(0);
  });

  it('name the version asked for, whether the prompt or only the version is missing', async () => {
    const cases = [
      [['show', 'x', '--version', '9.9.9'], "pwb: Prompt 'x' version '9.9.9' not found\n"],
      [['show', 'nope', '--version', '9.9.9'], "pwb: Prompt 'nope' version '9.9.9' not found\n"],
      [
        ['render', 'x', '--version', '9.9.9', '--var', 'n=1'],
        "pwb: Prompt 'x' version '9.9.9' not found\n",
      ],
      [['diff', 'x', '1.0.0', '2.0.0'], "pwb: Prompt 'x' version '2.0.0' not found\n"],
      [['show', 'nope'], "pwb: Prompt 'nope' not found\n"],
    ] as const;
    for (const [args, message] of cases) {
      const run = await box.pwb(...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(message);
    }
  });
});
