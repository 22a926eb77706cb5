// Templates are checked where they enter the library: save (CLI, HTTP), import (inline and on
// worker threads), shared partials. A library that already holds a broken version still opens.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import { cliSandbox } from '../../cli/cliTestKit';
import { startBrowserMode } from '../../server/browserMode';
import { ImportPool } from '../files/importPool';
import { LibraryFiles } from '../files/libraryFiles';
import { sqliteFilesPort } from '../files/sqliteFilesPort';
import { createServices } from '../index';

const GOOD = 'id: good\nformat: text\ntemplate:\n  content: "Hello {{name}}"\n';
const JSON_BRACE = 'id: reply\nformat: text\ntemplate:\n  content: \'Answer as {"a": {{x}}}\'\n';
const CHAT = [
  'id: support',
  'format: chat',
  'chat_template:',
  '  messages:',
  '    - role: system',
  '      content: Be kind.',
  '    - role: user',
  '      content: "Q: {{#if q}}{{q}}"',
  '',
].join('\n');

const pool = new ImportPool({ size: 2 });
const dirs: string[] = [];

afterAll(async () => {
  await pool.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-template-entry-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'prompts'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'prompts', name), text);
  return dir;
}

describe('pwb save', () => {
  it('refuses a template ending in }}} with the prompt, line, column and a hint; writes nothing', async () => {
    const box = cliSandbox();
    writeFileSync(join(box.dir, 'reply.yaml'), JSON_BRACE);
    const run = await box.pwb('save', 'reply', '--file', 'reply.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Prompt 'reply'");
    expect(run.stderr).toContain('line 1, column 20');
    expect(run.stderr).toContain('triple-stash');
    expect(run.stderr).toContain("put a space between them ('{{x}} }')");
    const list = await box.pwb('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('refuses a chat message that does not parse, numbering messages from 1', async () => {
    const box = cliSandbox();
    writeFileSync(join(box.dir, 'support.yaml'), CHAT);
    const run = await box.pwb('save', 'support', '--file', 'support.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Prompt 'support', message 2 (user): Parse error on line 1");
  });
});

describe('pwb import', () => {
  it('refuses a folder with one broken file, naming file and prompt, and writes nothing', async () => {
    const box = cliSandbox();
    const dir = folder({ 'good.yaml': GOOD, 'support.yaml': CHAT });
    const run = await box.pwb('import', dir, '--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('support.yaml');
    expect(run.stderr).toContain("Prompt 'support', message 2");
    const list = await box.pwb('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

describe('a threaded import', () => {
  it('refuses the broken file from a worker thread with the same located issue', async () => {
    const dir = folder({
      'good.yaml': GOOD,
      'reply.yaml': JSON_BRACE,
      'more.yaml': GOOD.replace('good', 'more'),
    });
    const services = createServices({ dbPath: join(dir, 'library.db') });
    const files = new LibraryFiles(sqliteFilesPort(services), {
      pool,
      threadsFromFiles: 0,
      threadsFromBytes: 0,
    });
    try {
      const error = await files.importPaths([dir]).then(
        () => expect.unreachable('the import was accepted'),
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(AppError);
      const refusal = error as AppError;
      expect(refusal.message).toContain('reply.yaml');
      expect(refusal.details?.['issues']).toEqual([
        expect.objectContaining({
          path: 'template.content',
          rule: 'template_syntax',
          line: 1,
          column: 20,
          hint: expect.stringContaining('triple-stash'),
        }),
      ]);
      expect(services.prompts.list({}).total).toBe(0);
      expect(await pool.mode()).toBe('threads');
    } finally {
      services.dispose();
    }
  });
});

describe('HTTP (browser mode)', () => {
  it('refuses a broken prompt and a broken shared partial, and saves neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwb-template-http-'));
    dirs.push(dir);
    const mode = await startBrowserMode({
      dbPath: join(dir, 'library.db'),
      port: 0,
      staticDir: join(dir, 'no-page'),
      log: () => undefined,
      warn: () => undefined,
    });
    try {
      const url = new URL(mode.server.url);
      const token = url.searchParams.get('token') ?? '';
      const api = async (method: string, body: unknown) => {
        const response = await fetch(new URL(`/api/${method}`, url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        return (await response.json()) as {
          ok: boolean;
          error?: { code: string; message: string; details?: Record<string, unknown> };
        };
      };
      const document = { id: 'broken', format: 'text', template: { content: 'Hi {{#each xs}}' } };
      const saved = await api('savePrompt', { document, base: null });
      expect(saved.ok).toBe(false);
      expect(saved.error?.code).toBe('invalid_input');
      expect(saved.error?.message).toContain("Prompt 'broken': Parse error on line 1, column 16");
      const partial = await api('savePartial', { name: 'row', content: '{"a": {{x}}}' });
      expect(partial.ok).toBe(false);
      expect(partial.error?.code).toBe('template_syntax');
      expect(partial.error?.message).toContain("Parse error in partial 'row' on line 1, column 10");
      expect(partial.error?.details).toMatchObject({ partial: 'row', line: 1, column: 10 });
      expect(partial.error?.details?.['hint']).toContain('triple-stash');
      const decorated = await api('savePartial', { name: 'row', content: 'a\n{{* deco}}' });
      expect(decorated.error?.message).toContain(
        "Unsupported in partial 'row' on line 2, column 1: the decorator '{{*deco}}'",
      );
      const listed = (await api('listPrompts', {})) as { ok: boolean; value?: { total: number } };
      expect(listed.value?.total).toBe(0);
      const partials = (await api('listPartials', {})) as { value?: unknown[] };
      expect(partials.value).toEqual([]);
    } finally {
      await mode.stop();
    }
  });
});

describe('a library that already holds a version that does not parse', () => {
  it('lists, shows and keeps history; rendering it reports the error; a restore reports it', async () => {
    const box = cliSandbox();
    const services = createServices({ dbPath: box.db });
    try {
      // Written as a library from before templates were checked on entry would hold it.
      const document = parsePrompt(
        { id: 'legacy', format: 'text', template: { content: 'Hi\n{{#if x}}' } },
        undefined,
        { templates: 'skip' },
      );
      services.prompts.saveParsed({ document, base: null });
    } finally {
      services.dispose();
    }
    const list = await box.pwb('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: 'legacy' })]);
    const show = await box.pwb('show', 'legacy');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('{{#if x}}');
    const history = await box.pwb('history', 'legacy', '--json');
    expect(history.code).toBe(0);
    const render = await box.pwb('render', 'legacy', '--var', 'x=1');
    expect(render.code).toBe(1);
    expect(render.stderr).toContain('Parse error on line 2, column 10');

    const backup = join(box.dir, 'copy.db');
    expect((await box.pwb('backup', '--to', backup)).code).toBe(0);
    const elsewhere = cliSandbox();
    const restore = await elsewhere.pwb('restore', backup);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('Restored 1 prompt(s)');
    expect(restore.stderr).toContain(
      "Warning: prompt 'legacy' 1.0.0 does not render until fixed: Parse error on line 2",
    );
    expect((await elsewhere.pwb('list', '--json')).stdout).toContain('legacy');
  });
});
