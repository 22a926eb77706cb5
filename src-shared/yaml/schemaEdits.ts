// Changes to one schema of a schema YAML text (a `schemas:` file or one schema mapping), made
// with the `yaml` document API so the rest of the text stays as the person wrote it.
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { AppError } from '../errors';
import type { FieldType, ValidationSchema, ValidatorType } from '../model/schemaDsl';
import { parseSchemaFile, parseValidationSchema } from '../model/validateSchemaFile';
import { classifyDocument } from './documents';
import { editYaml } from './editYaml';
import { parseYaml } from './parseYaml';

/** The schemas of a YAML text: a `schemas:` file or one schema mapping (defaults filled). */
export function readSchemaYaml(text: string): ValidationSchema[] {
  const value = parseYaml(text, 'schema YAML');
  return classifyDocument(value) === 'schemas'
    ? parseSchemaFile(value, 'schema YAML').schemas
    : [parseValidationSchema(value, 'schema YAML')];
}

/** Field keys the fields table edits, and the DSL's value when a key is left out. */
export const FIELD_DEFAULTS = {
  required: true,
  nullable: false,
} as const;

/** One change the fields table makes. `value: undefined` removes the key. */
export type SchemaEdit =
  | { kind: 'addField'; name: string; type: FieldType }
  | { kind: 'removeField'; field: number }
  | { kind: 'setField'; field: number; key: string; value: unknown }
  | { kind: 'setType'; field: number; type: FieldType }
  | { kind: 'addValidator'; field: number; type: ValidatorType }
  | { kind: 'removeValidator'; field: number; validator: number }
  | { kind: 'setValidator'; field: number; validator: number; key: string; value: unknown };

type Path = (string | number)[];

/**
 * Where the schema named `name` sits in the document: `['schemas', i]` in a `schemas:` file,
 * `[]` for a lone schema mapping. `null` picks the first schema.
 */
export function schemaPathIn(doc: Document, name: string | null): Path {
  const root = doc.contents;
  if (!isMap(root)) throw new AppError('invalid_input', 'The YAML is not a schema mapping');
  const list = root.get('schemas', true);
  if (list === undefined) {
    if (name === null || root.get('name') === name) return [];
  } else if (isSeq(list)) {
    const index =
      name === null ? 0 : list.items.findIndex((item) => isMap(item) && item.get('name') === name);
    if (index >= 0 && index < list.items.length) return ['schemas', index];
  }
  throw new AppError('not_found', `The YAML has no schema '${name ?? ''}'`, { name });
}

/** The quoting of a mapping's string values (seed files quote them all), for new values. */
function quoteStyleOf(map: unknown): Scalar['type'] | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const value = pair.value;
    if (isScalar(value) && typeof value.value === 'string') {
      return value.type === Scalar.QUOTE_DOUBLE || value.type === Scalar.QUOTE_SINGLE
        ? value.type
        : undefined;
    }
  }
  return undefined;
}

/** A new node for `value`: lists and mappings written inline, strings quoted as their neighbours. */
function newNode(doc: Document, value: unknown, style: Scalar['type'] | undefined): Node {
  const node = doc.createNode(value, { flow: true }) as Node;
  if (isScalar(node) && typeof value === 'string' && style) node.type = style;
  return node;
}

/** Sets `key` of the mapping at `path`, keeping an existing scalar's quoting; undefined removes it. */
function setKey(doc: Document, path: Path, key: string, value: unknown): void {
  const map = doc.getIn(path, true);
  if (!isMap(map)) throw new AppError('not_found', `Nothing to edit at ${path.join('.')}`);
  if (value === undefined) {
    map.delete(key);
    return;
  }
  const current = map.get(key, true);
  if (isScalar(current) && (value === null || typeof value !== 'object')) {
    if (current.value === value) return;
    current.value = value;
    if (typeof value !== 'string') current.type = undefined;
    else if (current.type !== Scalar.QUOTE_DOUBLE && current.type !== Scalar.QUOTE_SINGLE) {
      current.type = quoteStyleOf(map);
    }
    return;
  }
  map.set(doc.createNode(key), newNode(doc, value, quoteStyleOf(map)));
}

function fieldsOf(doc: Document, schema: Path): Path {
  const path = [...schema, 'fields'];
  if (!isSeq(doc.getIn(path, true))) {
    throw new AppError('not_found', 'The schema has no fields list');
  }
  return path;
}

function fieldPath(doc: Document, schema: Path, index: number): Path {
  const path = [...fieldsOf(doc, schema), index];
  if (!isMap(doc.getIn(path, true))) {
    throw new AppError('not_found', `The schema has no field ${index + 1}`);
  }
  return path;
}

/** Adds a mapping at the end of the list at `path` (created if missing), spaced as its items. */
function appendItem(doc: Document, path: Path, value: Record<string, unknown>): void {
  let list = doc.getIn(path, true);
  if (!isSeq(list)) {
    doc.setIn(path, doc.createNode([]));
    list = doc.getIn(path, true);
  }
  if (!isSeq(list)) return;
  list.flow = false;
  const items = list.items as Node[];
  const model = items[items.length - 1] as YAMLMap | undefined;
  const style = quoteStyleOf(model);
  const map = doc.createNode({}) as YAMLMap;
  for (const [key, item] of Object.entries(value)) {
    map.set(doc.createNode(key), newNode(doc, item, style));
  }
  // Fields set apart by blank lines get one too.
  const spaced = items.length > 1 && items.slice(1).every((item) => item.spaceBefore === true);
  if (spaced) map.spaceBefore = true;
  list.add(map);
}

function applyEdit(doc: Document, schema: Path, edit: SchemaEdit): void {
  switch (edit.kind) {
    case 'addField':
      appendItem(doc, [...schema, 'fields'], { name: edit.name, type: edit.type });
      return;
    case 'removeField':
      doc.deleteIn(fieldPath(doc, schema, edit.field));
      return;
    case 'setField': {
      const path = fieldPath(doc, schema, edit.field);
      const absent = !(doc.getIn(path, true) as YAMLMap).has(edit.key);
      const dslDefault = (FIELD_DEFAULTS as Record<string, unknown>)[edit.key];
      // A default left out stays left out.
      if (absent && (edit.value === undefined || edit.value === dslDefault)) return;
      setKey(doc, path, edit.key, edit.value);
      return;
    }
    case 'setType': {
      const path = fieldPath(doc, schema, edit.field);
      setKey(doc, path, 'type', edit.type);
      // Keys that only the old type reads go with it.
      if (edit.type !== 'list') {
        setKey(doc, path, 'item_type', undefined);
        setKey(doc, path, 'item_schema', undefined);
      }
      if (edit.type !== 'dict') setKey(doc, path, 'nested_schema', undefined);
      return;
    }
    case 'addValidator':
      appendItem(doc, [...fieldPath(doc, schema, edit.field), 'validators'], { type: edit.type });
      return;
    case 'removeValidator': {
      const path = [...fieldPath(doc, schema, edit.field), 'validators'];
      doc.deleteIn([...path, edit.validator]);
      const list = doc.getIn(path, true);
      if (isSeq(list) && list.items.length === 0) doc.deleteIn(path);
      return;
    }
    case 'setValidator': {
      const path = [...fieldPath(doc, schema, edit.field), 'validators', edit.validator];
      setKey(doc, path, edit.key, edit.value);
      return;
    }
  }
}

/**
 * Applies table edits to the schema `name` (null: the first) of a schema YAML text; untouched
 * lines keep their bytes. Throws AppError('invalid_input') for text that is not YAML and
 * AppError('not_found') when the schema or field is not there.
 */
export function editSchemaYaml(text: string, name: string | null, edits: SchemaEdit[]): string {
  return editYaml(text, (doc) => {
    const schema = schemaPathIn(doc, name);
    for (const edit of edits) applyEdit(doc, schema, edit);
  });
}

/** Sets the version of schema `name` in its YAML, keeping the rest of the text. */
export function setSchemaVersion(text: string, name: string, version: string): string {
  return editYaml(text, (doc) => setKey(doc, schemaPathIn(doc, name), 'version', version));
}

/**
 * The YAML of one schema of a file: the text itself when the file holds only that schema, else
 * the file with the other schemas' entries taken out (comments and metadata kept).
 */
export function schemaSourceOf(text: string, name: string): string {
  return editYaml(text, (doc) => {
    const path = schemaPathIn(doc, name);
    if (path.length === 0) return;
    const list = doc.getIn(['schemas'], true);
    if (!isSeq(list)) return;
    const keep = list.items[path[1] as number];
    list.items = [keep];
  });
}
