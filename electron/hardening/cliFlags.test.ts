import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliTestKit';
import type { CliRun } from '../cli/cliTestKit';
import { MAX_JSON_INPUT_BYTES } from '../cli/readInput';
import { MAX_YAML_BYTES } from '../../src-shared/yaml/parseYaml';
import { aliasBomb } from './hostileFiles';
import { RUN_TABLES, nestedJsonObject, seedDatabase } from './hostileLibrary';
import { dumpLibrary } from './libraryDump';

const box = cliSandbox();
let before: string;

beforeAll(async () => {
  await seedDatabase(box.db);
  before = dumpLibrary(box.db, RUN_TABLES);
});

const file = (name: string, content: string | Uint8Array): string => {
  writeFileSync(join(box.dir, name), content);
  return name;
};

/** Runs pwb, checks the one-line error, the exit code and the time taken; returns the line. */
async function refused(code: 1 | 2, args: string[], stdin = ''): Promise<string> {
  const started = performance.now();
  const run: CliRun = await box.pwbWithStdin(stdin, ...args);
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^pwb: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(dumpLibrary(box.db, RUN_TABLES)).toBe(before);
  return run.stderr.split('\n')[0]?.slice('pwb: '.length) ?? '';
}

describe('pwb flags', () => {
  it('refuses unknown flags, values and commands as usage errors (exit 2)', async () => {
    expect(await refused(2, ['render', 'greeting', '--evil'])).toBe(
      "render: Unknown option '--evil'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--evil\"",
    );
    expect(await refused(2, ['--drop-tables', 'list'])).toBe(
      "unknown option '--drop-tables' before the command",
    );
    expect(await refused(2, ['__proto__'])).toBe("unknown command '__proto__'");
    expect(await refused(2, ['constructor'])).toBe("unknown command 'constructor'");
    expect(await refused(2, ['list', '--status', 'pwned'])).toBe(
      '--status must be one of draft, active, deprecated, archived',
    );
    expect(await refused(2, ['convert', 'greeting', '--to', 'skynet'])).toBe(
      '--to must be one of openai, anthropic, langchain, litellm',
    );
    expect(await refused(2, ['save', 'greeting', '--file', 'x.yaml', '--bump', 'huge'])).toBe(
      '--bump must be one of patch, minor, major',
    );
    expect(await refused(2, ['serve', '--host', '0.0.0.0'])).toBe(
      'serve: --host must be a loopback address (127.0.0.1, localhost or ::1)',
    );
    expect(await refused(2, ['serve', '--port', '99999'])).toBe(
      'serve: --port must be an integer between 0 and 65535',
    );
  });

  it('refuses path-traversal ids and versions', async () => {
    expect(await refused(1, ['show', '../../etc/passwd'])).toBe(
      'getPrompt: id must match pattern "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"',
    );
    expect(await refused(1, ['history', 'a/b'])).toMatch(/^getHistory: id must match pattern/);
    expect(await refused(1, ['show', 'greeting', '--version', '../1.0.0'])).toMatch(
      /^getPrompt: version must match pattern/,
    );
    expect(await refused(1, ['validate', '../person', '-'], '{}')).toMatch(
      /^testSchema: name must match pattern/,
    );
  });
});

describe('pwb --vars and --var', () => {
  const render = (...flags: string[]) => ['render', 'support-chat', ...flags];

  it('refuses --vars that is not a JSON object', async () => {
    expect(await refused(1, render('--vars', '{nope'))).toMatch(/^--vars is not valid JSON: /);
    expect(await refused(1, render('--vars', '[1,2]'))).toBe(
      '--vars must be a JSON object of variables',
    );
    expect(await refused(1, render('--vars', 'null'))).toBe(
      '--vars must be a JSON object of variables',
    );
    expect(await refused(2, render('--vars', '{}', '--vars-file', 'v.json'))).toBe(
      'use either --vars or --vars-file, not both',
    );
    expect(await refused(2, render('--var', 'novalue'))).toBe(
      "--var expects name=value, got 'novalue'",
    );
  });

  it('refuses --vars nested 20,000 deep', async () => {
    expect(
      await refused(
        1,
        render('--vars', `{"product": ${nestedJsonObject(20_000)}, "question": "q"}`),
      ),
    ).toMatch(/^Template variables nest more than 64 levels deep \(at 'product(\.a)+'\)\.$/);
  });

  it('keeps __proto__ and constructor variables as data', async () => {
    const run = await box.pwb(
      ...render(
        '--vars',
        '{"__proto__": {"product": "polluted"}, "question": "q"}',
        '--var',
        '__proto__=x',
        '--var',
        'constructor=y',
      ),
    );
    expect(run.stderr).toBe("pwb: Could not find variable 'product'\n");
    expect(run.code).toBe(1);
    expect(Object.prototype).not.toHaveProperty('product');
  });

  it('renders with hostile but legal values, verbatim', async () => {
    const run = await box.pwb(
      ...render('--var', 'product={{> signature}}', '--var', 'question=<script>\u0000</script>'),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { role: 'system', content: 'You help with {{> signature}}.' },
      { role: 'user', content: '<script>\u0000</script>' },
    ]);
  });

  it('refuses --vars-file that is missing, binary, not UTF-8, too big, a folder or a device', async () => {
    mkdirSync(join(box.dir, 'folder'), { recursive: true });
    const cases: [string, 1, string | RegExp][] = [
      ['missing.json', 1, "cannot read 'missing.json'"],
      [
        file('bin.json', new Uint8Array([0, 159, 146, 150, 255])),
        1,
        'bin.json: not valid UTF-8 text',
      ],
      [
        file('latin1.json', new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d])),
        1,
        'latin1.json: not valid UTF-8 text',
      ],
      [
        file('big.json', `{"product": "${'x'.repeat(MAX_JSON_INPUT_BYTES)}"}`),
        1,
        `big.json: file is ${MAX_JSON_INPUT_BYTES + 15} bytes, over the ${MAX_JSON_INPUT_BYTES}-byte limit`,
      ],
      ['folder', 1, "'folder' is not a regular file"],
      ['/dev/zero', 1, "'/dev/zero' is not a regular file"],
      [
        file('proto.json', '{"__proto__": {"polluted": 1}}'),
        1,
        // Every missing variable at once: the file's __proto__ key gives none of them.
        "Could not find variables 'product' and 'question'",
      ],
    ];
    for (const [name, code, message] of cases) {
      const line = await refused(code, render('--vars-file', name));
      if (typeof message === 'string') expect(line).toBe(message);
      else expect(line).toMatch(message);
    }
  });
});

describe('pwb save and validate with hostile files', () => {
  it('refuses hostile prompt files for save', async () => {
    const cases: [string, string | RegExp][] = [
      [
        file('bomb.yaml', aliasBomb()),
        'bomb.yaml: document uses too many aliases (the limit is 100)',
      ],
      [
        file('deep.yaml', `${'- '.repeat(20_000)}x\n`),
        /^deep\.yaml: document is nested too deeply/,
      ],
      [
        file(
          'huge.yaml',
          `id: greeting\nformat: text\ntemplate:\n  content: "${'x'.repeat(MAX_YAML_BYTES)}"\n`,
        ),
        /^huge\.yaml: file is \d+ bytes, over the 2097152-byte limit$/,
      ],
      [file('list.yaml', '- a\n- b\n'), 'list.yaml: expected a prompt document (a mapping)'],
      [
        file('other.yaml', 'id: other\nformat: text\n'),
        "other.yaml holds prompt 'other', not 'greeting'",
      ],
      [
        file(
          'proto.yaml',
          'id: greeting\nformat: text\ntemplate:\n  content: x\nmetadata:\n  __proto__: {a: 1}\n',
        ),
        "proto.yaml: the key '__proto__' is not allowed (line 6, column 3)",
      ],
      ['/dev/zero', "'/dev/zero' is not a regular file"],
    ];
    for (const [name, message] of cases) {
      const line = await refused(1, ['save', 'greeting', '--file', name, '--base', '1.1.0']);
      if (typeof message === 'string') expect(line).toBe(message);
      else expect(line).toMatch(message);
    }
  });

  it('refuses a stale base as a conflict and writes nothing', async () => {
    const name = file(
      'edit.yaml',
      'id: greeting\nformat: text\ntemplate:\n  content: "new {{name}}"\n',
    );
    expect(await refused(1, ['save', 'greeting', '--file', name, '--base', '1.0.0'])).toBe(
      "Prompt 'greeting' changed since 1.0.0: the current version is 1.1.0. Reload it and save again.",
    );
  });

  it('refuses hostile data for validate', async () => {
    expect(await refused(1, ['validate', 'person', '-'], '{"name": ')).toBe(
      'standard input is not valid JSON',
    );
    expect(
      await refused(
        1,
        ['validate', 'person', '-'],
        `{"name": "Ann", "team": ${nestedJsonObject(20_000)}}`,
      ),
    ).toBe('Data is nested more than 64 levels deep');
    expect(await refused(1, ['validate', 'person', '/dev/zero'])).toBe(
      "'/dev/zero' is not a regular file",
    );
    expect(await refused(1, ['validate', 'person', '-'], '{"name": "R2-D2!"}')).toMatch(
      /^Validation failed for schema 'person': 1 problem\(s\) — name: /,
    );
  });
});
