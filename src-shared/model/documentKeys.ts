// The keys each part of a seed document may have, in the order the seed writes them.

/** A single-prompt document. */
export const PROMPT_KEYS = [
  'id',
  'version',
  'uid',
  'format',
  'template',
  'chat_template',
  'status',
  'created_at',
  'updated_at',
  'metadata',
  'input_schema',
  'output_schema',
] as const;

/** A text prompt's `template`. */
export const TEMPLATE_KEYS = ['content', 'variables', 'partials', 'helpers'] as const;

/** A chat prompt's `chat_template`. */
export const CHAT_KEYS = ['messages', 'variables'] as const;

/** One chat message, as the seed writes it (unset keys as null). */
export const MESSAGE_KEYS = ['role', 'content', 'name', 'function_call', 'tool_calls'] as const;

/**
 * Message keys the seed lacks, accepted for OpenAI-style tool replies; written only when set,
 * so documents without them keep the seed's shape (and their checksums).
 */
export const MESSAGE_EXTRA_KEYS = ['tool_call_id'] as const;

/** A prompt's `metadata`; any other key is kept as an extra, after these. */
export const METADATA_KEYS = [
  'author',
  'description',
  'tags',
  'category',
  'use_cases',
  'model_recommendations',
  'temperature',
  'max_tokens',
  'custom',
] as const;

/** A `schemas:` file. */
export const SCHEMA_FILE_KEYS = ['version', 'metadata', 'schemas'] as const;

/** One schema of a `schemas:` list. */
export const SCHEMA_KEYS = [
  'name',
  'version',
  'description',
  'strict',
  'allow_extra',
  'extends',
  'metadata',
  'fields',
] as const;

/** One field of a schema. */
export const FIELD_KEYS = [
  'name',
  'type',
  'required',
  'default',
  'description',
  'nested_schema',
  'item_type',
  'item_schema',
  'nullable',
  'read_only',
  'write_only',
  'validators',
] as const;

/** One validator of a field. */
export const VALIDATOR_KEYS = [
  'type',
  'value',
  'min_value',
  'max_value',
  'pattern',
  'allowed_values',
  'custom_function',
  'error_message',
] as const;
