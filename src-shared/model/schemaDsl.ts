// The seed's schema DSL (SEED-BEHAVIOUR §4): field and validator definitions as they appear in YAML.

/** Field types of the DSL. */
export const FIELD_TYPES = [
  'string',
  'integer',
  'float',
  'boolean',
  'list',
  'dict',
  'enum',
  'any',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Validator kinds of the DSL. */
export const VALIDATOR_TYPES = [
  'min_length',
  'max_length',
  'min_value',
  'max_value',
  'range',
  'regex',
  'enum',
  'custom',
  'email',
  'url',
  'uuid',
  'date',
  'datetime',
] as const;
export type ValidatorType = (typeof VALIDATOR_TYPES)[number];

/** One validator entry on a field. Length validators read `min_value`/`max_value`, as in the seed. */
export interface FieldValidator {
  type: ValidatorType;
  value?: unknown;
  error_message?: string | null;
  min_value?: number | null;
  max_value?: number | null;
  pattern?: string | null;
  allowed_values?: unknown[] | null;
  custom_function?: string | null;
}

/** One field of a schema. */
export interface SchemaField {
  name: string;
  type: FieldType;
  required: boolean;
  default?: unknown;
  description?: string | null;
  nested_schema?: string | null;
  item_type?: FieldType | null;
  item_schema?: string | null;
  validators: FieldValidator[];
  nullable: boolean;
  read_only: boolean;
  write_only: boolean;
}

/** A named validation schema. */
export interface ValidationSchema {
  name: string;
  version: string;
  description?: string | null;
  strict: boolean;
  allow_extra: boolean;
  extends?: string | null;
  metadata: Record<string, unknown>;
  fields: SchemaField[];
}

/** A `schemas:` YAML file. */
export interface SchemaFile {
  version?: string;
  metadata?: Record<string, unknown>;
  schemas: ValidationSchema[];
}
