// Describes a schema's fields as plain data for forms (the Variables panel); no ajv here.
import type { FieldType, ValidationSchema } from '../model/schemaDsl';
import { enumValuesOf, fillValueOf, mustBeSupplied } from './fieldRules';

/** One field as a form needs it. */
export interface FieldDescription {
  name: string;
  type: FieldType;
  /** True when the value must be supplied: declared required and no default fills it. */
  required: boolean;
  nullable: boolean;
  /** The value filled when the field is missing (undefined when none is). */
  default: unknown;
  /** The allowed values, for `enum` fields and fields with an `enum` validator. */
  enumValues?: unknown[];
  description: string;
  /** Element type of a list field. */
  itemType?: FieldType;
  /** The schema a dict field (or a list's items) must match. */
  nestedSchema?: string;
}

/** The fields of `schema`, in declaration order. */
export function describeFields(schema: ValidationSchema): FieldDescription[] {
  return schema.fields.map((field) => {
    const out: FieldDescription = {
      name: field.name,
      type: field.type,
      required: mustBeSupplied(field),
      nullable: field.nullable,
      default: fillValueOf(field)?.value,
      description: field.description ?? '',
    };
    const values = enumValuesOf(field);
    if (values !== undefined) out.enumValues = [...values];
    if (field.type === 'list' && field.item_type) out.itemType = field.item_type;
    const nested = field.type === 'list' ? field.item_schema : field.nested_schema;
    if (nested) out.nestedSchema = nested;
    return out;
  });
}
