import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from './browserMode';
import { startBrowserMode } from './browserMode';
import { callApi } from './httpTestClient';

// Prompt and schema documents are checked against their JSON Schemas at the HTTP door: a
// malformed one is refused with the field's path and the rule it breaks, and nothing is written.

interface Refusal {
  code: string;
  message: string;
  details: { stage: string; issues: { path: string; rule: string }[] };
}

let dir: string;
let dbPath: string;
let mode: BrowserMode;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-door-'));
  dbPath = join(dir, 'workbench.db');
  mode = await startBrowserMode({
    dbPath,
    port: 0,
    staticDir: join(dir, 'no-page'),
    log: () => undefined,
    warn: () => undefined,
  });
});

afterAll(async () => {
  await mode.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The library's bytes on disk, write-ahead log included. */
const onDisk = (): string =>
  [dbPath, `${dbPath}-wal`]
    .map((file) => (existsSync(file) ? readFileSync(file).toString('base64') : '-'))
    .join('|');

async function post(method: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const url = new URL(mode.server.url);
  const server = { port: Number(url.port), token: url.searchParams.get('token') ?? '' };
  const reply = await callApi(server, method, JSON.stringify(body));
  return { status: reply.status, body: JSON.parse(reply.text) as unknown };
}

async function refusal(method: string, body: unknown): Promise<Refusal> {
  const reply = await post(method, body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  const outcome = reply.body as { ok: boolean; error: Refusal };
  expect(outcome.ok).toBe(false);
  return outcome.error;
}

const TEXT = { id: 'door', format: 'text', template: { content: 'Hi {{name}}' } };
const CHAT = {
  id: 'door-chat',
  format: 'chat',
  chat_template: { messages: [{ role: 'user', content: '{{q}}' }] },
};

describe('the prompt document at the HTTP door', () => {
  const cases: [string, Record<string, unknown>, string, string, string][] = [
    [
      'a wrong field type',
      { ...TEXT, template: { content: 42 } },
      'document.template.content',
      'type',
      'savePrompt: document.template.content must be string',
    ],
    [
      'an unknown top-level field',
      { ...TEXT, engine: 'jinja' },
      'document.engine',
      'unknown_field',
      "savePrompt: unknown field 'engine' in document",
    ],
    [
      'an unknown field in a chat message',
      {
        ...CHAT,
        chat_template: { messages: [{ role: 'user', content: 'x', script: { run: 'rm -rf /' } }] },
      },
      'document.chat_template.messages.0.script',
      'unknown_field',
      "savePrompt: unknown field 'script' in document.chat_template.messages.0",
    ],
    [
      'nested junk in tool calls',
      {
        ...CHAT,
        chat_template: { messages: [{ role: 'assistant', content: 'x', tool_calls: [1, [2]] }] },
      },
      'document.chat_template.messages.0.tool_calls',
      'type',
      'savePrompt: document.chat_template.messages.0.tool_calls.0 must be object',
    ],
    [
      'a role that does not exist',
      { ...CHAT, chat_template: { messages: [{ role: 'root', content: 'x' }] } },
      'document.chat_template.messages.0.role',
      'enum',
      "savePrompt: document.chat_template.messages.0.role must be one of 'system', 'user', 'assistant', 'function', 'tool'",
    ],
    [
      'a list where metadata tags hold strings',
      { ...TEXT, metadata: { tags: ['ok', { nested: ['junk'] }] } },
      'document.metadata.tags.1',
      'type',
      'savePrompt: document.metadata.tags.1 must be string',
    ],
    [
      'a temperature that is neither a number nor numeric text',
      { ...TEXT, metadata: { temperature: [0.7] } },
      'document.metadata.temperature',
      'type',
      'savePrompt: document.metadata.temperature must be number or string or null',
    ],
    [
      'a missing format',
      { id: 'door', template: { content: 'x' } },
      'document.format',
      'required',
      "savePrompt: missing field 'format' in document",
    ],
  ];

  for (const [title, document, path, rule, message] of cases) {
    it(`refuses ${title}, naming the field, and writes nothing`, async () => {
      const before = onDisk();
      const error = await refusal('savePrompt', { document });
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(message);
      expect(error.details.stage).toBe('request');
      expect(error.details.issues[0]?.path.startsWith(path)).toBe(true);
      expect(error.details.issues[0]?.rule).toBe(rule);
      expect(onDisk()).toBe(before);
      const list = (await post('listPrompts', {})).body as { value: { total: number } };
      expect(list.value.total).toBe(0);
    });
  }

  it('checks documents the same way on preview, export, output tests and drafts', async () => {
    const document = { ...TEXT, template: { content: 'x', engine: 'jinja' } };
    const message = (method: string) => `${method}: unknown field 'engine' in document.template`;
    for (const [method, body] of [
      ['renderPreview', { document, variables: {} }],
      ['exportPrompt', { document, provider: 'openai', variables: {} }],
      ['validateOutput', { document, data: {} }],
      ['putDraft', { id: 'door', document, base: null }],
    ] as const) {
      expect((await refusal(method, body)).message).toBe(message(method));
    }
    const draft = (await post('getDraft', { id: 'door' })).body as { value: unknown };
    expect(draft.value).toBeNull();
  });

  it('lets through a minimal document and one exactly as the library returns it', async () => {
    const saved = await post('savePrompt', { document: TEXT });
    expect(saved.body).toMatchObject({ ok: true, value: { id: 'door', version: '1.0.0' } });
    const got = (await post('getPrompt', { id: 'door' })).body as { value: { id: string } };
    const edited = { ...got.value, template: { content: 'Hello {{name}}' } };
    const again = await post('savePrompt', { document: edited, base: '1.0.0' });
    expect(again.body).toMatchObject({ ok: true, value: { version: '1.0.1' } });
  });
});

describe('the schema document at the HTTP door', () => {
  it('refuses a field of the wrong shape, naming its path, and writes nothing', async () => {
    const before = onDisk();
    const error = await refusal('saveSchema', {
      schema: { name: 'person', fields: [{ name: 'age', type: 'integer', required: 'yes' }] },
    });
    expect(error.message).toBe('saveSchema: schema.fields.0.required must be boolean');
    expect(error.details.issues[0]).toMatchObject({
      path: 'schema.fields.0.required',
      rule: 'type',
    });
    const validator = await refusal('saveSchema', {
      schema: {
        name: 'person',
        fields: [{ name: 'age', type: 'integer', validators: [{ type: 'range', min: 1 }] }],
      },
    });
    expect(validator.message).toBe(
      "saveSchema: unknown field 'min' in schema.fields.0.validators.0",
    );
    expect(onDisk()).toBe(before);
    const schemas = (await post('listSchemas', {})).body as { value: unknown[] };
    expect(schemas.value).toEqual([]);
  });
});
