// Prices per model (US dollars per million tokens) as shipped with the app, and the cost of a call.

/** The price of one model. */
export interface ModelPrice {
  /** A model id (`gpt-4o-mini`), or `provider:model` to price one provider's model only. */
  model: string;
  input_per_mtok: number;
  output_per_mtok: number;
}

/** A price in the table, and where it comes from. */
export interface ListedPrice extends ModelPrice {
  source: 'shipped' | 'library';
}

/**
 * List prices as published by OpenAI and Anthropic (standard tier, no caching discounts). They
 * change: people edit them in the library (`setPrice`), which overrides these.
 */
export const SHIPPED_PRICES: readonly ModelPrice[] = [
  { model: 'gpt-5', input_per_mtok: 1.25, output_per_mtok: 10 },
  { model: 'gpt-5-mini', input_per_mtok: 0.25, output_per_mtok: 2 },
  { model: 'gpt-5-nano', input_per_mtok: 0.05, output_per_mtok: 0.4 },
  { model: 'gpt-4.1', input_per_mtok: 2, output_per_mtok: 8 },
  { model: 'gpt-4.1-mini', input_per_mtok: 0.4, output_per_mtok: 1.6 },
  { model: 'gpt-4.1-nano', input_per_mtok: 0.1, output_per_mtok: 0.4 },
  { model: 'gpt-4o', input_per_mtok: 2.5, output_per_mtok: 10 },
  { model: 'gpt-4o-mini', input_per_mtok: 0.15, output_per_mtok: 0.6 },
  { model: 'gpt-4-turbo', input_per_mtok: 10, output_per_mtok: 30 },
  { model: 'gpt-4', input_per_mtok: 30, output_per_mtok: 60 },
  { model: 'gpt-3.5-turbo', input_per_mtok: 0.5, output_per_mtok: 1.5 },
  { model: 'o1', input_per_mtok: 15, output_per_mtok: 60 },
  { model: 'o1-mini', input_per_mtok: 1.1, output_per_mtok: 4.4 },
  { model: 'o3', input_per_mtok: 2, output_per_mtok: 8 },
  { model: 'o3-mini', input_per_mtok: 1.1, output_per_mtok: 4.4 },
  { model: 'o4-mini', input_per_mtok: 1.1, output_per_mtok: 4.4 },
  { model: 'claude-opus-4-1', input_per_mtok: 15, output_per_mtok: 75 },
  { model: 'claude-opus-4', input_per_mtok: 15, output_per_mtok: 75 },
  { model: 'claude-sonnet-4-5', input_per_mtok: 3, output_per_mtok: 15 },
  { model: 'claude-sonnet-4', input_per_mtok: 3, output_per_mtok: 15 },
  { model: 'claude-haiku-4-5', input_per_mtok: 1, output_per_mtok: 5 },
  { model: 'claude-3-7-sonnet', input_per_mtok: 3, output_per_mtok: 15 },
  { model: 'claude-3-5-sonnet', input_per_mtok: 3, output_per_mtok: 15 },
  { model: 'claude-3-5-haiku', input_per_mtok: 0.8, output_per_mtok: 4 },
  { model: 'claude-3-opus', input_per_mtok: 15, output_per_mtok: 75 },
  { model: 'claude-3-haiku', input_per_mtok: 0.25, output_per_mtok: 1.25 },
];

/**
 * The price of `model` at `provider`: an exact `provider:model` entry, then the model id, then
 * the longest entry the id starts with followed by `-` (dated ids such as
 * `claude-3-5-haiku-20241022`). Earlier tables win over later ones (library before shipped).
 */
export function findPrice(
  tables: readonly (readonly ModelPrice[])[],
  provider: string,
  model: string,
): ModelPrice | null {
  for (const table of tables) {
    const exact =
      table.find((price) => price.model === `${provider}:${model}`) ??
      table.find((price) => price.model === model);
    if (exact) return exact;
  }
  for (const table of tables) {
    const prefixed = table
      .filter((price) => !price.model.includes(':') && model.startsWith(`${price.model}-`))
      .sort((a, b) => b.model.length - a.model.length)[0];
    if (prefixed) return prefixed;
  }
  return null;
}

/** The cost in dollars of a call, or null without a price or token counts. */
export function costOf(
  price: ModelPrice | null,
  inputTokens: number | null,
  outputTokens: number | null,
): number | null {
  if (price === null || inputTokens === null || outputTokens === null) return null;
  const cost = (inputTokens * price.input_per_mtok + outputTokens * price.output_per_mtok) / 1e6;
  // Twelve decimals: no float noise such as 0.000012000000000000001 in printed costs.
  return Math.round(cost * 1e12) / 1e12;
}
