// The schema module: DSL → JSON Schema, validation with ajv, and ajv-free helpers for the page.
export { SchemaSet, createSchemaSet } from './schemaSet';
export {
  toJsonSchema,
  FORMAT_INPUT_MAX_LENGTH,
  JSON_SCHEMA_DIALECT,
  type JsonSchemaObject,
  type SchemaResolver,
} from './jsonSchema';
export { describeFields, type FieldDescription } from './describe';
export { outputRequirementsBlock, appendOutputRequirements } from './outputBlock';
export { schemaWarnings } from './warnings';
export {
  PATTERN_MAX_LENGTH,
  PATTERN_INPUT_MAX_LENGTH,
  assertSafePattern,
  compileUserPattern,
} from './regexSafety';
export { MAX_DATA_DEPTH, coerceScalar } from './coerce';
