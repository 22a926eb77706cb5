// Test data for a schema: an example to start from, and the JSON the user typed, parsed.
import type {
  FieldValidator,
  SchemaField,
  ValidationSchema,
} from '../../../src-shared/model/schemaDsl';

/** Finds a schema a field nests (`nested_schema`, `item_schema`), when it is loaded. */
export type SchemaLookup = (name: string) => ValidationSchema | undefined;

/** Strings tried against a `regex` validator, in order (no generator: see exampleString). */
const PATTERN_CANDIDATES = [
  'example',
  'Example',
  'EXAMPLE',
  'example_1',
  'example-1',
  'ex',
  'EX',
  'US',
  'USD',
  'ABC-123456',
  'ABC-123',
  '12345',
  '12345-6789',
  '1',
  'a',
  'A',
  'x1',
];

const FORMAT_EXAMPLES: Partial<Record<FieldValidator['type'], string>> = {
  email: 'ada@example.com',
  url: 'https://example.com',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  date: '2024-05-01',
  datetime: '2024-05-01T12:00:00Z',
};

function validator(field: SchemaField, ...types: FieldValidator['type'][]) {
  return field.validators.find((v) => types.includes(v.type));
}

/** Length bounds from min_length/max_length validators. */
function lengthBounds(field: SchemaField): { min: number; max: number } {
  const min = validator(field, 'min_length')?.min_value ?? 0;
  const max = validator(field, 'max_length')?.max_value ?? Number.POSITIVE_INFINITY;
  return { min, max };
}

/**
 * A string that passes the field's validators: a format's example, a pattern candidate that
 * matches, padded or cut to the length bounds. A pattern no candidate matches gets '' (the
 * person fills it; a generator from regular expressions is a dependency we do not have).
 */
function exampleString(field: SchemaField): string {
  const { min, max } = lengthBounds(field);
  const format = field.validators.find((v) => FORMAT_EXAMPLES[v.type] !== undefined);
  if (format) return FORMAT_EXAMPLES[format.type] ?? '';
  const pattern = validator(field, 'regex')?.pattern;
  const fits = (text: string): boolean => text.length >= min && text.length <= max;
  if (typeof pattern === 'string') {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern);
    } catch {
      return '';
    }
    return PATTERN_CANDIDATES.find((text) => fits(text) && regex.test(text)) ?? '';
  }
  const base = field.name.replace(/_/g, ' ');
  const text = base.length >= min ? base : base + 'x'.repeat(min - base.length);
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

function exampleNumber(field: SchemaField): number {
  const bounds = validator(field, 'range', 'min_value', 'max_value');
  const low = field.validators.find(
    (v) => v.type !== 'max_value' && v.min_value != null,
  )?.min_value;
  const high = field.validators.find(
    (v) => v.type !== 'min_value' && v.max_value != null,
  )?.max_value;
  if (!bounds) return field.type === 'float' ? 1.5 : 1;
  if (low != null) return field.type === 'integer' ? Math.ceil(low) : low;
  if (high != null) return field.type === 'integer' ? Math.floor(high) : high;
  return 1;
}

function exampleValue(field: SchemaField, lookup: SchemaLookup, depth: number): unknown {
  if (field.default !== undefined && field.default !== null) return field.default;
  const enumValues = validator(field, 'enum')?.allowed_values;
  if (enumValues && enumValues.length > 0) return enumValues[0];
  switch (field.type) {
    case 'integer':
    case 'float':
      return exampleNumber(field);
    case 'boolean':
      return false;
    case 'list': {
      const { min } = lengthBounds(field);
      const item: SchemaField = {
        ...field,
        name: 'item',
        type: field.item_type ?? 'string',
        validators: [],
        nested_schema: field.item_schema ?? null,
      };
      const one = field.item_schema
        ? exampleObject(lookup(field.item_schema), lookup, depth + 1)
        : exampleValue(item, lookup, depth + 1);
      return Array.from({ length: Math.max(1, min) }, () => one);
    }
    case 'dict':
      return field.nested_schema
        ? exampleObject(lookup(field.nested_schema), lookup, depth + 1)
        : {};
    case 'string':
      return exampleString(field);
    default:
      return field.nullable ? null : 'example';
  }
}

function exampleObject(
  schema: ValidationSchema | undefined,
  lookup: SchemaLookup,
  depth: number,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  // A schema that nests itself stops after a few levels.
  if (!schema || depth > 4) return data;
  for (const field of schema.fields) data[field.name] = exampleValue(field, lookup, depth);
  return data;
}

/**
 * A JSON object with every field of the schema set to a value its validators accept (defaults,
 * the first allowed value, numbers inside the range, format examples, strings of the right
 * length), to edit from. Nested schemas come from `lookup`.
 */
export function exampleData(schema: ValidationSchema, lookup: SchemaLookup = () => undefined) {
  return JSON.stringify(exampleObject(schema, lookup, 0), null, 2);
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
