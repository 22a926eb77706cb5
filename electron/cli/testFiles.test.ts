// `<id>.tests.yaml` files through `pwb import` (stored in the import's transaction, replacing the
// prompt's cases, all or nothing) and `pwb export` (written back, re-imported without loss).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliSandbox, type CliRun } from './cliTestKit';

let sandbox: ReturnType<typeof cliSandbox>;
let pwb: (...args: string[]) => Promise<CliRun>;

/** Writes files under a new folder of the sandbox and returns the folder. */
function folder(name: string, files: Record<string, string>): string {
  const root = join(sandbox.dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const prompt = (id: string) =>
  [`id: ${id}`, 'format: text', 'template:', '  content: "Hi {{name}}"', ''].join('\n');

const cases = (...names: string[]) =>
  [
    'tests:',
    ...names.flatMap((name) => [
      `  - name: ${name}`,
      '    vars: { name: Ada }',
      '    assert:',
      '      - { type: contains, value: Ada }',
    ]),
    '',
  ].join('\n');

async function listed(id: string): Promise<{ name: string }[]> {
  const run = await pwb('tests', 'list', id, '--json');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { name: string }[];
}

beforeEach(() => {
  sandbox = cliSandbox();
  pwb = sandbox.pwb;
});

describe('pwb import with test case files', () => {
  it('stores the cases of <id>.tests.yaml at any depth and counts them', async () => {
    const dir = folder('lib', {
      'greet.yaml': prompt('greet'),
      'greet.tests.yaml': cases('first', 'second'),
      'team/hello.yaml': prompt('hello'),
      'team/deeper/hello.tests.yaml': cases('only'),
    });
    const run = await pwb('import', dir, '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { prompts: number; tests: number; skipped: unknown[] };
    expect(report).toMatchObject({ prompts: 2, tests: 3, skipped: [] });
    expect((await listed('greet')).map((testCase) => testCase.name)).toEqual(['first', 'second']);
    expect(await listed('hello')).toEqual([
      { name: 'only', vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Ada' }] },
    ]);
    const text = await pwb('import', dir);
    expect(text.stdout).toContain('0 version(s), 0 schema(s), 3 test case(s).');
  });

  it("replaces the prompt's cases: the file is the whole set", async () => {
    expect((await pwb('import', folder('one', { 'greet.yaml': prompt('greet') }))).code).toBe(0);
    const first = folder('two', { 'greet.tests.yaml': cases('a', 'b') });
    expect((await pwb('import', first)).code).toBe(0);
    const second = folder('three', { 'greet.tests.yaml': cases('c') });
    expect((await pwb('import', second)).code).toBe(0);
    expect((await listed('greet')).map((testCase) => testCase.name)).toEqual(['c']);
  });

  it('fails the whole import on a bad case, naming the file and the case path', async () => {
    const dir = folder('bad', {
      'greet.yaml': prompt('greet'),
      'other.yaml': prompt('other'),
      'other.tests.yaml': [
        'tests:',
        '  - name: x',
        '    vars: {}',
        '    assert: [{ type: sounds-right }]',
        '',
      ].join('\n'),
    });
    const run = await pwb('import', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('other.tests.yaml');
    expect(run.stderr).toContain('tests.0.assert.0.type');
    expect((await pwb('list', '--json')).stdout).toBe('[]\n');
  });

  it('refuses cases for a prompt neither imported nor in the library, naming both', async () => {
    const dir = folder('orphan', {
      'greet.yaml': prompt('greet'),
      'nobody.tests.yaml': cases('a'),
    });
    const run = await pwb('import', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nobody.tests.yaml');
    expect(run.stderr).toContain("prompt 'nobody', which is neither imported nor in the library");
    expect((await pwb('list', '--json')).stdout).toBe('[]\n');
  });

  it('refuses two test case files for one prompt and a file without tests:', async () => {
    const twice = folder('twice', {
      'greet.yaml': prompt('greet'),
      'greet.tests.yaml': cases('a'),
      'more/greet.tests.yml': cases('b'),
    });
    const run = await pwb('import', twice);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "twice/more/greet.tests.yml: prompt 'greet' already has test cases from twice/greet.tests.yaml",
    );
    const shapeless = folder('shapeless', {
      'greet.yaml': prompt('greet'),
      'greet.tests.yaml': 'cases: []\n',
    });
    const refused = await pwb('import', shapeless);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('greet.tests.yaml: a test case file holds a mapping');
    expect((await pwb('list', '--json')).stdout).toBe('[]\n');
  });
});

describe('pwb export with test cases', () => {
  it('writes <id>.tests.yaml for each prompt with cases, and a re-import is lossless', async () => {
    const rich = [
      'tests:',
      '  - name: weighted',
      '    description: several assertion kinds',
      '    vars: { name: Ada, items: [1, 2], nested: { deep: true } }',
      '    assert:',
      '      - { type: contains-any, value: [Ada, ada], weight: 2 }',
      '      - { type: max-latency-ms, value: 500 }',
      '      - { type: is-json }',
      '  - name: plain',
      '    vars: {}',
      '    assert: [{ type: regex, value: "^Hi" }]',
      '',
    ].join('\n');
    const dir = folder('lib', {
      'greet.yaml': prompt('greet'),
      'greet.tests.yaml': rich,
      'bare.yaml': prompt('bare'),
    });
    expect((await pwb('import', dir)).code).toBe(0);
    const before = await listed('greet');
    const out = join(sandbox.dir, 'out');
    expect((await pwb('export', out)).code).toBe(0);
    expect(existsSync(join(out, 'greet.tests.yaml'))).toBe(true);
    expect(existsSync(join(out, 'bare.tests.yaml'))).toBe(false);
    expect(readFileSync(join(out, 'greet.tests.yaml'), 'utf8')).toMatch(
      /^tests:\n- name: weighted\n/,
    );

    sandbox = cliSandbox();
    pwb = sandbox.pwb;
    const again = await pwb('import', out, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ prompts: 2, tests: 2 });
    expect(await listed('greet')).toEqual(before);
    expect(await listed('bare')).toEqual([]);
  });
});
