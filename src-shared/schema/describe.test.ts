import { describe, expect, it } from 'vitest';
import type { SchemaField } from '../model/schemaDsl';
import { field, schema } from '../testKit/schemaFixtures';
import { describeFields } from './describe';

describe('describeFields', () => {
  it('describes each field for a form, in order', () => {
    const fields: SchemaField[] = [
      field('role', 'enum', {
        default: 'user',
        description: 'Role',
        validators: [{ type: 'enum', allowed_values: ['admin', 'user'] }],
      }),
      field('age', 'integer', { required: false, nullable: true }),
      field('tags', 'list', { item_type: 'string', required: false, default: [] }),
      field('home', 'dict', { nested_schema: 'address' }),
    ];
    const described = describeFields(schema('s', fields));
    expect(described).toEqual([
      {
        name: 'role',
        type: 'enum',
        required: false,
        nullable: false,
        default: 'user',
        enumValues: ['admin', 'user'],
        description: 'Role',
      },
      {
        name: 'age',
        type: 'integer',
        required: false,
        nullable: true,
        default: null,
        description: '',
      },
      {
        name: 'tags',
        type: 'list',
        required: false,
        nullable: false,
        default: [],
        description: '',
        itemType: 'string',
      },
      {
        name: 'home',
        type: 'dict',
        required: true,
        nullable: false,
        default: undefined,
        description: '',
        nestedSchema: 'address',
      },
    ]);
  });
});
