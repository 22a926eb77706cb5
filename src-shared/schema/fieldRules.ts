// How a DSL field reads: which validators apply to its type, whether it must be supplied, its default.
import type { FieldType, FieldValidator, SchemaField, ValidatorType } from '../model/schemaDsl';

const STRING_ONLY: ReadonlySet<ValidatorType> = new Set([
  'regex',
  'email',
  'url',
  'uuid',
  'date',
  'datetime',
]);

/**
 * True when a validator of this kind constrains values of this field type. The seed applies
 * lengths to strings, lists and dicts, bounds to numbers (and `any`, where they demand a number)
 * and the text formats to strings;
 * `enum` and `custom` apply to any type. Anything else is ignored (and reported as a warning).
 */
export function validatorApplies(validator: ValidatorType, type: FieldType): boolean {
  switch (validator) {
    case 'min_length':
    case 'max_length':
      return type === 'string' || type === 'list' || type === 'dict';
    case 'min_value':
    case 'max_value':
    case 'range':
      // On `any` a bound also says "a number": the string "50" must not slip past it.
      return type === 'integer' || type === 'float' || type === 'any';
    case 'enum':
    case 'custom':
      return true;
    default:
      return STRING_ONLY.has(validator) && type === 'string';
  }
}

/**
 * The default that fills a missing value, or `undefined` when none applies. A `null` default only
 * counts on a nullable field; an optional nullable field without a default is filled with `null`
 * (seed §4.6: the validated result names every declared field).
 */
export function fillValueOf(field: SchemaField): { value: unknown } | undefined {
  if (field.default !== undefined && (field.default !== null || field.nullable)) {
    return { value: field.default };
  }
  if (field.nullable && !field.required) return { value: null };
  return undefined;
}

/** True when the caller must supply the field: declared required and no default fills it. */
export function mustBeSupplied(field: SchemaField): boolean {
  return field.required && fillValueOf(field) === undefined;
}

/** The allowed values of the field's first `enum` validator, if it has one. */
export function enumValuesOf(field: SchemaField): unknown[] | undefined {
  const validator = field.validators.find(
    (v: FieldValidator) => v.type === 'enum' && Array.isArray(v.allowed_values),
  );
  return validator?.allowed_values ?? undefined;
}
