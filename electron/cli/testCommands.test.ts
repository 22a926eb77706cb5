// `pwb tests`, `pwb test`, `pwb runs`, `pwb label` and `pwb apikey` through the real command line,
// with models answered by the local protocol server (`echo: ` and the last user message).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvalRun } from '../../src-shared/evaluation/runs';
import { startModelServer, type ModelServer } from '../testKit/modelServer';
import { addLocalProvider, cliSandbox, importTestRows, type CliRun } from './cliTestKit';

let server: ModelServer;
let sandbox: ReturnType<typeof cliSandbox>;
let pwb: (...args: string[]) => Promise<CliRun>;

function write(name: string, text: string): string {
  const path = join(sandbox.dir, name);
  writeFileSync(path, text);
  return path;
}

const prompt = (content: string) =>
  ['id: greet', 'format: text', 'status: active', 'template:', `  content: "${content}"`].join(
    '\n',
  );

beforeEach(async () => {
  server = await startModelServer();
  sandbox = cliSandbox();
  pwb = sandbox.pwb;
  expect(
    (await pwb('save', 'greet', '--file', write('greet.yaml', prompt('Hi {{name}}')))).code,
  ).toBe(0);
  expect((await addLocalProvider(pwb, server.openaiUrl)).code).toBe(0);
  const imported = await importTestRows(
    pwb,
    sandbox.dir,
    'greet',
    'name,__expected\nAda,echo: Hi Ada\nBo,echo: Hello Bo\n',
  );
  expect(imported).toMatchObject({
    code: 0,
    stdout: "Added 2 test case(s) to 'greet' (2 in all)\n",
  });
});

afterEach(async () => {
  await server.close();
});

describe('pwb test --file', () => {
  it('runs a prompt not in the library with the cases beside it; nothing else runs', async () => {
    const file = write(
      'welcome.yaml',
      prompt('Welcome {{name}}').replace('id: greet', 'id: welcome'),
    );
    write(
      'welcome.tests.yaml',
      'tests:\n  - name: Ada\n    vars: {name: Ada}\n    assert: [{type: contains, value: Welcome Ada}]\n',
    );
    const run = await pwb('test', '--file', file, '--model', 'local:m', '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as EvalRun;
    expect(result.cells.map((cell) => [cell.prompt, cell.version, cell.case, cell.output])).toEqual(
      [['welcome', null, 'Ada', 'echo: Welcome Ada']],
    );
    expect((await pwb('list', '--json')).stdout).not.toContain('welcome');
  });

  it('uses the library’s cases of a stored id when no tests file is beside it', async () => {
    const file = write('draft.yaml', prompt('Hi {{name}}!'));
    const run = await pwb('test', '--file', file, '--model', 'local:m', '--json');
    const result = JSON.parse(run.stdout) as EvalRun;
    expect(result.cells.map((cell) => [cell.version, cell.output])).toEqual([
      [null, 'echo: Hi Ada!'],
      [null, 'echo: Hi Bo!'],
    ]);
    expect(run.code).toBe(1);
  });

  it('refuses a file without cases (exit 1) and --version with --file (exit 2)', async () => {
    const file = write('lonely.yaml', prompt('Hi').replace('id: greet', 'id: lonely'));
    const none = await pwb('test', '--file', file, '--model', 'local:m');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no test cases: write lonely.tests.yaml beside it/);
    const both = await pwb('test', '--file', file, '--version', '1.0.0');
    expect(both.code).toBe(2);
    const other = await pwb('test', 'greet', '--file', file);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds prompt 'lonely', not 'greet'/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('pwb test', () => {
  it('runs the cases, prints a table and exits 1 when a case fails', async () => {
    const run = await pwb('test', 'greet', '--model', 'local:m');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 passed, 1 failed');
    expect(run.stdout).toMatch(
      /FAIL greet rows.csv #2 \(local:m\): expected exactly "echo: Hello Bo"/,
    );
    expect(run.stderr).toContain('pwb: pass  greet@1.0.0 local:m  rows.csv #1');
  });

  it('exits 0 when every case passes, and prints the run as JSON', async () => {
    await pwb(
      'save',
      'greet',
      '--file',
      write('v2.yaml', prompt('Hello {{name}}')),
      '--base',
      '1.0.0',
    );
    writeFileSync(join(sandbox.dir, 'rows.jsonl'), '{"name":"Cy","__expected":"echo: Hello Cy"}\n');
    await pwb('tests', 'import', 'greet', join(sandbox.dir, 'rows.jsonl'));
    const bo = await pwb('test', 'greet', '--model', 'local:m', '--json');
    const run = JSON.parse(bo.stdout) as EvalRun;
    expect(run.summary).toEqual({ passed: 2, failed: 1 });
    expect(run.cells[0]).toMatchObject({
      prompt: 'greet',
      version: '1.0.1',
      model: 'local:m',
      case: 'rows.csv #1',
      pass: false,
      cached: false,
    });
    expect(Object.keys(run)).toEqual([
      'id',
      'started_at',
      'finished_at',
      'cells',
      'summary',
      'baseline',
      'regressions',
      'fixes',
    ]);
  });

  it('writes JUnit XML naming each failure', async () => {
    const junit = join(sandbox.dir, 'report.xml');
    expect((await pwb('test', '--model', 'local:m', '--junit', junit)).code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="pwb test" tests="2" failures="1">');
    expect(xml).toContain('<testcase classname="greet" name="rows.csv #1 [1.0.0 local:m]"');
    expect(xml).toContain('<failure message="equals: expected exactly &quot;echo: Hello Bo&quot;');
  });

  it('replays from the cache offline, and a miss fails without a call', async () => {
    await pwb('test', 'greet', '--model', 'local:m');
    const calls = server.requests.length;
    const replay = await pwb('test', 'greet', '--model', 'local:m', '--replay', '--json');
    expect((JSON.parse(replay.stdout) as EvalRun).cells.every((cell) => cell.cached)).toBe(true);
    const miss = await pwb('test', 'greet', '--model', 'local:other', '--replay');
    expect(miss.code).toBe(1);
    expect(miss.stdout).toContain('No cached answer for this call to local:other');
    expect(server.requests).toHaveLength(calls);
  });

  it('compares with the baseline: regressions fail the gate under --fail-on regressions', async () => {
    const baseline = await pwb('test', '--model', 'local:m', '--baseline');
    expect(baseline.code).toBe(1);
    // The change fixes rows.csv #2 and breaks rows.csv #1.
    await pwb(
      'save',
      'greet',
      '--file',
      write('v2.yaml', prompt('Hello {{name}}')),
      '--base',
      '1.0.0',
    );
    const after = await pwb('test', '--model', 'local:m', '--fail-on', 'regressions');
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('1 regression(s), 1 fix(es)');
    expect(after.stdout).toContain('REGRESSION greet rows.csv #1 (local:m, 1.0.1)');
    const runs = JSON.parse((await pwb('runs', 'list', 'greet', '--json')).stdout) as {
      id: string;
      baseline_of: string[];
    }[];
    expect(runs).toHaveLength(2);
    expect(runs[1]?.baseline_of).toEqual(['greet']);
    const shown = await pwb('runs', 'show', runs[0]?.id ?? '', '--json');
    expect((JSON.parse(shown.stdout) as EvalRun).regressions).toHaveLength(1);
    // Marking the newer run as the baseline: nothing regresses against it.
    expect((await pwb('runs', 'baseline', runs[0]?.id ?? '')).code).toBe(0);
    expect((await pwb('test', '--model', 'local:m', '--fail-on', 'regressions')).code).toBe(0);
  });

  it('estimates the calls without making any', async () => {
    const estimate = await pwb('test', '--model', 'local:m', '--estimate', '--json');
    expect(JSON.parse(estimate.stdout)).toMatchObject({
      calls: 2,
      judge_calls: 0,
      unpriced: ['local:m'],
    });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses bad flags with exit 2 and unknown prompts with exit 1', async () => {
    expect((await pwb('test', '--concurrency', 'many')).code).toBe(2);
    expect((await pwb('test', '--fail-on', 'sometimes')).code).toBe(2);
    expect((await pwb('test', '--model', 'nocolon')).code).toBe(2);
    expect((await pwb('test', '--replay', '--no-cache')).code).toBe(2);
    const unknown = await pwb('test', 'nope', '--model', 'local:m');
    expect(unknown).toMatchObject({ code: 1, stderr: "pwb: prompt 'nope' not found\n" });
    expect((await pwb('runs', 'list', '--json')).stdout).toBe('[]\n');
  });

  it('names the row and column of a bad cell, importing nothing', async () => {
    write('bad.csv', 'name,__expected\n"unclosed,x\n');
    const refused = await pwb('tests', 'import', 'greet', 'bad.csv');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^pwb: bad\.csv: /);
    expect(JSON.parse((await pwb('tests', 'list', 'greet', '--json')).stdout)).toHaveLength(2);
  });
});

describe('pwb label and pwb apikey', () => {
  it('sets, lists and removes labels; a bad name is exit 1', async () => {
    expect((await pwb('label', 'set', 'greet', 'production', '1.0.0')).code).toBe(0);
    const listed = JSON.parse((await pwb('label', 'list', 'greet', '--json')).stdout) as unknown[];
    expect(listed).toEqual([expect.objectContaining({ label: 'production', version: '1.0.0' })]);
    expect((await pwb('label', 'set', 'greet', 'Prod!', '1.0.0')).code).toBe(1);
    expect((await pwb('label', 'set', 'greet', 'staging', '9.9.9')).stderr).toBe(
      "pwb: prompt 'greet' version '9.9.9' not found\n",
    );
    expect((await pwb('label', 'rm', 'greet', 'production')).code).toBe(0);
    expect((await pwb('label', 'list', 'greet', '--json')).stdout).toBe('[]\n');
  });

  it('takes --label wherever --version works: show, render, convert, run', async () => {
    await pwb(
      'save',
      'greet',
      '--file',
      write('v2.yaml', prompt('Hello {{name}}')),
      '--base',
      '1.0.0',
    );
    await pwb('label', 'set', 'greet', 'production', '1.0.0');
    const shown = JSON.parse(
      (await pwb('show', 'greet', '--label', 'production', '--json')).stdout,
    );
    expect(shown).toMatchObject({ version: '1.0.0' });
    expect(
      (await pwb('render', 'greet', '--label', 'production', '--var', 'name=Ada')).stdout,
    ).toBe('Hi Ada');
    const converted = await pwb(
      'convert',
      'greet',
      '--to',
      'openai',
      '--label',
      'production',
      '--var',
      'name=Ada',
    );
    expect(JSON.parse(converted.stdout)).toMatchObject({ messages: [{ content: 'Hi Ada' }] });
    const run = await pwb(
      'run',
      'greet',
      '--label',
      'production',
      '--var',
      'name=Ada',
      '--model',
      'local:m',
      '--json',
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ output: 'echo: Hi Ada' });
    expect((await pwb('render', 'greet', '--label', 'staging', '--var', 'name=Ada')).stderr).toBe(
      "pwb: prompt 'greet' has no label 'staging'\n",
    );
    expect((await pwb('show', 'greet', '--label', 'production', '--version', '1.0.1')).code).toBe(
      2,
    );
    expect((await pwb('render', 'greet', '--label', 'Bad!', '--var', 'name=x')).code).toBe(1);
  });

  it('prints a new key alone on stdout, and never lists it', async () => {
    const created = await pwb('apikey', 'create', 'shop');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^pwb_[A-Za-z0-9_-]{43}\n$/);
    const listed = await pwb('apikey', 'list', '--json');
    expect(listed.stdout).not.toContain(created.stdout.trim());
    expect((await pwb('apikey', 'revoke', 'shop')).code).toBe(0);
    expect(JSON.parse((await pwb('apikey', 'list', '--json')).stdout)).toEqual([
      expect.objectContaining({ name: 'shop', revoked_at: expect.any(String) as unknown }),
    ]);
    expect((await pwb('apikey', 'create', 'bad name')).code).toBe(1);
  });
});
