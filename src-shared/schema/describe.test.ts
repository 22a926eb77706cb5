import { describe, expect, it } from 'vitest';
import type { SchemaField } from '../model/schemaDsl';
import { describeFields } from './describe';

const base = {
  validators: [],
  nullable: false,
  read_only: false,
  write_only: false,
  required: true,
};

describe('describeFields', () => {
  it('describes each field for a form, in order', () => {
    const fields: SchemaField[] = [
      {
        ...base,
        name: 'role',
        type: 'enum',
        default: 'user',
        description: 'Role',
        validators: [{ type: 'enum', allowed_values: ['admin', 'user'] }],
      },
      { ...base, name: 'age', type: 'integer', required: false, nullable: true },
      { ...base, name: 'tags', type: 'list', item_type: 'string', required: false, default: [] },
      { ...base, name: 'home', type: 'dict', nested_schema: 'address' },
    ];
    const described = describeFields({
      name: 's',
      version: '1.0.0',
      strict: true,
      allow_extra: false,
      metadata: {},
      fields,
    });
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
