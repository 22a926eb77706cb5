// Builds schema fields and schemas for tests, with the DSL's defaults spelled out once.
import type { FieldType, SchemaField, ValidationSchema } from '../model/schemaDsl';

/** A required, non-nullable field of `type` with no validators; `extra` overrides any part. */
export function field(
  name: string,
  type: FieldType,
  extra: Partial<SchemaField> = {},
): SchemaField {
  return {
    name,
    type,
    required: true,
    validators: [],
    nullable: false,
    read_only: false,
    write_only: false,
    ...extra,
  };
}

/** A strict schema at version 1.0.0 with no extra keys allowed; `extra` overrides any part. */
export function schema(
  name: string,
  fields: SchemaField[],
  extra: Partial<ValidationSchema> = {},
): ValidationSchema {
  return {
    name,
    version: '1.0.0',
    strict: true,
    allow_extra: false,
    metadata: {},
    fields,
    ...extra,
  };
}
