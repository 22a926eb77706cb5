import { afterAll, describe, expect, it } from 'vitest';
import { startServer, MAX_BODY_BYTES } from '../server/httpServer';
import type { RunningServer } from '../server/httpServer';
import { callApi } from '../server/httpTestClient';
import { createServices } from '../services';
import type { Services } from '../services';
import { createDispatcher } from '../services/dispatch';
import { createHandlers } from '../services/handlers';
import {
  GREETING,
  REFUSAL_BUDGET_MS,
  RUN_TABLES,
  nestedJsonArrays,
  nestedJsonObject,
  openHostileLibraryForFile,
} from './hostileLibrary';

interface Reply {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  ms: number;
}

const { lib, before } = await openHostileLibraryForFile(RUN_TABLES);
const server = await startServer({ dispatcher: lib.dispatcher, port: 0 });
// Hooks run in reverse: the server closes before the library it serves is removed.
afterAll(() => server.close());

/** Sends raw bytes to /api/<method> as our page would; the answer is JSON. */
async function send(
  target: RunningServer,
  method: string,
  body: string | Buffer,
  extra: { headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<Reply> {
  const reply = await callApi(target, method, body, extra);
  return { status: reply.status, body: JSON.parse(reply.text) as Reply['body'], ms: reply.ms };
}

const post = (method: string, body: unknown, target = server) =>
  send(target, method, JSON.stringify(body));

function expectStatus(reply: Reply, status: number, code: string, message: RegExp | string): void {
  expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(status);
  expect(reply.body.ok).toBe(false);
  expect(reply.body.error?.code).toBe(code);
  if (typeof message === 'string') expect(reply.body.error?.message).toBe(message);
  else expect(reply.body.error?.message).toMatch(message);
  expect(reply.ms).toBeLessThan(REFUSAL_BUDGET_MS);
}

describe('HTTP API: hostile bodies', () => {
  it('refuses an oversized body, declared or streamed', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const message = `Request body over ${MAX_BODY_BYTES} bytes.`;
    expectStatus(await send(server, 'savePrompt', big), 413, 'too_large', message);
    expectStatus(
      await send(server, 'savePrompt', big, { chunked: true }),
      413,
      'too_large',
      message,
    );
  });

  it('refuses bodies that are not JSON: binary, invalid UTF-8, truncated', async () => {
    const cases: [string | Buffer, string | RegExp][] = [
      [Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x80]), 'The request body is not valid JSON.'],
      ['{"document": {', 'The request body is not valid JSON.'],
      // Invalid UTF-8 decodes to U+FFFD, which no id may contain.
      [Buffer.from('{"id": "caf\xc3\x28"}', 'latin1'), /^getPrompt: id must match pattern/],
      // An empty body is an empty request, which getPrompt refuses for its missing id.
      ['', "getPrompt: missing field 'id' in request"],
    ];
    for (const [body, message] of cases) {
      expectStatus(await send(server, 'getPrompt', body), 400, 'invalid_input', message);
    }
  });

  it('refuses JSON nested 100 deep where the request is read', async () => {
    expectStatus(
      await send(server, 'getPrompt', nestedJsonArrays(100)),
      400,
      'invalid_input',
      'getPrompt: request must be object',
    );
    expectStatus(
      await send(
        server,
        'savePrompt',
        `{"document": {"id": "deep", "format": "text", "metadata": ${nestedJsonObject(100)}}}`,
      ),
      200,
      'invalid_input',
      /^the document: invalid prompt: metadata(\.a)+: nested deeper than 64 levels \[depth\]$/,
    );
    expectStatus(
      await send(
        server,
        'renderPreview',
        `{"id": "greeting", "variables": ${nestedJsonObject(100)}}`,
      ),
      200,
      'invalid_input',
      // greeting has an input schema, which reads the variables first.
      'Data is nested more than 64 levels deep',
    );
  });

  it('refuses JSON nested 20,000 deep at the door, before parsing it', async () => {
    const deep: [string, string][] = [
      ['getPrompt', nestedJsonArrays(20_000)],
      ['renderPreview', `{"id": "greeting", "variables": ${nestedJsonObject(20_000)}}`],
      [
        'putDraft',
        `{"id": "greeting", "base": null, "document": {"id": "greeting", "format": "text", "metadata": ${nestedJsonObject(20_000)}}}`,
      ],
    ];
    for (const [method, body] of deep) {
      expectStatus(
        await send(server, method, body),
        413,
        'too_large',
        'The request nests deeper than 256 levels.',
      );
    }
    // Brackets inside strings are text, not nesting: this one is read (and answered) as usual.
    const flat = JSON.stringify({ id: 'nope', variables: { text: '['.repeat(20_000) } });
    expect((await send(server, 'renderPreview', flat)).status).toBe(200);
  });

  it('treats __proto__ and constructor keys as unknown fields', async () => {
    expectStatus(
      await send(server, 'getPrompt', '{"__proto__": {"id": "greeting"}, "id": "greeting"}'),
      400,
      'invalid_input',
      "getPrompt: unknown field '__proto__' in request",
    );
    expectStatus(
      await post('getPrompt', { id: 'greeting', constructor: { prototype: {} } }),
      400,
      'invalid_input',
      "getPrompt: unknown field 'constructor' in request",
    );
    expectStatus(
      await send(
        server,
        'savePrompt',
        `{"document": {"id": "evil", "format": "text", "template": {"content": "x"}, "metadata": {"__proto__": {"polluted": 1}}}}`,
      ),
      200,
      'invalid_input',
      /metadata\.__proto__: the key '__proto__' is not allowed \[forbidden_key\]$/,
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('names prototype members as unknown operations', async () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      expectStatus(await post(name, {}), 404, 'not_found', `Unknown operation '${name}'`);
    }
    expectStatus(
      await post('..%2f..%2fetc%2fpasswd', {}),
      404,
      'not_found',
      "Unknown operation '../../etc/passwd'",
    );
  });

  it('refuses wrong types for every field of a save', async () => {
    // Requests that break the contract are refused with 400; documents the prompt rules refuse
    // are application errors, answered 200 with the error in the body (the API is RPC-style).
    const cases: [Record<string, unknown>, number, string | RegExp][] = [
      [{ document: 'text' }, 400, 'savePrompt: document must be object'],
      [{ document: GREETING, base: 5 }, 400, 'savePrompt: base must be string or null'],
      [{ document: GREETING, base: '1.0' }, 400, /^savePrompt: base must match pattern/],
      [
        { document: GREETING, base: '1.1.0', bump: 'huge' },
        400,
        "savePrompt: bump must be one of 'patch', 'minor', 'major'",
      ],
      [
        { document: GREETING, base: '1.1.0', changelog: {} },
        400,
        'savePrompt: changelog must be string or null',
      ],
      [
        { document: GREETING, base: '1.1.0', allowSecrets: 'yes' },
        400,
        'savePrompt: allowSecrets must be boolean',
      ],
      [
        { document: GREETING, base: '1.1.0', force: true },
        400,
        "savePrompt: unknown field 'force' in request",
      ],
      [
        { document: { ...GREETING, id: '../../etc/passwd' }, base: null },
        200,
        /^the document: invalid prompt: id: id '\.\.\/\.\.\/etc\/passwd' is not allowed: .*\[pattern\]$/,
      ],
      [
        { document: { ...GREETING, format: 7, status: [], template: 'x' } },
        400,
        "savePrompt: document.format must be one of 'text', 'chat', 'completion', 'instruction'",
      ],
      [
        { document: { ...GREETING, shell: 'rm -rf /' } },
        400,
        "savePrompt: unknown field 'shell' in document",
      ],
    ];
    for (const [body, status, message] of cases) {
      expectStatus(await post('savePrompt', body), status, 'invalid_input', message);
    }
  });

  it('refuses path-traversal ids and names everywhere', async () => {
    for (const [method, body] of [
      ['getPrompt', { id: '../greeting' }],
      ['getHistory', { id: 'a/b' }],
      ['deletePrompt', { id: '..' }],
      ['getDraft', { id: '.hidden' }],
      ['getPartial', { name: '../signature' }],
      ['schemaYaml', { name: 'person/../../x' }],
    ] as const) {
      expectStatus(await post(method, body), 400, 'invalid_input', /must match pattern/);
    }
  });

  it('refuses export paths it cannot write, naming the problem', async () => {
    expectStatus(
      await post('exportFolder', { path: lib.dbPath }),
      200,
      'invalid_input',
      `Cannot export to ${lib.dbPath}: ${lib.dbPath} is not a folder`,
    );
    expectStatus(
      await post('exportFolder', { path: '/proc/self/pwb-export' }),
      200,
      'invalid_input',
      'Cannot write /proc/self/pwb-export: the folder cannot be created there',
    );
    expectStatus(
      await post('exportFolder', { path: 'a\u0000b' }),
      200,
      'invalid_input',
      'A folder path cannot contain a NUL character',
    );
  });

  it('stays up and leaves the library unchanged', async () => {
    const reply = await post('getPrompt', { id: 'greeting' });
    expect(reply.status).toBe(200);
    expect(lib.dump(RUN_TABLES)).toBe(before);
    expect(lib.logged).toEqual([]);
  });
});

describe('HTTP API: concurrent saves of one prompt', () => {
  const edit = (n: number, base: string) => ({
    document: { ...GREETING, template: { content: `Edit ${n}: Hello {{name}}! {{> signature}}` } },
    base,
    changelog: `client ${n}`,
  });

  it('lets exactly one of several clients win each round; the others get a conflict', async () => {
    let base = '1.1.0';
    for (let round = 0; round < 5; round += 1) {
      const replies = await Promise.all(
        [0, 1, 2].map((client) => post('savePrompt', edit(round * 10 + client, base))),
      );
      const won = replies.filter((reply) => reply.body.ok);
      expect(won).toHaveLength(1);
      for (const lost of replies.filter((reply) => !reply.body.ok)) {
        expect(lost.body.error?.code).toBe('conflict');
        expect(lost.body.error?.message).toMatch(
          new RegExp(
            `^Prompt 'greeting' changed since ${base.replaceAll('.', '\\.')}: the current version is \\d+\\.\\d+\\.\\d+\\. Reload it and save again\\.$`,
          ),
        );
      }
      base = (won[0]?.body.value as { version: string }).version;
    }
    const history = lib.services.prompts.history('greeting');
    expect(history).toHaveLength(2 + 5);
    expect(lib.services.prompts.get('greeting').version).toBe(base);
  });

  it('keeps saves through two servers on one database file consistent', async () => {
    const second: Services = createServices({ dbPath: lib.dbPath, actor: 'second' });
    const other = await startServer({
      dispatcher: createDispatcher(
        createHandlers(second, { dbPath: lib.dbPath, transport: 'http' }),
      ),
      port: 0,
    });
    try {
      const base = lib.services.prompts.get('greeting').version;
      const [a, b] = await Promise.all([
        post('savePrompt', edit(100, base)),
        post('savePrompt', edit(200, base), other),
      ]);
      expect([a.body.error?.code, b.body.error?.code].sort()).toEqual(['conflict', undefined]);
      const winner = (a.body.ok ? a : b).body.value as { version: string };
      expect(second.prompts.get('greeting').version).toBe(winner.version);
      expect(lib.services.prompts.history('greeting')[0]?.version).toBe(winner.version);
      expect(lib.services.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await other.close();
      second.dispose();
    }
  });
});
