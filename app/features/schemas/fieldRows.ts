// The structured view of a schema: one readable row per field, validators in words.
import type {
  FieldValidator,
  SchemaField,
  ValidationSchema,
} from '../../../src-shared/model/schemaDsl';

/** One row of the fields table. */
export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  nullable: boolean;
  /** The default as JSON, or empty when there is none. */
  defaultText: string;
  validators: string[];
  description: string;
}

function typeText(field: SchemaField): string {
  if (field.type === 'list') {
    const item = field.item_schema ?? field.item_type;
    return item ? `list of ${item}` : 'list';
  }
  if (field.type === 'dict' && field.nested_schema) return `dict (${field.nested_schema})`;
  return field.type;
}

function bounds(min: unknown, max: unknown, unit = ''): string {
  const hasMin = typeof min === 'number';
  const hasMax = typeof max === 'number';
  if (hasMin && hasMax) return `${min}–${max}${unit}`;
  if (hasMin) return `≥ ${min}${unit}`;
  if (hasMax) return `≤ ${max}${unit}`;
  return '';
}

/** A validator in a few words: "length ≥ 2", "range 1–5", "one of a, b", "pattern ^x$". */
export function validatorText(validator: FieldValidator): string {
  const min = validator.min_value ?? (validator.type === 'min_length' ? validator.value : null);
  const max = validator.max_value ?? (validator.type === 'max_length' ? validator.value : null);
  switch (validator.type) {
    case 'min_length':
      return `length ${bounds(min, null)}`;
    case 'max_length':
      return `length ${bounds(null, max)}`;
    case 'min_value':
      return `value ${bounds(validator.min_value ?? validator.value, null)}`;
    case 'max_value':
      return `value ${bounds(null, validator.max_value ?? validator.value)}`;
    case 'range':
      return `range ${bounds(validator.min_value, validator.max_value)}`;
    case 'regex':
      return `pattern ${validator.pattern ?? String(validator.value ?? '')}`;
    case 'enum': {
      const values =
        validator.allowed_values ?? (Array.isArray(validator.value) ? validator.value : []);
      return `one of ${values.map((value) => String(value)).join(', ')}`;
    }
    case 'custom':
      return `custom ${validator.custom_function ?? ''}`.trim();
    default:
      return validator.type;
  }
}

/** The rows of the fields table, in the schema's order. */
export function fieldRows(schema: ValidationSchema): FieldRow[] {
  return schema.fields.map((field) => ({
    name: field.name,
    type: typeText(field),
    required: field.required,
    nullable: field.nullable,
    defaultText: field.default === undefined ? '' : JSON.stringify(field.default),
    validators: field.validators.map(validatorText),
    description: field.description ?? '',
  }));
}
