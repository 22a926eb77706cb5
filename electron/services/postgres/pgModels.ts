// Providers, prices and the answer cache on PostgreSQL: the stores model runs
// use (SQLite's rules, shared as functions), shared by the team. Keys are never stored.
import { AppError } from '../../../src-shared/errors';
import { SHIPPED_PRICES, findPrice } from '../../../src-shared/models/prices';
import type { ListedPrice, ModelPrice } from '../../../src-shared/models/prices';
import type { ProviderInfo, UserProviderKind } from '../../../src-shared/models/providers';
import { DEFAULT_CACHE_BYTES } from '../models/answerCache';
import type { CachedAnswer } from '../models/answerCache';
import type { ModelStores } from '../models/modelService';
import { checkPrice, listedPrices } from '../models/priceStore';
import type { NewProvider } from '../models/providerStore';
import {
  checkNewProvider,
  findProvider,
  refuseBuiltinRemoval,
  withBuiltins,
} from '../models/providerStore';
import type { PostgresLibrary } from './pgLibrary';

/** Providers people added, shared by the library (admins add and remove them). */
export class PgProviders {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(): Promise<ProviderInfo[]> {
    return this.library.read('read providers', async () => {
      const rows = await this.library.pool.query<{
        name: string;
        kind: UserProviderKind;
        base_url: string;
        api_key_env: string | null;
      }>('SELECT name, kind, base_url, api_key_env FROM providers ORDER BY name');
      return withBuiltins(rows.rows);
    });
  }

  async get(name: string): Promise<ProviderInfo> {
    return findProvider(await this.list(), name);
  }

  async add(provider: NewProvider): Promise<ProviderInfo> {
    const added = checkNewProvider(provider);
    return this.library.transaction('add providers', async (client) => {
      const result = await client.query(
        `INSERT INTO providers (name, kind, base_url, api_key_env, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING`,
        [added.name, added.kind, added.base_url, added.api_key_env, this.clock().toISOString()],
      );
      if (result.rowCount === 0) {
        throw new AppError('conflict', `Provider '${provider.name}' already exists`);
      }
      return added;
    });
  }

  async remove(name: string): Promise<void> {
    refuseBuiltinRemoval(name);
    await this.library.transaction('remove providers', async (client) => {
      const result = await client.query('DELETE FROM providers WHERE name = $1', [name]);
      if (result.rowCount === 0) {
        throw new AppError('not_found', `Unknown provider '${name}'`, { provider: name });
      }
    });
  }
}

/** The price table: shipped prices, overridden by the library's (admins set them). */
export class PgPrices {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private async own(): Promise<ModelPrice[]> {
    return this.library.read('read prices', async () => {
      const rows = await this.library.pool.query<ModelPrice>(
        'SELECT model, input_per_mtok, output_per_mtok FROM model_prices ORDER BY model',
      );
      return rows.rows;
    });
  }

  async list(): Promise<ListedPrice[]> {
    return listedPrices(await this.own());
  }

  async find(provider: string, model: string): Promise<ModelPrice | null> {
    return findPrice([await this.own(), SHIPPED_PRICES], provider, model);
  }

  async set(price: {
    model: string;
    input_per_mtok: number | null;
    output_per_mtok: number | null;
  }): Promise<void> {
    const checked = checkPrice(price);
    await this.library.transaction('set prices', async (client) => {
      if (checked === null) {
        await client.query('DELETE FROM model_prices WHERE model = $1', [price.model]);
        return;
      }
      await client.query(
        `INSERT INTO model_prices (model, input_per_mtok, output_per_mtok, updated_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (model) DO UPDATE SET input_per_mtok = excluded.input_per_mtok,
           output_per_mtok = excluded.output_per_mtok, updated_at = excluded.updated_at`,
        [
          checked.model,
          checked.input_per_mtok,
          checked.output_per_mtok,
          this.clock().toISOString(),
        ],
      );
    });
  }
}

/** The answer cache in the library, up to a size limit (oldest out first). */
export class PgAnswerCache {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
    private readonly limit = DEFAULT_CACHE_BYTES,
  ) {}

  async get(key: string): Promise<CachedAnswer | null> {
    return this.library.read('read the answer cache', async () => {
      const rows = await this.library.pool.query<{ answer: CachedAnswer }>(
        'SELECT answer FROM model_cache WHERE key = $1',
        [key],
      );
      return rows.rows[0]?.answer ?? null;
    });
  }

  /** Stores an answer, then drops the oldest entries while the cache is over its limit. */
  async put(key: string, provider: string, model: string, answer: CachedAnswer): Promise<void> {
    const text = JSON.stringify(answer);
    const bytes = Buffer.byteLength(text) + key.length;
    await this.library.transaction('write the answer cache', async (client) => {
      await client.query(
        `INSERT INTO model_cache (key, provider, model, answer, bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET provider = excluded.provider, model = excluded.model,
           answer = excluded.answer, bytes = excluded.bytes, created_at = excluded.created_at`,
        [key, provider, model, text, bytes, this.clock().getTime()],
      );
      // Newest first, the entries past the limit go.
      await client.query(
        `DELETE FROM model_cache WHERE key IN (
           SELECT key FROM (
             SELECT key, sum(bytes) OVER (ORDER BY created_at DESC, seq DESC) AS kept
               FROM model_cache) ranked
            WHERE kept > $1)`,
        [this.limit],
      );
    });
  }

  /** Empties the cache; returns how many answers went. */
  async clear(): Promise<number> {
    return this.library.transaction('clear the answer cache', async (client) => {
      const result = await client.query('DELETE FROM model_cache');
      return result.rowCount ?? 0;
    });
  }
}

/** The stores model runs use on one PostgreSQL library. */
export interface PgModelStores extends ModelStores {
  providers: PgProviders;
  prices: PgPrices;
  cache: PgAnswerCache;
}

/** Providers, prices and the cache of one PostgreSQL library. */
export function pgModelStores(library: PostgresLibrary): PgModelStores {
  return {
    providers: new PgProviders(library),
    prices: new PgPrices(library),
    cache: new PgAnswerCache(library),
  };
}
