// Lists what a schema declares but validation cannot or does not enforce; no ajv here.
import type { ValidationSchema } from '../model/schemaDsl';
import { enumValuesOf, validatorApplies } from './fieldRules';

/**
 * Warnings for a schema: `custom` validators (Python functions are never run here), validators
 * that do not apply to their field's type or lack their bounds, `enum` fields without allowed
 * values, and `extends` (not supported, as in the seed).
 */
export function schemaWarnings(schema: ValidationSchema): string[] {
  const warnings: string[] = [];
  if (schema.extends) {
    warnings.push(
      `Schema '${schema.name}': 'extends: ${schema.extends}' is ignored; fields are not inherited`,
    );
  }
  for (const field of schema.fields) {
    const where = `Schema '${schema.name}', field '${field.name}'`;
    for (const v of field.validators) {
      if (v.type === 'custom') {
        const fn = v.custom_function ? ` '${v.custom_function}'` : '';
        warnings.push(
          `${where}: custom validator${fn} is not enforced (custom code cannot run here)`,
        );
      } else if (!validatorApplies(v.type, field.type)) {
        warnings.push(
          `${where}: ${v.type} validator does not apply to type ${field.type}; ignored`,
        );
      } else if (v.type === 'min_length' && v.min_value == null) {
        warnings.push(`${where}: min_length validator has no min_value; ignored`);
      } else if (v.type === 'max_length' && v.max_value == null) {
        warnings.push(`${where}: max_length validator has no max_value; ignored`);
      }
    }
    if (field.type === 'enum' && enumValuesOf(field) === undefined) {
      warnings.push(
        `${where}: enum field has no enum validator with allowed_values; any value passes`,
      );
    }
  }
  return warnings;
}
