// The read API over a real SQLite library and a real HTTP server on port 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../src-shared/model/prompt';
import { ApiKeyService } from '../services/apikeys/apiKeyService';
import { createServices, type Services } from '../services/index';
import { libraryStamp } from '../services/store/database';
import { LabelService } from '../services/labels/labelService';
import { RenderService } from '../services/render/renderService';
import { startReadApi, type ReadApi } from './readApi';

let dir: string;
let services: Services;
let labels: LabelService;
let keys: ApiKeyService;
let api: ReadApi;
let key: string;

const doc = (content: string) =>
  ({
    id: 'greeting',
    format: 'text',
    status: 'active',
    template: { content },
    metadata: { tags: [] },
  }) as unknown as Prompt;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-api-'));
  services = createServices({ dbPath: join(dir, 'library.db'), actor: 'tester' });
  const deps = { clock: () => new Date(), actor: 'tester', audit: services.audit };
  labels = new LabelService(services.db, deps);
  keys = new ApiKeyService(services.db, deps);
  services.prompts.save({ document: doc('Hi {{name}}') });
  services.prompts.save({ document: doc('Hello {{name}}'), base: '1.0.0' });
  key = keys.create('shop-backend');
  api = await startReadApi(
    {
      prompts: services.prompts,
      labels,
      keys,
      render: new RenderService(services),
      libraryVersion: () => libraryStamp(services.db),
    },
    { host: '127.0.0.1' },
  );
});

afterEach(async () => {
  await api.close();
  services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });

const render = (body: unknown) =>
  fetch(`${api.url}/v1/prompts/greeting/render`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the read API', () => {
  it('serves production, else the current version, as pwb show --json prints it', async () => {
    const current = await get('/v1/prompts/greeting');
    expect(current.status).toBe(200);
    const text = await current.text();
    expect(text).toBe(`${JSON.stringify(services.prompts.get('greeting'), null, 2)}\n`);
    labels.set('greeting', 'production', '1.0.0');
    const production = (await (await get('/v1/prompts/greeting')).json()) as Prompt;
    expect(production.version).toBe('1.0.0');
    const byVersion = (await (await get('/v1/prompts/greeting?version=1.0.1')).json()) as Prompt;
    expect(byVersion.template?.content).toBe('Hello {{name}}');
  });

  it('answers 304 to a matching ETag until a label moves', async () => {
    labels.set('greeting', 'production', '1.0.0');
    const first = await get('/v1/prompts/greeting');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await get('/v1/prompts/greeting', { 'if-none-match': etag })).status).toBe(304);
    labels.set('greeting', 'production', '1.0.1');
    const moved = await get('/v1/prompts/greeting', { 'if-none-match': etag });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as Prompt).version).toBe('1.0.1');
  });

  it('sees a label moved by another process’s connection', async () => {
    labels.set('greeting', 'production', '1.0.0');
    expect(((await (await get('/v1/prompts/greeting')).json()) as Prompt).version).toBe('1.0.0');
    const other = createServices({ dbPath: join(dir, 'library.db'), actor: 'cli' });
    new LabelService(other.db, { clock: () => new Date(), actor: 'cli', audit: other.audit }).set(
      'greeting',
      'production',
      '1.0.1',
    );
    other.dispose();
    expect(((await (await get('/v1/prompts/greeting')).json()) as Prompt).version).toBe('1.0.1');
  });

  it('renders as text or as a provider payload, at a label', async () => {
    labels.set('greeting', 'staging', '1.0.1');
    const text = await render({ variables: { name: 'Ada' } });
    expect(await text.json()).toEqual({
      id: 'greeting',
      version: '1.0.1',
      format: 'text',
      output: 'Hello Ada',
    });
    const openai = await render({ variables: { name: 'Ada' }, label: 'staging', format: 'openai' });
    expect(await openai.json()).toMatchObject({
      version: '1.0.1',
      format: 'openai',
      output: { messages: [{ role: 'user', content: 'Hello Ada' }] },
    });
  });

  it('refuses missing, wrong and revoked keys with 401', async () => {
    const none = await fetch(`${api.url}/v1/prompts/greeting`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: { code: 'unauthorized', message: expect.stringMatching(/API key/) as unknown },
    });
    expect((await get('/v1/prompts/greeting', { authorization: 'Bearer pwb_wrong' })).status).toBe(
      401,
    );
    keys.revoke('shop-backend');
    expect((await get('/v1/prompts/greeting')).status).toBe(401);
  });

  it('answers 404 for unknown ids, labels and versions, 422 for bad bodies', async () => {
    const codes = async (response: Promise<Response>) => {
      const answer = await response;
      return [answer.status, ((await answer.json()) as { error: { code: string } }).error.code];
    };
    expect(await codes(get('/v1/prompts/nope'))).toEqual([404, 'not_found']);
    expect(await codes(get('/v1/prompts/greeting?label=canary'))).toEqual([404, 'not_found']);
    expect(await codes(get('/v1/prompts/greeting?version=9.9.9'))).toEqual([404, 'not_found']);
    expect(await codes(render({ variables: {} }))).toEqual([422, 'template_render']);
    expect(await codes(render({ variables: [] }))).toEqual([422, 'invalid_input']);
    expect(await codes(render({ variables: {}, format: 'yaml' }))).toEqual([422, 'invalid_input']);
  });

  it('keeps key secrets out of the database', () => {
    const rows = services.db.prepare('SELECT * FROM api_keys').all();
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));
    expect(keys.list()).toEqual([
      expect.objectContaining({ name: 'shop-backend', revoked_at: null }),
    ]);
  });
});
