// The answer cache keeps answers up to its size limit, dropping the oldest first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import type { Database } from '../store/database';
import { AnswerCache, cacheKey } from './answerCache';
import type { CachedAnswer } from './answerCache';

let db: Database | undefined;
afterEach(() => db?.close());

const answer = (output: string): CachedAnswer => ({
  output,
  finish_reason: 'stop',
  input_tokens: 1,
  output_tokens: 1,
  latency_ms: 10,
  ttft_ms: 5,
  cost_usd: null,
});

describe('AnswerCache', () => {
  it('hashes every part of the call into the key', () => {
    const base = { kind: 'openai', baseUrl: 'http://a/v1', model: 'm', body: { messages: [] } };
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, kind: 'openai-compatible' }),
      cacheKey({ ...base, baseUrl: 'http://b/v1' }),
      cacheKey({ ...base, model: 'n' }),
      cacheKey({ ...base, body: { messages: [], temperature: 0 } }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('drops the oldest answers once over its size limit', () => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pwb-cache-')), 'library.db'));
    let now = 0;
    const cache = new AnswerCache(db, () => new Date((now += 1000)), 2000);
    for (let n = 0; n < 10; n += 1) cache.put(`key-${n}`, 'openai', 'm', answer('x'.repeat(400)));
    const rows = db.prepare('SELECT key, bytes FROM model_cache ORDER BY created_at').all() as {
      key: string;
      bytes: number;
    }[];
    const size = rows[0]?.bytes ?? 0;
    expect(size).toBeGreaterThan(400);
    // As many of the newest as fit under the limit, and no more.
    expect(rows.map((row) => row.key)).toEqual(
      Array.from(
        { length: Math.floor(2000 / size) },
        (_, n) => `key-${10 - Math.floor(2000 / size) + n}`,
      ),
    );
    expect(cache.get('key-9')).toEqual(answer('x'.repeat(400)));
    expect(cache.clear()).toBe(rows.length);
    expect(cache.get('key-9')).toBeNull();
  });
});
