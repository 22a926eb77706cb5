import { describe, expect, it } from 'vitest';
import { seedText, seedYamlFiles } from '../../electron/testKit/seedExamples';
import { parseSchemaFile } from '../model/validateSchemaFile';
import { parseYaml } from './parseYaml';
import { editSchemaYaml, schemaSourceOf, setSchemaVersion } from './schemaEdits';
import type { SchemaEdit } from './schemaEdits';

const COMMENTED = `# Orders placed in the shop
schemas:
  - name: order   # the name prompts use
    version: "1.0.0"
    fields:
      # who ordered
      - name: customer
        type: string

      - name: quantity
        type: integer
        validators:
          - {type: range, min_value: 1, max_value: 99}

      - name: note   # free text
        type: string
        required: false
        default: ""
`;

function schemaOf(text: string) {
  const [schema] = parseSchemaFile(parseYaml(text, 't.yaml')).schemas;
  if (!schema) throw new Error('no schema');
  return schema;
}

/** Lines of `after` that are not in `before`, and the reverse. */
function changedLines(before: string, after: string) {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((line) => !a.includes(line)), removed: a.filter((l) => !b.includes(l)) };
}

describe('editSchemaYaml', () => {
  it('changes only the lines an edit touches: comments, order, flow style and spacing stay', () => {
    const text = editSchemaYaml(COMMENTED, 'order', [
      { kind: 'setField', field: 0, key: 'description', value: 'Who ordered' },
      { kind: 'setType', field: 2, type: 'integer' },
    ]);
    expect(changedLines(COMMENTED, text)).toEqual({
      added: ['        description: Who ordered'],
      removed: [],
    });
    expect(text.replace('        description: Who ordered\n', '')).toBe(
      COMMENTED.replace(/(name: note.*\n {8}type: )string/, '$1integer'),
    );
    const schema = schemaOf(text);
    expect(schema.fields.map((field) => [field.name, field.type])).toEqual([
      ['customer', 'string'],
      ['quantity', 'integer'],
      ['note', 'integer'],
    ]);
  });

  it('adds and removes fields and validators, keeping the blank lines between fields', () => {
    const added = editSchemaYaml(COMMENTED, 'order', [
      { kind: 'addField', name: 'coupon', type: 'string' },
      { kind: 'addValidator', field: 3, type: 'regex' },
      { kind: 'setValidator', field: 3, validator: 0, key: 'pattern', value: '^[A-Z]+$' },
    ]);
    expect(added.startsWith(COMMENTED)).toBe(true);
    expect(added.slice(COMMENTED.length)).toBe(
      '\n      - name: coupon\n        type: string\n        validators:\n          - type: regex\n            pattern: ^[A-Z]+$\n',
    );
    const removed = editSchemaYaml(added, 'order', [
      { kind: 'removeValidator', field: 3, validator: 0 },
      { kind: 'removeField', field: 1 },
    ]);
    const schema = schemaOf(removed);
    expect(schema.fields.map((field) => field.name)).toEqual(['customer', 'note', 'coupon']);
    expect(schema.fields[2]?.validators).toEqual([]);
    expect(removed).toContain('      - name: note   # free text\n');
    expect(removed).toContain('      # who ordered\n');
    expect(removed).not.toContain('quantity');
  });

  it('leaves an omitted default out, and writes a value the person changes', () => {
    const same: SchemaEdit[] = [{ kind: 'setField', field: 0, key: 'required', value: true }];
    expect(editSchemaYaml(COMMENTED, 'order', same)).toBe(COMMENTED);
    const optional = editSchemaYaml(COMMENTED, 'order', [
      { kind: 'setField', field: 0, key: 'required', value: false },
      { kind: 'setField', field: 0, key: 'nullable', value: true },
      { kind: 'setField', field: 2, key: 'required', value: true },
    ]);
    expect(optional).toContain(
      '        type: string\n        required: false\n        nullable: true\n\n      - name: quantity',
    );
    expect(optional).toContain('        required: true\n');
    expect(schemaOf(optional).fields.map((field) => field.required)).toEqual([false, true, true]);
  });

  it('renames a field and sets defaults of any shape; undefined removes a key', () => {
    const text = editSchemaYaml(COMMENTED, null, [
      { kind: 'setField', field: 0, key: 'name', value: 'buyer' },
      { kind: 'setField', field: 1, key: 'default', value: 1 },
      { kind: 'setField', field: 2, key: 'default', value: ['a', 'b'] },
    ]);
    expect(text).toContain('      - name: buyer\n');
    expect(text).toContain('        default: [a, b]\n');
    const schema = schemaOf(text);
    expect(schema.fields.map((field) => field.default)).toEqual([undefined, 1, ['a', 'b']]);
    const cleared = editSchemaYaml(text, null, [
      { kind: 'setField', field: 1, key: 'default', value: undefined },
    ]);
    expect(schemaOf(cleared).fields[1]?.default).toBeUndefined();
    expect(cleared).not.toContain('default: 1');
  });

  it('keeps the seed files’ double quotes for new and changed values', () => {
    const source = seedText('schemas/user_profile.yaml');
    const text = editSchemaYaml(source, 'user_profile', [
      { kind: 'setField', field: 0, key: 'description', value: 'Login name' },
      { kind: 'addField', name: 'nickname', type: 'string' },
    ]);
    expect(text).toContain('        description: "Login name"\n');
    expect(text).toContain('\n      - name: "nickname"\n        type: "string"\n');
    expect(changedLines(source, text).removed).toEqual([
      '        description: "Unique username identifier"',
    ]);
  });

  it('edits a file whose lists sit at their key’s indentation, and a comment with two spaces', () => {
    const output = seedText('schemas/text_summarization_output.yaml');
    const edited = editSchemaYaml(output, null, [
      { kind: 'setField', field: 2, key: 'nullable', value: false },
    ]);
    expect(changedLines(output, edited)).toEqual({
      added: ['    nullable: false'],
      removed: ['    nullable: true'],
    });
    const blog = seedText('schemas/blog_post.yaml');
    const withNote = editSchemaYaml(blog, 'blog_post', [
      { kind: 'setField', field: 0, key: 'description', value: 'Headline' },
    ]);
    expect(withNote).toContain('    strict: false  # Allow extra fields\n');
  });

  it('refuses text that is not YAML and names a missing schema or field', () => {
    expect(() => editSchemaYaml('a: [', null, [])).toThrow(/cannot be edited/);
    expect(() => editSchemaYaml(COMMENTED, 'other', [])).toThrow(/no schema 'other'/);
    expect(() => editSchemaYaml(COMMENTED, 'order', [{ kind: 'removeField', field: 7 }])).toThrow(
      /no field 8/,
    );
  });
});

describe('schema sources', () => {
  it.each(seedYamlFiles('schemas'))(
    'keeps schemas/%s as written when it holds one schema',
    (file) => {
      const text = seedText(`schemas/${file}`);
      for (const schema of parseSchemaFile(parseYaml(text, file)).schemas) {
        const source = schemaSourceOf(text, schema.name);
        expect(schemaOf(source)).toEqual(schema);
      }
    },
  );

  it('takes one schema out of a file of several, with the file’s comments', () => {
    const text = `# two\nschemas:\n  - name: a\n    fields: []\n  # the second\n  - name: b\n    fields: []\n`;
    expect(schemaSourceOf(text, 'b')).toBe(
      `# two\nschemas:\n  # the second\n  - name: b\n    fields: []\n`,
    );
    expect(schemaSourceOf(text, 'a')).toBe(`# two\nschemas:\n  - name: a\n    fields: []\n`);
  });

  it('sets the version in place', () => {
    const text = setSchemaVersion(COMMENTED, 'order', '1.0.1');
    expect(text).toBe(COMMENTED.replace('"1.0.0"', '"1.0.1"'));
  });
});
