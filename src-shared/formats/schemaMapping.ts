// Input schemas between our schema DSL and the other tools' JSON Schema and Picoschema, for
// what both sides can say; a keyword or rule without an equivalent is refused by name.
import { AppError } from '../errors';
import type { FieldType, FieldValidator, SchemaField, ValidationSchema } from '../model/schemaDsl';

/** A JSON Schema object. */
export type JsonObject = Record<string, unknown>;

/** Finds a library schema by name. */
export type SchemaLookup = (name: string) => ValidationSchema | undefined;

const FROM_JSON_TYPE: Readonly<Record<string, FieldType>> = {
  string: 'string',
  integer: 'integer',
  number: 'float',
  boolean: 'boolean',
  array: 'list',
  object: 'dict',
};
const TO_JSON_TYPE: Partial<Record<FieldType, string>> = {
  string: 'string',
  integer: 'integer',
  float: 'number',
  boolean: 'boolean',
  list: 'array',
  dict: 'object',
};
const FORMAT_VALIDATORS: Readonly<Record<string, FieldValidator['type']>> = {
  email: 'email',
  uri: 'url',
  url: 'url',
  uuid: 'uuid',
  date: 'date',
  'date-time': 'datetime',
};
const VALIDATOR_FORMATS: Partial<Record<FieldValidator['type'], string>> = {
  email: 'email',
  url: 'uri',
  uuid: 'uuid',
  date: 'date',
  datetime: 'date-time',
};
/** Keywords that only annotate; they are dropped without changing what validates. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'examples', 'example']);
const FIELD_KEYWORDS = new Set([
  'type',
  'description',
  'default',
  'enum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'pattern',
  'format',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'readOnly',
  'writeOnly',
]);

/**
 * Reads a JSON Schema object into DSL schemas: the first is named `name`, nested objects become
 * schemas of their own (`<name>_<field>`). A property that is not required becomes nullable
 * unless it has a default (Dotprompt's Picoschema marks optional fields nullable). Throws
 * AppError('invalid_input') naming the keyword and field it cannot express.
 */
export function jsonSchemaToDsl(json: unknown, name: string, where: string): ValidationSchema[] {
  const out: ValidationSchema[] = [];
  readObject(json, name, where, '', out);
  return out;
}

function readObject(
  json: unknown,
  name: string,
  where: string,
  path: string,
  out: ValidationSchema[],
): string {
  if (!isObject(json)) throw schemaRefusal(where, path, 'a schema that is not an object');
  checkKeywords(json, where, path);
  if (json['type'] !== undefined && json['type'] !== 'object') {
    throw schemaRefusal(where, path, `type '${String(json['type'])}' where an object is expected`);
  }
  const properties = json['properties'] ?? {};
  if (!isObject(properties)) throw schemaRefusal(where, path, "'properties' that is not an object");
  const required = Array.isArray(json['required']) ? json['required'].map(String) : [];
  const extra = json['additionalProperties'];
  const open = extra === true || (isObject(extra) && Object.keys(extra).length === 0);
  if (extra !== undefined && typeof extra !== 'boolean' && !open) {
    throw schemaRefusal(where, path, "'additionalProperties' with a schema");
  }
  const schema: ValidationSchema = {
    name,
    version: '1.0.0',
    description: typeof json['description'] === 'string' ? json['description'] : null,
    strict: !open,
    allow_extra: open,
    extends: null,
    metadata: {},
    fields: [],
  };
  out.push(schema);
  for (const [field, value] of Object.entries(properties)) {
    schema.fields.push(
      readField(field, value, required.includes(field), name, where, join(path, field), out),
    );
  }
  return name;
}

function readField(
  name: string,
  json: unknown,
  required: boolean,
  owner: string,
  where: string,
  path: string,
  out: ValidationSchema[],
): SchemaField {
  if (!isObject(json)) throw schemaRefusal(where, path, 'a field schema that is not an object');
  checkKeywords(json, where, path);
  let types =
    json['type'] === undefined
      ? []
      : Array.isArray(json['type'])
        ? json['type'].map(String)
        : [String(json['type'])];
  const nullable =
    types.includes('null') || (Array.isArray(json['enum']) && json['enum'].includes(null));
  types = types.filter((type) => type !== 'null');
  if (types.length > 1) throw schemaRefusal(where, path, `the type list [${types.join(', ')}]`);
  const jsonType = types[0];
  let type: FieldType = jsonType === undefined ? 'any' : (FROM_JSON_TYPE[jsonType] ?? 'any');
  if (jsonType !== undefined && FROM_JSON_TYPE[jsonType] === undefined) {
    throw schemaRefusal(where, path, `the type '${jsonType}'`);
  }
  const validators: FieldValidator[] = [];
  if (Array.isArray(json['enum'])) {
    const allowed = json['enum'].filter((value) => value !== null);
    if (type === 'string' || type === 'any') type = 'enum';
    validators.push({ type: 'enum', allowed_values: allowed });
  }
  const lengthMin = json['minLength'] ?? json['minItems'];
  const lengthMax = json['maxLength'] ?? json['maxItems'];
  if (typeof lengthMin === 'number') validators.push({ type: 'min_length', min_value: lengthMin });
  if (typeof lengthMax === 'number') validators.push({ type: 'max_length', max_value: lengthMax });
  if (typeof json['minimum'] === 'number')
    validators.push({ type: 'min_value', min_value: json['minimum'] });
  if (typeof json['maximum'] === 'number')
    validators.push({ type: 'max_value', max_value: json['maximum'] });
  if (typeof json['pattern'] === 'string')
    validators.push({ type: 'regex', pattern: json['pattern'] });
  if (json['format'] !== undefined) {
    const validator = FORMAT_VALIDATORS[String(json['format'])];
    if (validator === undefined)
      throw schemaRefusal(where, path, `the format '${String(json['format'])}'`);
    validators.push({ type: validator });
  }
  const field: SchemaField = {
    name,
    type,
    required,
    description: typeof json['description'] === 'string' ? json['description'] : null,
    validators,
    nullable: nullable || (!required && json['default'] === undefined),
    read_only: json['readOnly'] === true,
    write_only: json['writeOnly'] === true,
  };
  if (json['default'] !== undefined) field.default = json['default'];
  if (type === 'list' && json['items'] !== undefined) {
    const items = json['items'];
    if (!isObject(items)) throw schemaRefusal(where, path, "'items' that is not a schema");
    const itemType = items['type'] === undefined ? 'any' : FROM_JSON_TYPE[String(items['type'])];
    if (itemType === 'dict' && isObject(items['properties'])) {
      field.item_schema = readObject(items, `${owner}_${name}`, where, `${path}[]`, out);
    } else if (
      itemType === undefined ||
      Object.keys(items).some(
        (key) => key !== 'type' && !ANNOTATIONS.has(key) && key !== 'description',
      )
    ) {
      throw schemaRefusal(where, `${path}[]`, 'list items with rules of their own');
    } else {
      field.item_type = itemType;
    }
  }
  if (type === 'dict' && isObject(json['properties'])) {
    const nested = {
      properties: json['properties'],
      required: json['required'],
      additionalProperties: json['additionalProperties'],
    };
    field.nested_schema = readObject(nested, `${owner}_${name}`, where, path, out);
  }
  return field;
}

function checkKeywords(json: JsonObject, where: string, path: string): void {
  for (const key of Object.keys(json)) {
    if (!FIELD_KEYWORDS.has(key) && !ANNOTATIONS.has(key)) {
      throw schemaRefusal(where, path, `the keyword '${key}'`);
    }
  }
}

/**
 * Writes a DSL schema as JSON Schema (draft 2020-12 keywords, nested schemas inlined, `extends`
 * resolved). Throws AppError('export_rule') for a rule without a JSON Schema keyword (`custom`
 * validators) or a schema that nests itself.
 */
export function dslToJsonSchema(
  schema: ValidationSchema,
  lookup: SchemaLookup,
  format: string,
): JsonObject {
  return writeObject(schema, lookup, format, []);
}

function writeObject(
  schema: ValidationSchema,
  lookup: SchemaLookup,
  format: string,
  trail: string[],
): JsonObject {
  if (trail.includes(schema.name)) {
    throw exportRefusal(format, schema.name, '', 'a schema that nests itself');
  }
  const inner = [...trail, schema.name];
  const fields = fieldsOf(schema, lookup, format, inner);
  const json: JsonObject = { type: 'object' };
  if (schema.description) json['description'] = schema.description;
  json['properties'] = Object.fromEntries(
    fields.map((field) => [field.name, writeField(field, schema, lookup, format, inner)]),
  );
  const required = fields.filter((field) => field.required).map((field) => field.name);
  if (required.length > 0) json['required'] = required;
  if (!schema.allow_extra) json['additionalProperties'] = false;
  return json;
}

/** The fields of a schema with those it extends first (its own win by name). */
export function fieldsOf(
  schema: ValidationSchema,
  lookup: SchemaLookup,
  format: string,
  trail: string[] = [],
): SchemaField[] {
  if (!schema.extends) return schema.fields;
  const parent = lookup(schema.extends);
  if (parent === undefined || trail.includes(parent.name)) {
    throw exportRefusal(format, schema.name, '', `the base schema '${schema.extends}'`);
  }
  const own = new Set(schema.fields.map((field) => field.name));
  return [
    ...fieldsOf(parent, lookup, format, [...trail, parent.name]).filter(
      (field) => !own.has(field.name),
    ),
    ...schema.fields,
  ];
}

function writeField(
  field: SchemaField,
  owner: ValidationSchema,
  lookup: SchemaLookup,
  format: string,
  trail: string[],
): JsonObject {
  const json: JsonObject = {};
  const jsonType = TO_JSON_TYPE[field.type];
  if (jsonType !== undefined) json['type'] = field.nullable ? [jsonType, 'null'] : jsonType;
  else if (field.type === 'enum') json['type'] = field.nullable ? ['string', 'null'] : 'string';
  if (field.description) json['description'] = field.description;
  if (field.default !== undefined) json['default'] = field.default;
  for (const validator of field.validators) {
    Object.assign(json, validatorKeywords(validator, field, owner, format));
  }
  if (field.read_only) json['readOnly'] = true;
  if (field.write_only) json['writeOnly'] = true;
  if (field.type === 'list') {
    if (field.item_schema)
      json['items'] = writeObject(
        resolve(field.item_schema, owner, field, lookup, format),
        lookup,
        format,
        trail,
      );
    else if (field.item_type && TO_JSON_TYPE[field.item_type])
      json['items'] = { type: TO_JSON_TYPE[field.item_type] };
  }
  if (field.type === 'dict' && field.nested_schema) {
    Object.assign(
      json,
      writeObject(
        resolve(field.nested_schema, owner, field, lookup, format),
        lookup,
        format,
        trail,
      ),
      field.description ? { description: field.description } : {},
    );
    if (field.nullable) json['type'] = ['object', 'null'];
  }
  return json;
}

function validatorKeywords(
  v: FieldValidator,
  field: SchemaField,
  owner: ValidationSchema,
  format: string,
): JsonObject {
  const length = (bound: 'min' | 'max') =>
    field.type === 'list' ? `${bound}Items` : `${bound}Length`;
  switch (v.type) {
    case 'min_length':
      return v.min_value == null ? {} : { [length('min')]: v.min_value };
    case 'max_length':
      return v.max_value == null ? {} : { [length('max')]: v.max_value };
    case 'min_value':
      return v.min_value == null ? {} : { minimum: v.min_value };
    case 'max_value':
      return v.max_value == null ? {} : { maximum: v.max_value };
    case 'range':
      return {
        ...(v.min_value == null ? {} : { minimum: v.min_value }),
        ...(v.max_value == null ? {} : { maximum: v.max_value }),
      };
    case 'enum':
      return { enum: [...(v.allowed_values ?? [])] };
    case 'regex':
      return typeof v.pattern === 'string' ? { pattern: v.pattern } : {};
    case 'custom':
      throw exportRefusal(format, owner.name, field.name, 'a custom validator');
    default: {
      const keyword = VALIDATOR_FORMATS[v.type];
      return keyword === undefined ? {} : { format: keyword };
    }
  }
}

function resolve(
  name: string,
  owner: ValidationSchema,
  field: SchemaField,
  lookup: SchemaLookup,
  format: string,
): ValidationSchema {
  const found = lookup(name);
  if (found === undefined)
    throw exportRefusal(format, owner.name, field.name, `the unknown schema '${name}'`);
  return found;
}

/**
 * Writes a DSL schema as Picoschema when Picoschema can say all of it (types, descriptions,
 * optional fields, enums, lists and nested objects; no validators, defaults only at the top,
 * which go to `input.default`); else undefined, and the caller writes JSON Schema.
 */
export function dslToPicoschema(
  schema: ValidationSchema,
  lookup: SchemaLookup,
  trail: string[] = [],
): JsonObject | undefined {
  if (trail.includes(schema.name) || schema.allow_extra) return undefined;
  const out: JsonObject = {};
  for (const field of fieldsOf(schema, lookup, 'Dotprompt')) {
    if (field.read_only || field.write_only || (field.required && field.nullable)) return undefined;
    if (!field.required && !field.nullable && field.default === undefined) return undefined;
    if (trail.length > 0 && field.default !== undefined) return undefined;
    const key = `${field.name}${field.required ? '' : '?'}`;
    const described = (kind: string) =>
      field.description ? `${key}(${kind}, ${field.description})` : `${key}(${kind})`;
    const scalar = (type: string) => (field.description ? `${type}, ${field.description}` : type);
    const rules = field.validators.filter((v) => !(v.type === 'enum' && field.type === 'enum'));
    if (rules.length > 0 || (field.description ?? '').includes(')')) return undefined;
    if (field.type === 'enum') {
      const values = field.validators.find((v) => v.type === 'enum')?.allowed_values;
      if (values === undefined || values === null) return undefined;
      out[described('enum')] = [...values];
    } else if (field.type === 'list') {
      if (field.item_schema) {
        const nested = lookup(field.item_schema);
        const items = nested && dslToPicoschema(nested, lookup, [...trail, schema.name]);
        if (items === undefined || nested?.description) return undefined;
        out[described('array')] = items;
      } else {
        const item = field.item_type ?? 'any';
        const type = item === 'float' ? 'number' : item;
        if (!['string', 'integer', 'number', 'boolean', 'any'].includes(type)) return undefined;
        out[described('array')] = type;
      }
    } else if (field.type === 'dict') {
      const nested = field.nested_schema ? lookup(field.nested_schema) : undefined;
      const inner = nested && dslToPicoschema(nested, lookup, [...trail, schema.name]);
      if (inner === undefined || nested?.description) return undefined;
      out[described('object')] = inner;
    } else {
      out[key] = scalar(field.type === 'float' ? 'number' : field.type);
    }
  }
  return out;
}

/** The defaults of a schema's top-level fields, for Dotprompt's `input.default`. */
export function topLevelDefaults(
  schema: ValidationSchema,
  lookup: SchemaLookup,
): Record<string, unknown> {
  return Object.fromEntries(
    fieldsOf(schema, lookup, 'Dotprompt')
      .filter((field) => field.default !== undefined)
      .map((field) => [field.name, field.default]),
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function schemaRefusal(where: string, path: string, construct: string): AppError {
  const at = path === '' ? 'the input schema' : `input field '${path}'`;
  return new AppError(
    'invalid_input',
    `${where}: ${at} uses ${construct}, which our schemas cannot express`,
    {
      construct,
      field: path,
    },
  );
}

function exportRefusal(format: string, schema: string, field: string, construct: string): AppError {
  const at = field === '' ? `schema '${schema}'` : `schema '${schema}', field '${field}'`;
  return new AppError('export_rule', `${format} export cannot express ${construct} (${at})`, {
    rule: format.toLowerCase(),
    construct,
    schema,
    field,
  });
}
