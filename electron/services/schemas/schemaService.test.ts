import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import {
  countRows,
  openTestLibrary,
  textDoc,
  type TestLibrary,
} from '../prompts/fixtures/testLibrary';
import { seedText } from '../../testKit/seedExamples';
import { editSchemaYaml } from '../../../src-shared/yaml/schemaEdits';
import { openDatabase } from '../store/database';
import { AuditService } from '../audit/auditService';
import { SchemaService } from './schemaService';

const seedSchema = (file: string) => seedText(`schemas/${file}`);

let lib: TestLibrary;
let schemas: SchemaService;
beforeEach(() => {
  lib = openTestLibrary();
  schemas = new SchemaService(lib.db, { clock: lib.clock, actor: 'tester', audit: lib.audit });
});
afterEach(() => lib.close());

function schema(name: string, fields = ['text']): ValidationSchema {
  const raw: unknown = {
    name,
    description: `The ${name} schema`,
    fields: fields.map((field) => ({ name: field, type: 'string' })),
  };
  return raw as ValidationSchema;
}

describe('SchemaService', () => {
  it('saves a schema with its defaults filled and reads it back', () => {
    schemas.save(schema('ticket', ['title', 'body']));
    const stored = schemas.get('ticket');
    expect(stored).toMatchObject({ name: 'ticket', version: '1.0.0', strict: true });
    expect(stored.fields.map((field) => field.name)).toEqual(['title', 'body']);
    expect(stored.fields[0]).toMatchObject({ required: true, nullable: false, validators: [] });
  });

  it('lists schemas by name with field counts and the prompts that use them', () => {
    schemas.save(schema('zeta'));
    schemas.save(schema('alpha', ['a', 'b', 'c']));
    lib.prompts.save({ document: textDoc('writer', 'x', { input_schema: 'alpha' }) });
    lib.prompts.save({ document: textDoc('checker', 'y', { output_schema: 'alpha' }) });
    expect(schemas.list()).toEqual([
      {
        name: 'alpha',
        version: '1.0.0',
        description: 'The alpha schema',
        field_count: 3,
        used_by: ['checker', 'writer'],
      },
      {
        name: 'zeta',
        version: '1.0.0',
        description: 'The zeta schema',
        field_count: 1,
        used_by: [],
      },
    ]);
    expect(schemas.all().map((item) => item.name)).toEqual(['alpha', 'zeta']);
  });

  it('loads the seed schema files unchanged through saveYaml and writes them back as YAML', () => {
    expect(schemas.saveYaml(seedSchema('address.yaml'))).toEqual(['address']);
    expect(schemas.saveYaml(seedSchema('user_with_address.yaml'))).toEqual(['user_with_address']);
    expect(
      schemas.get('address').fields.find((field) => field.name === 'state')?.validators,
    ).toEqual([expect.objectContaining({ type: 'regex', pattern: '^[A-Z]{2}$' })]);
    expect(schemas.yaml('address')).toBe(seedSchema('address.yaml'));
    const before = schemas.get('address');
    const historyBefore = countRows(lib.db, 'schema_history');
    expect(schemas.saveYaml(schemas.yaml('address'))).toEqual(['address']);
    expect(schemas.get('address')).toEqual(before);
    expect(countRows(lib.db, 'schema_history')).toBe(historyBefore);
  });

  it('keeps the YAML as written through table edits, saves and a reopen of the library', () => {
    const written = `# Orders the shop takes
schemas:
  - name: order   # prompts name it so
    version: "1.0.0"
    # strict is left out on purpose (it defaults to true)
    fields:
      - name: quantity
        type: integer
        validators:
          - {type: range, min_value: 1, max_value: 99}

      - name: note
        type: string
        required: false
        default: ""
`;
    schemas.saveYaml(written);
    expect(schemas.yaml('order')).toBe(written);
    const edited = editSchemaYaml(written, 'order', [
      { kind: 'setField', field: 0, key: 'description', value: 'How many' },
      { kind: 'addField', name: 'coupon', type: 'string' },
    ]);
    schemas.saveYaml(edited);
    // The change bumped the version, in place; every other line is the person's.
    const saved = edited.replace('version: "1.0.0"', 'version: "1.0.1"');
    expect(schemas.get('order').version).toBe('1.0.1');
    expect(schemas.yaml('order')).toBe(saved);
    expect(saved.split('\n')).toHaveLength(written.split('\n').length + 4);
    // A comment alone is kept, under the same version.
    schemas.saveYaml(`${saved}# reviewed\n`);
    expect(schemas.get('order').version).toBe('1.0.1');
    expect(countRows(lib.db, 'schema_history')).toBe(2);

    const db = openDatabase(lib.file);
    try {
      const audit = new AuditService(db, { clock: lib.clock, actor: 'tester' });
      const reopened = new SchemaService(db, { clock: lib.clock, actor: 'tester', audit });
      expect(reopened.yaml('order')).toBe(`${saved}# reviewed\n`);
      expect(reopened.sources()).toEqual(new Map([['order', `${saved}# reviewed\n`]]));
    } finally {
      db.close();
    }
  });

  it('keeps each schema of a file of several as its own YAML; data saves get generated YAML', () => {
    const fields = '    fields:\n      - {name: x, type: string}\n';
    const file = `# two schemas\nschemas:\n  - name: a  # first\n${fields}  - name: b\n${fields}`;
    expect(schemas.saveYaml(file)).toEqual(['a', 'b']);
    expect(schemas.yaml('a')).toBe(`# two schemas\nschemas:\n  - name: a  # first\n${fields}`);
    expect(schemas.yaml('b')).toBe(`# two schemas\nschemas:\n  - name: b\n${fields}`);
    schemas.save(schema('b', ['text']));
    expect(schemas.yaml('b')).toMatch(/^schemas:\n- name: b\n {2}version: 1.0.1\n/);
    expect(schemas.sources().has('b')).toBe(false);
  });

  it('rejects an invalid schema and stores nothing', () => {
    const bad: unknown = { name: 'bad name', fields: [{ name: 'x', type: 'string' }] };
    const error = caught(() => schemas.save(bad as ValidationSchema));
    expect(error.code).toBe('invalid_input');
    expect(schemas.saveYaml.bind(schemas, 'schemas:\n  - name: ok\n    fields: []\n')).toThrow();
    expect(countRows(lib.db, 'schemas')).toBe(0);
  });

  it('rejects over-long and prototype-reaching names', () => {
    expect(caught(() => schemas.save(schema('a'.repeat(129)))).code).toBe('invalid_input');
    expect(caught(() => schemas.save(schema('__proto__'))).code).toBe('invalid_input');
  });

  it('keeps every change in schema_history and audits it with hashes', () => {
    schemas.save(schema('ticket', ['title']));
    schemas.save(schema('ticket', ['title', 'body']));
    schemas.save(schema('ticket', ['title', 'body'])); // identical: nothing to record
    expect(countRows(lib.db, 'schema_history')).toBe(2);
    const entries = lib.audit.list({ entity_id: 'ticket' });
    expect(entries.map((entry) => entry.action)).toEqual(['schema_save', 'schema_save']);
    expect(entries[0]?.before_hash).toBe(entries[1]?.after_hash);
    expect(entries[1]?.before_hash).toBeNull();
    expect(schemas.get('ticket').fields).toHaveLength(2);
  });

  it('bumps the version of a changed schema unless the change raised it', () => {
    schemas.save(schema('ticket', ['title']));
    expect(schemas.get('ticket').version).toBe('1.0.0');
    schemas.save(schema('ticket', ['title', 'body']));
    expect(schemas.get('ticket').version).toBe('1.0.1');
    // Saving the same fields again (still saying 1.0.0) changes nothing.
    schemas.save(schema('ticket', ['title', 'body']));
    expect(schemas.get('ticket').version).toBe('1.0.1');
    schemas.save({ ...schema('ticket', ['title']), version: '2.0.0' });
    expect(schemas.get('ticket').version).toBe('2.0.0');
    expect(schemas.yaml('ticket')).toContain('version: 2.0.0');
  });

  it('deletes an unused schema, with history and audit', () => {
    schemas.save(schema('old'));
    schemas.delete('old');
    expect(caught(() => schemas.get('old')).message).toBe("Schema 'old' not found");
    expect(lib.audit.list({ entity_id: 'old' })[0]).toMatchObject({
      action: 'schema_delete',
      after_hash: null,
      before_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(countRows(lib.db, 'schema_history')).toBe(2);
    expect(caught(() => schemas.delete('old')).code).toBe('not_found');
  });

  it('refuses to delete a schema a current prompt version uses, naming the prompts', () => {
    schemas.save(schema('input'));
    lib.prompts.save({ document: textDoc('b_prompt', 'x', { input_schema: 'input' }) });
    lib.prompts.save({ document: textDoc('a_prompt', 'y', { output_schema: 'input' }) });
    const error = caught(() => schemas.delete('input'));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('prompts a_prompt, b_prompt');
    expect(schemas.get('input').name).toBe('input');
  });

  it('allows the delete once no current version uses the schema', () => {
    schemas.save(schema('input'));
    lib.prompts.save({ document: textDoc('p', 'x', { input_schema: 'input' }) });
    lib.prompts.save({ document: textDoc('p', 'x'), base: '1.0.0' });
    expect(() => schemas.delete('input')).not.toThrow();
  });

  it('refuses to delete a schema another schema nests', () => {
    schemas.saveYaml(seedSchema('address.yaml'));
    schemas.saveYaml(seedSchema('user_with_address.yaml'));
    const error = caught(() => schemas.delete('address'));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('schema user_with_address');
  });
});
