// Typed JSON Schema pieces shared by the contract's requests; compiled by the Node side only.
import { BUMP_LEVELS, PROMPT_FORMATS, PROMPT_STATUSES } from '../model/prompt';
import { METRIC_BUCKETS, METRIC_KINDS, METRIC_SOURCES, PROVIDERS } from './dto';
import { promptDocumentSchema, schemaDocumentSchema } from './documentSchemas';
import { JOB_PATTERN } from './events';
import { anything, empty, integer, list, mapping, oneOf, string } from './typedSchema';

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';

/** A prompt id. */
export const promptId = string({ pattern: ID_PATTERN, maxLength: 128 });

/** Schemas shared by several requests. */
export const parts = {
  id: promptId,
  version: string({ pattern: '^\\d+\\.\\d+\\.\\d+$', maxLength: 32 }),
  name: string({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
  variables: mapping(anything(), { maxProperties: 1000 }),
  data: anything(),
  document: promptDocumentSchema,
  schemaDocument: schemaDocumentSchema,
  provider: oneOf(PROVIDERS),
  bump: oneOf(BUMP_LEVELS),
  status: oneOf(PROMPT_STATUSES),
  format: oneOf(PROMPT_FORMATS),
  kind: oneOf(METRIC_KINDS),
  bucket: oneOf(METRIC_BUCKETS),
  source: oneOf(METRIC_SOURCES),
  path: string({ minLength: 1, maxLength: 4096 }),
  paths: list(string({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 256 }),
  tags: list(string({ maxLength: 64 }), { maxItems: 32 }),
  job: string({ pattern: JOB_PATTERN, maxLength: 64 }),
  text: (maxLength: number) => string({ maxLength }),
  limit: integer({ minimum: 1, maximum: 10000 }),
  offset: integer({ minimum: 0, maximum: 10_000_000 }),
  epochMs: integer({ minimum: 0, maximum: 8_640_000_000_000_000 }),
  empty: empty(),
};
