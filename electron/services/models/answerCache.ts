// The answer cache: provider answers under a hash of (kind, base URL, model, request body),
// kept in the library up to a size limit, oldest out first.
import { sha256Hex } from '../store/contentHash';
import type { Database } from '../store/database';

/** What a cached answer keeps: enough to report the original call. */
export interface CachedAnswer {
  output: string;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  latency_ms: number;
  ttft_ms: number | null;
  cost_usd: number | null;
}

/** The default size limit: 500 MB. */
export const DEFAULT_CACHE_BYTES = 500 * 1024 * 1024;

/** The cache key of one call. */
export function cacheKey(parts: {
  kind: string;
  baseUrl: string;
  model: string;
  body: Record<string, unknown>;
}): string {
  return sha256Hex(JSON.stringify([parts.kind, parts.baseUrl, parts.model, parts.body]));
}

/** Reads and writes cached answers. */
export class AnswerCache {
  private readonly limit: number;

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
    limitBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.limit = limitBytes;
  }

  get(key: string): CachedAnswer | null {
    const row = this.db.prepare('SELECT answer FROM model_cache WHERE key = ?').get(key) as
      { answer: string } | undefined;
    return row ? (JSON.parse(row.answer) as CachedAnswer) : null;
  }

  /** Stores an answer, then drops the oldest entries while the cache is over its limit. */
  put(key: string, provider: string, model: string, answer: CachedAnswer): void {
    const text = JSON.stringify(answer);
    const bytes = Buffer.byteLength(text) + key.length;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO model_cache (key, provider, model, answer, bytes, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(key, provider, model, text, bytes, this.clock().getTime());
      let total = (
        this.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM model_cache').get() as {
          n: number;
        }
      ).n;
      const oldest = this.db.prepare(
        'SELECT key, bytes FROM model_cache ORDER BY created_at, rowid LIMIT 64',
      );
      const drop = this.db.prepare('DELETE FROM model_cache WHERE key = ?');
      while (total > this.limit) {
        const rows = oldest.all() as { key: string; bytes: number }[];
        if (rows.length === 0) break;
        for (const row of rows) {
          if (total <= this.limit) break;
          drop.run(row.key);
          total -= row.bytes;
        }
      }
    })();
  }

  /** Empties the cache; returns how many answers went. */
  clear(): number {
    return this.db.prepare('DELETE FROM model_cache').run().changes;
  }
}
