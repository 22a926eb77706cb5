import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundlePwb } from '../hardening/serveProcess';
import { SEED_EXAMPLES } from '../testKit/seedExamples';
import { cliSandbox } from './cliTestKit';

describe('pwb import of the seed examples', () => {
  const box = cliSandbox();
  let report: { prompts: number; versions: number; schemas: number; conflicts: unknown[] };

  beforeAll(async () => {
    const run = await box.pwb('import', SEED_EXAMPLES, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    report = JSON.parse(run.stdout);
  });

  it('reports 8 prompts, 11 schemas and the two conflicting examples', () => {
    expect(report.prompts).toBe(8);
    expect(report.schemas).toBe(11);
    const conflicts = report.conflicts as { id: string; version: string; files: string[] }[];
    expect(conflicts.map((c) => `${c.id}@${c.version}`).sort()).toEqual([
      'data_analysis@1.0.0',
      'greeting@1.0.0',
    ]);
    const greeting = conflicts.find((c) => c.id === 'greeting');
    expect(greeting?.files[0]).toMatch(/prompts\/greeting\.yaml$/);
  });

  it('lists the 8 prompts with their current versions', async () => {
    const run = await box.pwb('list', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { id: string; version: string }[];
    expect(rows.map((r) => `${r.id}@${r.version}`)).toEqual([
      'code_review@1.0.0',
      'customer_support@1.0.0',
      'data_analysis@1.0.0',
      'evolving_prompt@2.0.0',
      'greeting@1.0.0',
      'marketing_email@1.0.1',
      'simple_task@1.0.1',
      'text_summarization@1.0.0',
    ]);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      ['category', 'description', 'format', 'id', 'status', 'tags', 'version'].sort(),
    );
  });

  it('keeps the history of evolving_prompt, newest first', async () => {
    const run = await box.pwb('history', 'evolving_prompt', '--json');
    expect(run.code).toBe(0);
    const versions = (JSON.parse(run.stdout) as { version: string }[]).map((v) => v.version);
    expect(versions).toEqual(['2.0.0', '1.1.0', '1.0.0']);
  });

  it('renders the greeting exactly, with no added newline', async () => {
    const run = await box.pwb(
      'render',
      'greeting',
      '--var',
      'name=Alice',
      '--var',
      'role=Developer',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Hello Alice! Welcome to our platform. Your role is Developer.');
  });

  it('renders a chat prompt as a JSON array of messages', async () => {
    const run = await box.pwb(
      'render',
      'customer_support',
      '--vars',
      '{"company":"Acme","customer_query":"Where is my order?"}',
    );
    expect(run.code).toBe(0);
    const messages = JSON.parse(run.stdout) as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toContain('customer support agent for Acme');
    expect(messages[1]?.content).toBe('Where is my order?');
  });

  it('converts to the Anthropic shape with the system message lifted out', async () => {
    const run = await box.pwb(
      'convert',
      'customer_support',
      '--to',
      'anthropic',
      '--vars',
      '{"company":"Acme","customer_query":"Where is my order?"}',
    );
    expect(run.code).toBe(0);
    const payload = JSON.parse(run.stdout) as { system: string; messages: unknown[] };
    expect(payload.system).toContain('customer support agent for Acme');
    expect(payload.messages).toEqual([{ role: 'user', content: 'Where is my order?' }]);
  });

  it('converts a text prompt to one OpenAI user message', async () => {
    const run = await box.pwb(
      'convert',
      'greeting',
      '--to',
      'openai',
      '--vars',
      '{"name":"A","role":"B"}',
    );
    expect(run.code).toBe(0);
    const payload = JSON.parse(run.stdout) as { messages: unknown[] };
    expect(payload.messages).toEqual([
      { role: 'user', content: 'Hello A! Welcome to our platform. Your role is B.' },
    ]);
  });

  it('names a missing variable in one line on stderr, exit 1', async () => {
    const run = await box.pwb('render', 'greeting', '--var', 'name=Alice');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pwb: .*Could not find variable 'role'/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('applies the input schema on render and reports violations', async () => {
    const run = await box.pwb(
      'render',
      'code_review',
      '--vars',
      '{"language":"cobol","code":"print(1)  # long enough"}',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('language');
  });

  it('validates data against a schema from a file and from stdin', async () => {
    const good = join(box.dir, 'address.json');
    writeFileSync(
      good,
      JSON.stringify({
        street: '1 Main Street',
        city: 'Springfield',
        state: 'IL',
        postal_code: '62704',
      }),
    );
    const ok = await box.pwb('validate', 'address', good);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ country: 'US', state: 'IL' });
    const bad = await box.pwbWithStdin(
      JSON.stringify({
        street: '1 Main Street',
        city: 'Springfield',
        state: 'Illinois',
        postal_code: 'x',
      }),
      'validate',
      'address',
      '-',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('state');
    expect(bad.stderr).toContain('postal_code');
  });

  it('shows a prompt as a seed document and as JSON', async () => {
    const yaml = await box.pwb('show', 'greeting');
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^id: greeting$/m);
    const json = await box.pwb('show', 'evolving_prompt', '--version', '1.0.0', '--json');
    expect(JSON.parse(json.stdout).template.content).toContain('Basic version');
  });

  it('prints a unified diff of two versions', async () => {
    const run = await box.pwb('diff', 'evolving_prompt', '1.0.0', '2.0.0');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^-Basic version: \{\{input\}\}/m);
    expect(run.stdout).toMatch(/^\+Major update: \{\{input\}\}/m);
  });
});

describe('pwb save', () => {
  const box = cliSandbox();
  const file = () => join(box.dir, 'p.yaml');

  beforeAll(() => {
    writeFileSync(file(), 'id: notes\nformat: text\ntemplate:\n  content: "Summarise {{text}}"\n');
  });

  it('creates a new prompt without --base and then needs the current version as base', async () => {
    const first = await box.pwb('save', 'notes', '--file', file());
    expect(first).toMatchObject({ code: 0, stdout: '1.0.0\n' });
    writeFileSync(
      file(),
      'id: notes\nformat: text\ntemplate:\n  content: "Summarise {{text}} briefly"\n',
    );
    const second = await box.pwb(
      'save',
      'notes',
      '--file',
      file(),
      '--base',
      '1.0.0',
      '--bump',
      'minor',
      '--changelog',
      'Shorter',
    );
    expect(second).toMatchObject({ code: 0, stdout: '1.1.0\n' });
    const history = JSON.parse((await box.pwb('history', 'notes', '--json')).stdout);
    expect(history[0]).toMatchObject({ version: '1.1.0', changelog: 'Shorter' });
  });

  it('refuses a stale base with a conflict and writes nothing', async () => {
    writeFileSync(
      file(),
      'id: notes\nformat: text\ntemplate:\n  content: "Something else {{text}}"\n',
    );
    const stale = await box.pwb('save', 'notes', '--file', file(), '--base', '1.0.0');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/1\.1\.0/);
    const history = JSON.parse((await box.pwb('history', 'notes', '--json')).stdout);
    expect(history).toHaveLength(2);
  });

  it('refuses a document for another id', async () => {
    writeFileSync(file(), 'id: other\nformat: text\ntemplate:\n  content: "x"\n');
    const run = await box.pwb('save', 'notes', '--file', file(), '--base', '1.1.0');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("'other'");
  });

  it('refuses a planted API key and never prints it; --allow-secrets overrides', async () => {
    const key = `ghp_${'a1B2'.repeat(9)}`;
    writeFileSync(
      file(),
      `id: leaky\nformat: text\ntemplate:\n  content: "Call with ${key} {{x}}"\n`,
    );
    const refused = await box.pwb('save', 'leaky', '--file', file());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/github/i);
    expect(refused.stderr).toContain('template');
    expect(refused.stderr + refused.stdout).not.toContain(key);
    expect((await box.pwb('list', '--json')).stdout).not.toContain('leaky');
    const allowed = await box.pwb('save', 'leaky', '--file', file(), '--allow-secrets');
    expect(allowed.code).toBe(0);
  });
});

describe('pwb import is all or nothing', () => {
  it('leaves the library unchanged when one file in the folder is invalid', async () => {
    const box = cliSandbox();
    const folder = join(box.dir, 'mixed');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.yaml'), 'id: a\nformat: text\ntemplate:\n  content: "A {{x}}"\n');
    writeFileSync(join(folder, 'b.yaml'), 'id: b\nformat: TEXT\ntemplate:\n  content: "B"\n');
    const run = await box.pwb('import', folder);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('b.yaml');
    const list = await box.pwb('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

describe('pwb export', () => {
  it('writes the seed layout and a re-import is lossless, history included', async () => {
    const box = cliSandbox();
    expect((await box.pwb('import', SEED_EXAMPLES)).code).toBe(0);
    const out = join(box.dir, 'exported');
    const run = await box.pwb('export', out);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'evolving_prompt.yaml'))).toBe(true);
    expect(existsSync(join(out, 'evolving_prompt', '_versions', '1.1.0.yaml'))).toBe(true);
    expect(existsSync(join(out, 'schemas', 'address.yaml'))).toBe(true);
    expect(readdirSync(out).some((name) => name.endsWith('.tmp'))).toBe(false);

    const again = cliSandbox();
    expect((await again.pwb('import', out)).code).toBe(0);
    for (const id of ['evolving_prompt', 'greeting', 'text_summarization']) {
      const before = JSON.parse((await box.pwb('history', id, '--json')).stdout);
      const after = JSON.parse((await again.pwb('history', id, '--json')).stdout);
      expect(after).toEqual(before);
      for (const { version } of before as { version: string }[]) {
        const a = JSON.parse((await box.pwb('show', id, '--version', version, '--json')).stdout);
        const b = JSON.parse((await again.pwb('show', id, '--version', version, '--json')).stdout);
        expect(b).toEqual(a);
      }
    }
    expect(readFileSync(join(out, 'greeting.yaml'), 'utf8')).toContain('id: greeting');
  });
});

describe('pwb usage errors', () => {
  const box = cliSandbox();

  it('exits 2 for an unknown command, a missing argument or an unknown flag', async () => {
    expect((await box.pwb('frobnicate')).code).toBe(2);
    expect((await box.pwb('show')).code).toBe(2);
    expect((await box.pwb('list', '--colour')).code).toBe(2);
    expect((await box.pwb('convert', 'x', '--to', 'bard')).code).toBe(2);
  });

  it('exits 1 with one line for a prompt that does not exist', async () => {
    const run = await box.pwb('show', 'nope');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("pwb: Prompt 'nope' not found\n");
  });

  it('rejects --vars that is not a JSON object', async () => {
    const run = await box.pwb('render', 'x', '--vars', '[1,2]');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('JSON object');
  });

  it('never adds sample prompts to a new database', async () => {
    const fresh = cliSandbox();
    const run = await fresh.pwb('list', '--json');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});

describe('pwb on an unexpected error (the real process)', () => {
  const box = cliSandbox();
  let bundle: string;

  beforeAll(async () => {
    bundle = await bundlePwb();
    expect((await box.pwb('list')).code).toBe(0);
    // A schema row no save could write: valid JSON, but without its fields.
    const db = new Database(box.db);
    db.prepare(
      `INSERT INTO schemas (name, document, version, updated_at)
       VALUES ('broken', '{"name":"broken","version":"1.0.0"}', '1.0.0', '2024-01-01T00:00:00Z')`,
    ).run();
    db.close();
  }, 60_000);

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bundle, '--db', box.db, ...args], {
      input: '{"token": "value-that-must-stay-private"}',
      encoding: 'utf8',
    });
  const oneLine = `pwb: An unexpected error occurred. (details in ${box.db}.log)\n`;

  it('prints one line and exits 1; the stack goes to the log beside the database', () => {
    const plain = run('validate', 'broken', '-');
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe(oneLine);
    const log = readFileSync(`${box.db}.log`, 'utf8');
    expect(log).toMatch(/^\S+Z pwb validate: operation testSchema failed\nTypeError: /);
    expect(log).toMatch(/\n {4}at SchemaSet\.compile /);
    expect(log).not.toContain('value-that-must-stay-private');
  });

  it('also prints the stack under --debug, then the same one line', () => {
    const debug = run('--debug', 'validate', 'broken', '-');
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/^operation testSchema failed\nTypeError: .*\n {4}at /);
    expect(debug.stderr.endsWith(oneLine)).toBe(true);
    expect(
      readFileSync(`${box.db}.log`, 'utf8').match(/operation testSchema failed/g),
    ).toHaveLength(2);
  });
});
