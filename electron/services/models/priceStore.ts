// The price table: shipped prices, overridden by the ones people set in the library.
import { AppError } from '../../../src-shared/errors';
import { SHIPPED_PRICES, findPrice } from '../../../src-shared/models/prices';
import type { ListedPrice, ModelPrice } from '../../../src-shared/models/prices';
import type { Database } from '../store/database';

const MODEL_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,199}$/;

/** Reads and edits the price table. */
export class PriceStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  private library(): ModelPrice[] {
    return this.db
      .prepare('SELECT model, input_per_mtok, output_per_mtok FROM model_prices ORDER BY model')
      .all() as ModelPrice[];
  }

  /** Every price: the library's, then shipped ones it does not override. */
  list(): ListedPrice[] {
    return listedPrices(this.library());
  }

  /** The price of a provider's model, or null when none is known. */
  find(provider: string, model: string): ModelPrice | null {
    return findPrice([this.library(), SHIPPED_PRICES], provider, model);
  }

  /** Sets (or, with null prices, removes) the library's price of a model. */
  set(price: {
    model: string;
    input_per_mtok: number | null;
    output_per_mtok: number | null;
  }): void {
    if (checkPrice(price) === null) {
      this.db.prepare('DELETE FROM model_prices WHERE model = ?').run(price.model);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO model_prices (model, input_per_mtok, output_per_mtok, updated_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (model) DO UPDATE SET input_per_mtok = excluded.input_per_mtok,
           output_per_mtok = excluded.output_per_mtok, updated_at = excluded.updated_at`,
      )
      .run(price.model, price.input_per_mtok, price.output_per_mtok, this.clock().toISOString());
  }
}

/** The library's prices, then the shipped ones it does not override. */
export function listedPrices(own: readonly ModelPrice[]): ListedPrice[] {
  const names = new Set(own.map((price) => price.model));
  return [
    ...own.map((price) => ({ ...price, source: 'library' as const })),
    ...SHIPPED_PRICES.filter((price) => !names.has(price.model)).map((price) => ({
      ...price,
      source: 'shipped' as const,
    })),
  ];
}

/** Checks a price to set: the price to store, or null when it removes the library's own. */
export function checkPrice(price: {
  model: string;
  input_per_mtok: number | null;
  output_per_mtok: number | null;
}): ModelPrice | null {
  if (!MODEL_KEY.test(price.model)) {
    throw new AppError('invalid_input', `'${price.model}' is not a model id`);
  }
  if (price.input_per_mtok === null || price.output_per_mtok === null) return null;
  for (const value of [price.input_per_mtok, price.output_per_mtok]) {
    if (!Number.isFinite(value) || value < 0 || value > 1e6) {
      throw new AppError('invalid_input', 'Prices are dollars per million tokens, 0 or more');
    }
  }
  return {
    model: price.model,
    input_per_mtok: price.input_per_mtok,
    output_per_mtok: price.output_per_mtok,
  };
}
