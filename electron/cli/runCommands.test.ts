// `pwb run`, `pwb providers` and `pwb cache clear` against the local model server, through the
// real command line (in-process, and as a process where signals and the key's trail matter).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startModelServer } from '../testKit/modelServer';
import type { ModelServer } from '../testKit/modelServer';
import type { CliRun } from './cliTestKit';
import { runCli } from './main';

const KEY = 'sk-proj-cli-test-secret-key-5678wxyz';
const ROOT = resolve(import.meta.dirname, '../..');

let server: ModelServer;
let dir: string;
let db: string;

beforeEach(async () => {
  server = await startModelServer({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'pwb-run-'));
  db = join(dir, 'library.db');
  writeFileSync(
    join(dir, 'greet.yaml'),
    [
      'id: greet',
      'version: "1.0.0"',
      'format: text',
      'status: active',
      'template:',
      '  content: "Say hello to {{name}}"',
      'metadata:',
      '  model_recommendations: ["gpt-4o-mini"]',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'local.yaml'),
    [
      'id: local',
      'version: "1.0.0"',
      'format: text',
      'status: active',
      'template:',
      '  content: "Hi {{name}}"',
      'metadata:',
      '  model_recommendations: ["llama3"]',
    ].join('\n'),
  );
});
afterEach(async () => {
  await server.close();
});

async function pwb(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--db', db, ...args], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => '',
    env,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

const withKey = { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY };

describe('pwb run', () => {
  it('streams the answer to stdout and prints one JSON object with --json', async () => {
    await pwb({}, 'save', 'greet', '--file', 'greet.yaml');
    const text = await pwb(
      withKey,
      'run',
      'greet',
      '--var',
      'name=Ada',
      '--base-url',
      server.openaiUrl,
    );
    expect(text).toMatchObject({ code: 0, stdout: 'echo: Say hello to Ada\n' });
    expect(text.stderr).toMatch(
      /^pwb: openai:gpt-4o-mini · \d+ ms · first token \d+ ms · 4 in \/ 5 out tokens · \$0\.000004 · stop\n$/,
    );
    const json = await pwb(
      withKey,
      'run',
      'greet',
      '--var',
      'name=Bo',
      '--base-url',
      server.openaiUrl,
      '--json',
      '--no-cache',
    );
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual([
      'output',
      'model',
      'provider',
      'latency_ms',
      'ttft_ms',
      'input_tokens',
      'output_tokens',
      'cost_usd',
      'finish_reason',
      'cached',
      'schema_errors',
    ]);
    expect(result).toMatchObject({
      output: 'echo: Say hello to Bo',
      model: 'openai:gpt-4o-mini',
      provider: 'openai',
      cached: false,
      schema_errors: [],
    });
  });

  it('answers a repeated run from the cache until pwb cache clear', async () => {
    const args = [
      'run',
      '--file',
      'greet.yaml',
      '--var',
      'name=Ada',
      '--base-url',
      server.openaiUrl,
      '--json',
    ];
    const first = JSON.parse((await pwb(withKey, ...args)).stdout) as Record<string, unknown>;
    const second = JSON.parse((await pwb(withKey, ...args)).stdout) as Record<string, unknown>;
    expect(server.requests).toHaveLength(1);
    expect(second).toEqual({ ...first, cached: true });
    expect(await pwb({}, 'cache', 'clear')).toMatchObject({
      code: 0,
      stdout: 'Cleared 1 cached answer(s)\n',
    });
    await pwb(withKey, ...args);
    expect(server.requests).toHaveLength(2);
  });

  it('runs against an added provider, and lists and removes it', async () => {
    const add = await pwb(
      {},
      'providers',
      'add',
      'lab',
      '--kind',
      'openai-compatible',
      '--base-url',
      server.openaiUrl,
      '--api-key-env',
      'LAB_KEY',
    );
    expect(add.code).toBe(0);
    const list = await pwb({}, 'providers', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      {
        name: 'openai',
        kind: 'openai',
        base_url: 'https://api.openai.com/v1',
        api_key_env: 'OPENAI_API_KEY',
      },
      {
        name: 'anthropic',
        kind: 'anthropic',
        base_url: 'https://api.anthropic.com',
        api_key_env: 'ANTHROPIC_API_KEY',
      },
      {
        name: 'ollama',
        kind: 'openai-compatible',
        base_url: 'http://127.0.0.1:11434/v1',
        api_key_env: null,
      },
      {
        name: 'lab',
        kind: 'openai-compatible',
        base_url: server.openaiUrl,
        api_key_env: 'LAB_KEY',
      },
    ]);
    const run = await pwb(
      { LAB_KEY: KEY },
      'run',
      '--file',
      'local.yaml',
      '--model',
      'lab:llama3',
      '--var',
      'name=Ada',
      '--json',
    );
    expect(JSON.parse(run.stdout)).toMatchObject({
      output: 'echo: Hi Ada',
      model: 'lab:llama3',
      cost_usd: null,
    });
    expect(await pwb({}, 'providers', 'remove', 'lab')).toMatchObject({ code: 0 });
    expect(await pwb({}, 'providers', 'remove', 'lab')).toMatchObject({
      code: 1,
      stderr: "pwb: Unknown provider 'lab'\n",
    });
    expect(await pwb({}, 'providers', 'remove', 'ollama')).toMatchObject({ code: 1 });
  });

  it('speaks Anthropic with an anthropic model', async () => {
    const run = await pwb(
      withKey,
      'run',
      '--file',
      'greet.yaml',
      '--model',
      'anthropic:claude-haiku-4-5',
      '--base-url',
      server.url,
      '--var',
      'name=Ada',
      '--json',
    );
    expect(JSON.parse(run.stdout)).toMatchObject({
      output: 'echo: Say hello to Ada',
      finish_reason: 'end_turn',
      provider: 'anthropic',
    });
    expect(server.requests[0]?.protocol).toBe('anthropic');
  });

  it('retries a 429 honouring retry-after, and a 500, then answers', async () => {
    server.script({ kind: 'error', status: 429, retryAfter: 1 }, { kind: 'error', status: 500 });
    const run = await pwb(
      withKey,
      'run',
      '--file',
      'greet.yaml',
      '--var',
      'name=Ada',
      '--base-url',
      server.openaiUrl,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('echo: Say hello to Ada\n');
    expect(run.stderr).toContain('pwb: retrying in 1.0 s (429 Scripted 429)\n');
    expect(run.stderr).toContain('(500 Scripted 500)');
    expect(server.requests).toHaveLength(3);
  });

  it('fails with exit 1 naming the status, never the key, on a wrong key', async () => {
    const run = await pwb(
      { OPENAI_API_KEY: 'sk-wrong-and-secret-9999' },
      'run',
      '--file',
      'greet.yaml',
      '--var',
      'name=Ada',
      '--base-url',
      server.openaiUrl,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^pwb: Provider 'openai' failed 401: Incorrect API key provided: \[redacted\]/,
    );
    expect(run.stdout + run.stderr).not.toMatch(/9999|sk-wrong/);
  });

  it('fails with exit 1 on a cut stream, keeping the streamed text, and on idle timeout', async () => {
    server.script({ kind: 'cut', afterChunks: 2 });
    const cut = await pwb(
      withKey,
      'run',
      '--file',
      'greet.yaml',
      '--var',
      'name=Ada',
      '--base-url',
      server.openaiUrl,
    );
    expect(cut).toMatchObject({ code: 1, stdout: 'echo: Say \n' });
    expect(cut.stderr).toMatch(/connection lost/);
    server.script({ kind: 'stall', afterChunks: 0 });
    const idle = await pwb(
      withKey,
      'run',
      '--file',
      'greet.yaml',
      '--var',
      'name=Ada',
      '--base-url',
      server.openaiUrl,
      '--timeout',
      '0.3',
      '--retries',
      '0',
    );
    expect(idle.code).toBe(1);
    expect(idle.stderr).toContain('no answer for 0.3 s (timeout)');
  });

  it('exits 2 on usage errors and when no model can be chosen', async () => {
    const usage = async (...args: string[]) =>
      (await pwb(withKey, 'run', '--file', 'greet.yaml', ...args)).code;
    expect(await usage('--temperature', 'hot')).toBe(2);
    expect(await usage('--retries', '-1')).toBe(2);
    expect(await usage('--timeout', '0')).toBe(2);
    expect(await usage('--concurrency', 'many')).toBe(2);
    expect(await usage('--bogus')).toBe(2);
    const unmapped = await pwb(withKey, 'run', '--file', 'local.yaml', '--var', 'name=Ada');
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toContain('--model');
    expect((await pwb(withKey, 'run', 'nope', '--model', 'openai:x')).code).toBe(1);
    expect((await pwb(withKey, 'run', '--file', 'greet.yaml', '--model', 'nobody:x')).code).toBe(1);
    expect(
      (await pwb({}, 'providers', 'add', 'x', '--kind', 'openai', '--base-url', 'http://h')).code,
    ).toBe(2);
    expect(
      (await pwb({}, 'providers', 'add', 'x', '--kind', 'anthropic', '--base-url', 'nota url'))
        .code,
    ).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});

/** Runs the real `pwb` process; `onStdout` sees each chunk as it comes. */
function pwbProcess(
  env: Record<string, string>,
  args: string[],
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/pwb.mjs'), '--db', db, ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      onStdout?.(text, child);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

// Each case starts several real `pwb` processes: slow on a busy machine, hence the long limits.
describe('pwb run as a process', { timeout: 120_000 }, () => {
  it('Ctrl+C cancels a run in flight', async () => {
    server.script({ kind: 'stall', afterChunks: 2 });
    const run = await pwbProcess(
      withKey,
      ['run', '--file', 'greet.yaml', '--var', 'name=Ada', '--base-url', server.openaiUrl],
      (text, child) => {
        // Interrupt once the answer has started streaming (the handler is in place by then).
        if (text.includes('echo: ')) child.kill('SIGINT');
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout.startsWith('echo: ')).toBe(true);
    expect(run.stderr).toBe('pwb: The run was cancelled\n');
  });

  it('leaves the key nowhere: database, files beside it, output, audit log', async () => {
    const args = ['--var', 'name=Ada', '--base-url', server.openaiUrl];
    await pwbProcess({}, ['save', 'greet', '--file', 'greet.yaml']);
    const runs = [
      await pwbProcess(withKey, ['run', 'greet', ...args]),
      await pwbProcess(withKey, ['run', 'greet', ...args, '--json']),
      await pwbProcess({ OPENAI_API_KEY: `${KEY}-wrong` }, ['run', 'greet', ...args, '--no-cache']),
      await pwbProcess(withKey, [
        'run',
        'greet',
        '--model',
        'anthropic:claude-x',
        '--base-url',
        server.url,
        '--var',
        'name=Ada',
      ]),
      await pwbProcess({}, [
        'providers',
        'add',
        'lab',
        '--kind',
        'anthropic',
        '--base-url',
        server.url,
        '--api-key-env',
        'OPENAI_API_KEY',
      ]),
      await pwbProcess(withKey, ['audit']),
    ];
    server.script({ kind: 'error', status: 500, message: `upstream echoed ${KEY}` });
    runs.push(
      await pwbProcess(withKey, [
        'run',
        'greet',
        '--model',
        'lab:m',
        '--var',
        'name=Ada',
        '--retries',
        '0',
      ]),
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0, 1, 0, 0, expect.any(Number), 1]);
    expect(runs[6]?.stderr).toContain('upstream echoed [redacted]');
    const fragments = [KEY, KEY.slice(-4), KEY.slice(0, 12)];
    for (const run of runs) {
      for (const fragment of fragments) expect(run.stdout + run.stderr).not.toContain(fragment);
    }
    const files = readdirSync(dir).filter((name) => !name.endsWith('.yaml'));
    expect(files).toContain('library.db');
    for (const file of files) {
      const bytes = readFileSync(join(dir, file)).toString('latin1');
      for (const fragment of fragments) expect(bytes, file).not.toContain(fragment);
    }
    const audit = await pwbProcess({}, ['audit', '--json']);
    expect(audit.stdout + audit.stderr).not.toContain(KEY);
  });
});
