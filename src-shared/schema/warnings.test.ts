import { describe, expect, it } from 'vitest';
import { field, schema } from '../testKit/schemaFixtures';
import { schemaWarnings } from './warnings';

describe('schemaWarnings', () => {
  it('reports custom validators as not enforced', () => {
    const warnings = schemaWarnings(
      schema('s', [
        field('n', 'integer', {
          validators: [{ type: 'custom', custom_function: 'is_prime' }],
        }),
      ]),
    );
    expect(warnings).toEqual([
      "Schema 's', field 'n': custom validator 'is_prime' is not enforced (custom code cannot run here)",
    ]);
  });

  it('reports validators that do not apply, enum fields without values, and extends', () => {
    const warnings = schemaWarnings(
      schema(
        's',
        [
          field('n', 'integer', { validators: [{ type: 'regex', pattern: 'x' }] }),
          field('e', 'enum'),
          field('t', 'string', { validators: [{ type: 'min_length' }] }),
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
    expect(schemaWarnings(schema('s', [field('a', 'string')]))).toEqual([]);
  });
});
