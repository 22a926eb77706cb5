// JSON Schemas (plain data) for contract requests; compiled by the Node side only, never by the page.
import { BUMP_LEVELS, PROMPT_FORMATS, PROMPT_STATUSES } from '../model/prompt';
import { METRIC_BUCKETS, METRIC_KINDS, PROVIDERS } from './dto';
import { JOB_PATTERN } from './events';

/** A JSON Schema fragment (kept as plain data so the page can import the contract safely). */
export type JsonSchema = Readonly<Record<string, unknown>>;

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';
const VERSION = { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$', maxLength: 32 } as const;
const NAME = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' } as const;

/** A prompt id. */
export const promptId = { type: 'string', pattern: ID_PATTERN, maxLength: 128 } as const;

/** An object with exactly these properties (no others). */
export function object(
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

const text = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
const anyObject = (maxProperties: number): JsonSchema => ({ type: 'object', maxProperties });
const enumOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });

/** Schemas shared by several requests. */
export const parts = {
  id: promptId,
  version: VERSION,
  name: NAME,
  variables: anyObject(1000),
  document: anyObject(64),
  provider: enumOf(PROVIDERS),
  bump: enumOf(BUMP_LEVELS),
  status: enumOf(PROMPT_STATUSES),
  format: enumOf(PROMPT_FORMATS),
  kind: enumOf(METRIC_KINDS),
  bucket: enumOf(METRIC_BUCKETS),
  path: { type: 'string', minLength: 1, maxLength: 4096 },
  job: { type: 'string', pattern: JOB_PATTERN, maxLength: 64 },
  text,
  limit: { type: 'integer', minimum: 1, maximum: 10000 },
  offset: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  epochMs: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000 },
  empty: object({}),
} as const;
