import { describe, expect, it } from 'vitest';
import type { SchemaField, ValidationSchema } from '../model/schemaDsl';
import { schemaWarnings } from './warnings';

const base = {
  validators: [],
  nullable: false,
  read_only: false,
  write_only: false,
  required: true,
};
const schema = (
  fields: SchemaField[],
  extra: Partial<ValidationSchema> = {},
): ValidationSchema => ({
  name: 's',
  version: '1.0.0',
  strict: true,
  allow_extra: false,
  metadata: {},
  fields,
  ...extra,
});

describe('schemaWarnings', () => {
  it('reports custom validators as not enforced', () => {
    const warnings = schemaWarnings(
      schema([
        {
          ...base,
          name: 'n',
          type: 'integer',
          validators: [{ type: 'custom', custom_function: 'is_prime' }],
        },
      ]),
    );
    expect(warnings).toEqual([
      "Schema 's', field 'n': custom validator 'is_prime' is not enforced (custom code cannot run here)",
    ]);
  });

  it('reports validators that do not apply, enum fields without values, and extends', () => {
    const warnings = schemaWarnings(
      schema(
        [
          { ...base, name: 'n', type: 'integer', validators: [{ type: 'regex', pattern: 'x' }] },
          { ...base, name: 'e', type: 'enum' },
          { ...base, name: 't', type: 'string', validators: [{ type: 'min_length' }] },
        ],
        { extends: 'base' },
      ),
    );
    expect(warnings).toEqual([
      "Schema 's': 'extends: base' is ignored; fields are not inherited",
      "Schema 's', field 'n': regex validator does not apply to type integer; ignored",
      "Schema 's', field 'e': enum field has no enum validator with allowed_values; any value passes",
      "Schema 's', field 't': min_length validator has no min_value; ignored",
    ]);
  });

  it('is empty for a clean schema', () => {
    expect(schemaWarnings(schema([{ ...base, name: 'a', type: 'string' }]))).toEqual([]);
  });
});
