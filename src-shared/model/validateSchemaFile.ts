// Validates `schemas:` files and single DSL schemas with the seed's load-time rules (§2.3, §4.1–4.3).
import { FIELD_KEYS, SCHEMA_FILE_KEYS, SCHEMA_KEYS, VALIDATOR_KEYS } from './documentKeys';
import {
  FieldReader,
  type IssueList,
  copyData,
  describeKind,
  guardDocument,
  isRecord,
  readDocument,
  readOrThrow,
} from './documentReader';
import {
  FIELD_TYPES,
  VALIDATOR_TYPES,
  type FieldValidator,
  type SchemaField,
  type SchemaFile,
  type ValidationSchema,
} from './schemaDsl';
import { readVersion } from './validatePrompt';

// Python's str.isalnum() after removing '_' and '-': letters and digits of any script.
const NAME_PATTERN = /^[\p{L}\p{N}]+$/u;

/**
 * Validates a `schemas:` file and fills every default (required true, nullable/read_only/
 * write_only false, validators [], strict true, allow_extra false, version 1.0.0, metadata {}).
 * Throws AppError('invalid_input') listing every problem, `details.file` = `source`.
 */
export function parseSchemaFile(value: unknown, source?: string): SchemaFile {
  return readOrThrow('schema file', source, (issues) => readSchemaFile(value, issues));
}

/** Validates one DSL schema object (an entry of a `schemas:` list) and fills its defaults. */
export function parseValidationSchema(value: unknown, source?: string): ValidationSchema {
  return readOrThrow('schema', source, (issues) => {
    if (!isRecord(value)) {
      issues.add('', 'type', `a schema must be a mapping (got ${describeKind(value)})`);
      return undefined;
    }
    return guardDocument(value, issues)
      ? readSchema(new FieldReader(value, '', issues))
      : undefined;
  });
}

function readSchemaFile(value: unknown, issues: IssueList): SchemaFile | undefined {
  const doc = readDocument(value, issues, 'a schema file', SCHEMA_FILE_KEYS);
  if (doc === undefined) return undefined;
  const version = readVersion(doc, 'version') ?? '1.0.0';
  const metadata = doc.mapping('metadata');
  const raw = doc.record.schemas;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    issues.add('schemas', 'type', `schemas must be a list (got ${describeKind(raw)})`);
  }
  const schemas = Array.isArray(raw)
    ? readNamedItems(doc, 'schemas', raw, 'schema', readSchema, 'Schema', 'a file')
    : [];
  return { version, metadata, schemas };
}

/**
 * Reads a list of named mappings (schemas of a file, fields of a schema); a name that appears
 * twice is a `unique` issue: "<Label> names must be unique within <scope>".
 */
function readNamedItems<T extends { name: string }>(
  reader: FieldReader,
  key: string,
  items: readonly unknown[],
  noun: string,
  read: (item: FieldReader) => T | undefined,
  label: string,
  scope: string,
): T[] {
  const seen = new Set<string>();
  return reader.readItems(key, items, noun, (item) => {
    const value = read(item);
    if (value === undefined) return undefined;
    if (seen.has(value.name)) {
      item.issues.add(
        item.at('name'),
        'unique',
        `${label} names must be unique within ${scope} ('${value.name}' appears twice)`,
      );
    }
    seen.add(value.name);
    return value;
  });
}

function readName(reader: FieldReader, label: 'Schema' | 'Field'): string | undefined {
  const name = reader.requiredString('name');
  if (name === undefined) return undefined;
  if (!NAME_PATTERN.test(name.replace(/[_-]/g, ''))) {
    reader.issues.add(
      reader.at('name'),
      'name',
      `${label} name must be alphanumeric (underscores and hyphens allowed)`,
    );
    return undefined;
  }
  return name;
}

function readSchema(reader: FieldReader): ValidationSchema | undefined {
  reader.allowOnly(SCHEMA_KEYS, 'a schema');
  const name = readName(reader, 'Schema');
  const version = readVersion(reader, 'version');
  const description = reader.optionalString('description');
  const strict = reader.boolean('strict', true);
  const allowExtra = reader.boolean('allow_extra', false);
  if (strict && allowExtra) {
    reader.issues.add(
      reader.at('allow_extra'),
      'strict_allow_extra',
      "Cannot have both 'strict' and 'allow_extra' set to True",
    );
  }
  const extendsName = reader.optionalString('extends');
  const metadata = reader.mapping('metadata');
  const fields = readFields(reader);
  if (name === undefined || version === undefined) return undefined;
  // Absent optional keys stay absent (not null), as in the hand-written seed files.
  const schema: ValidationSchema = {
    name,
    version,
    strict,
    allow_extra: allowExtra,
    metadata,
    fields,
  };
  if (description !== null) schema.description = description;
  if (extendsName !== null) schema.extends = extendsName;
  return schema;
}

function readFields(reader: FieldReader): SchemaField[] {
  const raw = reader.record.fields;
  const path = reader.at('fields');
  if (raw === undefined || raw === null) {
    reader.issues.add(path, 'required', 'fields is required (a list of at least one field)');
    return [];
  }
  if (!Array.isArray(raw)) {
    reader.issues.add(path, 'type', `fields must be a list (got ${describeKind(raw)})`);
    return [];
  }
  if (raw.length === 0) {
    reader.issues.add(path, 'min_items', 'A schema must have at least one field');
    return [];
  }
  return readNamedItems(reader, 'fields', raw, 'field', readField, 'Field', 'schema');
}

function readField(reader: FieldReader): SchemaField | undefined {
  reader.allowOnly(FIELD_KEYS, 'a field');
  const name = readName(reader, 'Field');
  const type = reader.oneOf('type', FIELD_TYPES);
  const required = reader.boolean('required', true);
  const nullable = reader.boolean('nullable', false);
  const itemType =
    reader.has('item_type') && reader.record.item_type !== null
      ? reader.oneOf('item_type', FIELD_TYPES)
      : undefined;
  const itemSchema = reader.optionalString('item_schema');
  const field: SchemaField = {
    name: name ?? '',
    type: type ?? 'any',
    required,
    validators: readValidators(reader),
    nullable,
    read_only: reader.boolean('read_only', false),
    write_only: reader.boolean('write_only', false),
  };
  const fallback = reader.record.default;
  // The seed cannot tell `default: null` from no default, so neither can we.
  if (fallback !== undefined && fallback !== null) field.default = copyData(fallback);
  const description = reader.optionalString('description');
  if (description !== null) field.description = description;
  const nested = reader.optionalString('nested_schema');
  if (nested !== null) field.nested_schema = nested;
  if (itemType !== undefined) field.item_type = itemType;
  if (itemSchema !== null) field.item_schema = itemSchema;

  if (type === 'list' && itemType === undefined && itemSchema === null) {
    reader.issues.add(
      reader.at('item_type'),
      'list_items',
      "List type requires either 'item_type' or 'item_schema'",
    );
  }
  if (!required && !nullable && field.default === undefined) {
    reader.issues.add(
      reader.at('default'),
      'optional_default',
      `Non-required field '${name ?? ''}' should have a default value or be nullable`,
    );
  }
  return name === undefined || type === undefined ? undefined : field;
}

function readValidators(reader: FieldReader): FieldValidator[] {
  const raw = reader.record.validators;
  const path = reader.at('validators');
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    reader.issues.add(path, 'type', `validators must be a list (got ${describeKind(raw)})`);
    return [];
  }
  return reader.readItems('validators', raw, 'validator', readValidator);
}

function readValidator(reader: FieldReader): FieldValidator | undefined {
  if (reader.has('format')) {
    reader.issues.add(
      reader.at('format'),
      'unknown_key',
      "unknown key 'format' is not permitted in a validator (the seed documents it for date validators but rejects it; date is YYYY-MM-DD, datetime ISO 8601)",
    );
  }
  // 'format' was reported above with a more helpful message.
  reader.allowOnly([...VALIDATOR_KEYS, 'format'], 'a validator');
  const type = reader.oneOf('type', VALIDATOR_TYPES);
  const validator: FieldValidator = { type: type ?? 'custom' };
  if (reader.has('value') && reader.record.value !== null)
    validator.value = copyData(reader.record.value);
  const message = reader.optionalString('error_message');
  if (message !== null) validator.error_message = message;
  const min = readBound(reader, 'min_value');
  if (min !== null) validator.min_value = min;
  const max = readBound(reader, 'max_value');
  if (max !== null) validator.max_value = max;
  const pattern = reader.optionalString('pattern');
  if (pattern !== null) validator.pattern = pattern;
  const allowed = reader.record.allowed_values;
  if (allowed !== undefined && allowed !== null) {
    if (Array.isArray(allowed)) validator.allowed_values = copyData(allowed) as unknown[];
    else
      reader.issues.add(
        reader.at('allowed_values'),
        'type',
        `allowed_values must be a list (got ${describeKind(allowed)})`,
      );
  }
  const custom = reader.optionalString('custom_function');
  if (custom !== null) validator.custom_function = custom;

  if (type === 'regex' && pattern === null) {
    reader.issues.add(
      reader.at('pattern'),
      'regex',
      "Regex validator requires 'pattern' parameter",
    );
  }
  if (type === 'enum' && (validator.allowed_values ?? []).length === 0) {
    reader.issues.add(
      reader.at('allowed_values'),
      'enum',
      "Enum validator requires 'allowed_values' parameter",
    );
  }
  if (type === 'range' && (min === null || max === null)) {
    reader.issues.add(
      reader.at(min === null ? 'min_value' : 'max_value'),
      'range',
      "Range validator requires 'min_value' and 'max_value' parameters",
    );
  }
  if (type === 'custom' && custom === null) {
    reader.issues.add(
      reader.at('custom_function'),
      'custom',
      "Custom validator requires 'custom_function' parameter",
    );
  }
  return type === undefined ? undefined : validator;
}

function readBound(reader: FieldReader, key: string): number | null {
  const value = reader.record[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    reader.issues.add(
      reader.at(key),
      'type',
      `${key} must be a number (got ${describeKind(value)})`,
    );
    return null;
  }
  return value;
}
