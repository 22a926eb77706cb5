// The table of adapters: one row per provider kind.
import type { AdapterTable } from './adapter';
import { anthropicAdapter } from './anthropicAdapter';
import { openaiAdapter } from './openaiAdapter';

/** Every provider kind's adapter; OpenAI-compatible servers speak OpenAI's protocol. */
export const ADAPTERS: AdapterTable = {
  openai: openaiAdapter,
  'openai-compatible': openaiAdapter,
  anthropic: anthropicAdapter,
};
