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

describe('pwb import reads seed files whole', () => {
  const box = cliSandbox();
  const snapshot = (version: string, content: string) =>
    JSON.stringify({
      prompt: { id: 'notes', version, format: 'text', template: { content } },
      version,
      created_at: '2025-11-26T22:42:52.448065',
      created_by: 'ana',
      changelog: `From JSON ${version}`,
      parent_version: null,
      checksum: 'cd'.repeat(32),
    });
  const schema = (type: string) =>
    `schemas:\n- name: shared\n  fields:\n  - name: x\n    type: ${type}\n`;
  let report: Record<string, unknown>;

  beforeAll(async () => {
    writeTree(box.dir, {
      'lib/notes.yaml':
        'id: notes\nversion: 1.1.0\nformat: text\ntemplate:\n  content: Now {{x}}\n',
      'lib/notes/_versions/1.0.0.json': snapshot('1.0.0', 'Then {{x}}'),
      'lib/notes/_versions/1.1.0.json': snapshot('1.1.0', 'Disagrees {{x}}'),
      'lib/team.yaml': [
        'version: "3.0.0"',
        'metadata: {owner: platform, reviewed: 2025-01-01}',
        'prompts:',
        '- id: hello',
        '  format: text',
        '  template: {content: "Hello {{name}}"}',
        '',
      ].join('\n'),
      'lib/schemas/a.yaml': schema('string'),
      'lib/schemas/b.yaml': schema('integer'),
      'lib/README.md': '# notes',
      'lib/data/package.json': '{"name":"x"}',
      'lib/stray.hbs': '{{x}}',
    });
    const run = await box.pwb('import', join(box.dir, 'lib'), '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    report = JSON.parse(run.stdout) as Record<string, unknown>;
  });

  it('makes JSON snapshots versions, with their changelog and author', async () => {
    expect(report).toMatchObject({ prompts: 2, versions: 3, schemas: 1 });
    const history = JSON.parse((await box.pwb('history', 'notes', '--json')).stdout);
    expect(history).toEqual([
      expect.objectContaining({ version: '1.1.0', changelog: null }),
      expect.objectContaining({ version: '1.0.0', changelog: 'From JSON 1.0.0', author: 'ana' }),
    ]);
    const old = await box.pwb('render', 'notes', '--version', '1.0.0', '--var', 'x=1');
    expect(old.stdout).toBe('Then 1');
  });

  it('reports a snapshot that disagrees with <id>.yaml as a conflict the YAML file wins', async () => {
    expect(report.conflicts).toEqual([
      {
        id: 'notes',
        version: '1.1.0',
        files: ['lib/notes.yaml', 'lib/notes/_versions/1.1.0.json'],
      },
    ]);
    expect((await box.pwb('render', 'notes', '--var', 'x=1')).stdout).toBe('Now 1');
  });

  it('reports a schema name clash as a conflict the last file in path order wins', async () => {
    expect(report.schema_conflicts).toEqual([
      { name: 'shared', files: ['lib/schemas/b.yaml', 'lib/schemas/a.yaml'] },
    ]);
    const bad = await box.pwbWithStdin('{"x":"text"}', 'validate', 'shared', '-');
    expect(bad.code).toBe(1);
    const good = await box.pwbWithStdin('{"x":3}', 'validate', 'shared', '-');
    expect(good.code).toBe(0);
  });

  it('lists every file it did not read, with the reason', () => {
    expect(report.skipped).toEqual([
      { file: 'lib/README.md', reason: expect.stringMatching(/^not a seed file/) },
      {
        file: 'lib/data/package.json',
        reason: expect.stringMatching(/not a seed version snapshot/),
      },
      { file: 'lib/stray.hbs', reason: expect.stringMatching(/inside a folder named partials/) },
    ]);
  });

  it('says the same in words without --json', async () => {
    const again = cliSandbox();
    const run = await again.pwb('import', join(box.dir, 'lib'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'conflict: schema shared differs between lib/schemas/b.yaml and lib/schemas/a.yaml (kept lib/schemas/b.yaml, the last in path order)\n',
    );
    expect(run.stdout).toMatch(/^skipped: lib\/README\.md: not a seed file/m);
  });

  it("keeps a bundle's metadata with its prompts, through export and a new import", async () => {
    const shown = JSON.parse((await box.pwb('show', 'hello', '--json')).stdout);
    expect(shown.metadata.bundle_metadata).toEqual({ owner: 'platform', reviewed: '2025-01-01' });
    const out = join(box.dir, 'out');
    expect((await box.pwb('export', out)).code).toBe(0);
    const again = cliSandbox();
    const run = await again.pwb('import', out, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({
      conflicts: [],
      schema_conflicts: [],
      skipped: [],
    });
    expect(JSON.parse((await again.pwb('show', 'hello', '--json')).stdout)).toEqual(shown);
    const history = JSON.parse((await again.pwb('history', 'notes', '--json')).stdout);
    expect(history[1]).toMatchObject({ changelog: 'From JSON 1.0.0', author: 'ana' });
  });
});
