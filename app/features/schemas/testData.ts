// Test data for a schema: an example to start from, and the JSON the user typed, parsed.
import type { SchemaField, ValidationSchema } from '../../../src-shared/model/schemaDsl';

function exampleValue(field: SchemaField): unknown {
  if (field.default !== undefined && field.default !== null) return field.default;
  const enumValues = field.validators.find(
    (validator) => validator.type === 'enum',
  )?.allowed_values;
  if (enumValues && enumValues.length > 0) return enumValues[0];
  if (field.nullable) return null;
  switch (field.type) {
    case 'integer':
      return 0;
    case 'float':
      return 0.0;
    case 'boolean':
      return false;
    case 'list':
      return [];
    case 'dict':
      return {};
    case 'string':
      return '';
    default:
      return null;
  }
}

/** A JSON object with every field of the schema set to a plausible value, to edit from. */
export function exampleData(schema: ValidationSchema): string {
  const data: Record<string, unknown> = {};
  for (const field of schema.fields) data[field.name] = exampleValue(field);
  return JSON.stringify(data, null, 2);
}

/** Parsed test data, or why it is not JSON. */
export type ParsedTestData = { ok: true; data: unknown } | { ok: false; message: string };

/** Parses the Test data text; the message names what is wrong, as the JSON parser words it. */
export function parseTestData(text: string): ParsedTestData {
  if (text.trim() === '')
    return { ok: false, message: 'Enter test data as JSON, e.g. {"name": "Ada"}.' };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not valid JSON';
    return { ok: false, message: `Test data is not valid JSON: ${reason}` };
  }
}
