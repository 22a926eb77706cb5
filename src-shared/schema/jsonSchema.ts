// Compiles a DSL schema into a JSON Schema (2020-12) that enforces every rule of the DSL.
//
// - Each validator becomes one entry of the field's `allOf`, so a failure names its DSL rule.
// - `regex` uses JSON Schema `pattern`: SEARCH semantics like the seed's pydantic, so `[0-9]+`
//   accepts `abc123`; anchor the pattern (`^…$`) to match the whole value. Patterns are vetted by
//   regexSafety, and values longer than PATTERN_INPUT_MAX_LENGTH fail before the pattern runs.
// - `url` accepts http and https URLs only; `datetime` is ISO 8601 with an optional offset
//   (ajv-formats `iso-date-time`, which also accepts the seed's `%Y-%m-%dT%H:%M:%S`).
// - `custom` validators name Python functions; a desktop tool cannot run them, so they are not
//   enforced here and schemaWarnings() reports them.
// - A nullable field is `if: {type: null}, else: <field>` rather than `anyOf`, because ajv fills
//   defaults inside `else` but not inside `anyOf` (nested defaults must still be filled).
// - Nested schemas go to `$defs` (or `#` for the schema itself), so recursion works.
import { AppError } from '../errors';
import { defineOwn } from '../plainData';
import type { FieldType, FieldValidator, SchemaField, ValidationSchema } from '../model/schemaDsl';
import { fillValueOf, mustBeSupplied, validatorApplies } from './fieldRules';
import { tooLongToCheckMessage, typeMessage, validatorMessage } from './issueMessages';
import { PATTERN_INPUT_MAX_LENGTH, assertSafePattern } from './regexSafety';

/** Longest value checked against a format (email, url, uuid, date, datetime). */
export const FORMAT_INPUT_MAX_LENGTH = 100_000;

/** The JSON Schema dialect produced. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A JSON Schema object. */
export type JsonSchemaObject = Record<string, unknown>;

/** How one failing keyword reads as a FieldIssue. */
export interface IssueSpec {
  rule: string;
  message: string;
}

/** Issue specs of one subschema, by JSON Schema keyword; `*` covers every keyword. */
export type IssueTable = Readonly<Record<string, IssueSpec>>;

/** A JSON Schema plus, for its subschemas, how their failures read as DSL issues. */
export interface AnnotatedJsonSchema {
  json: JsonSchemaObject;
  issues: WeakMap<object, IssueTable>;
}

/** Resolves a schema name to its definition (undefined when unknown). */
export type SchemaResolver = (name: string) => ValidationSchema | undefined;

const JSON_TYPES: Partial<Record<FieldType, string>> = {
  string: 'string',
  integer: 'integer',
  float: 'number',
  boolean: 'boolean',
  list: 'array',
  dict: 'object',
};

const FORMATS: Partial<Record<FieldValidator['type'], string>> = {
  email: 'email',
  url: 'uri',
  uuid: 'uuid',
  date: 'date',
  datetime: 'iso-date-time',
};

function pointerSegment(name: string): string {
  return encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/**
 * Compiles `schema` into a JSON Schema enforcing every DSL rule; `resolve` supplies the schemas
 * named by `nested_schema` / `item_schema`. Throws AppError('invalid_input') for an unknown
 * nested schema or an unsafe regex.
 */
export function toJsonSchema(schema: ValidationSchema, resolve: SchemaResolver): JsonSchemaObject {
  return buildJsonSchema(schema, resolve).json;
}

/** Like toJsonSchema, also returning how each subschema's failures map to DSL rules and messages. */
export function buildJsonSchema(
  root: ValidationSchema,
  resolve: SchemaResolver,
): AnnotatedJsonSchema {
  const issues = new WeakMap<object, IssueTable>();
  const defs: JsonSchemaObject = {};

  const note = <T extends object>(subschema: T, table: IssueTable): T => {
    issues.set(subschema, table);
    return subschema;
  };

  const refTo = (name: string, from: ValidationSchema): string => {
    if (name === root.name) return '#';
    if (!Object.prototype.hasOwnProperty.call(defs, name)) {
      const target = resolve(name);
      if (target === undefined) {
        throw new AppError(
          'invalid_input',
          `Schema '${from.name}' refers to unknown schema '${name}'`,
          { schema: from.name, missing: name },
        );
      }
      defineOwn(defs, name, {}); // reserve the slot first: a schema may nest itself
      defineOwn(defs, name, objectSchema(target));
    }
    return `#/$defs/${pointerSegment(name)}`;
  };

  const guarded = (check: JsonSchemaObject, limit: number, spec: IssueSpec): JsonSchemaObject => ({
    if: { maxLength: limit },
    then: note(check, { '*': spec }),
    else: note(
      { maxLength: limit },
      { '*': { rule: 'max_length', message: tooLongToCheckMessage(limit) } },
    ),
  });

  const validatorSchema = (
    v: FieldValidator,
    field: SchemaField,
    owner: ValidationSchema,
  ): JsonSchemaObject | undefined => {
    const spec: IssueSpec = { rule: v.type, message: validatorMessage(v, field.type) };
    const min = v.min_value ?? undefined;
    const max = v.max_value ?? undefined;
    const lengthKey = (bound: 'min' | 'max'): string =>
      field.type === 'string'
        ? `${bound}Length`
        : field.type === 'list'
          ? `${bound}Items`
          : `${bound}Properties`;
    switch (v.type) {
      case 'min_length':
        return min === undefined ? undefined : note({ [lengthKey('min')]: min }, { '*': spec });
      case 'max_length':
        return max === undefined ? undefined : note({ [lengthKey('max')]: max }, { '*': spec });
      case 'min_value':
      case 'max_value':
      case 'range': {
        const low = v.type === 'max_value' ? undefined : min;
        const high = v.type === 'min_value' ? undefined : max;
        if (low === undefined && high === undefined) return undefined;
        // JSON Schema bounds skip non-numbers; a numeric field's type catches those, `any` needs
        // the type said here (null stays allowed where the field is nullable).
        const bounds: JsonSchemaObject =
          field.type === 'any' ? { type: field.nullable ? ['number', 'null'] : 'number' } : {};
        if (low !== undefined) bounds.minimum = low;
        if (high !== undefined) bounds.maximum = high;
        return note(bounds, { '*': spec });
      }
      case 'enum':
        return v.allowed_values && v.allowed_values.length > 0
          ? note({ enum: [...v.allowed_values] }, { '*': spec })
          : undefined;
      case 'regex': {
        if (typeof v.pattern !== 'string') {
          throw new AppError(
            'invalid_input',
            `Schema '${owner.name}', field '${field.name}': regex validator requires 'pattern' parameter`,
            { schema: owner.name, field: field.name, rule: 'regex' },
          );
        }
        assertSafePattern(v.pattern, { schema: owner.name, field: field.name });
        return guarded({ pattern: v.pattern }, PATTERN_INPUT_MAX_LENGTH, spec);
      }
      case 'url':
        return guarded(
          { format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]' },
          FORMAT_INPUT_MAX_LENGTH,
          spec,
        );
      case 'custom':
        return undefined;
      default: {
        const format = FORMATS[v.type];
        return format === undefined
          ? undefined
          : guarded({ format }, FORMAT_INPUT_MAX_LENGTH, spec);
      }
    }
  };

  const typed = (type: FieldType): JsonSchemaObject | undefined => {
    const jsonType = JSON_TYPES[type];
    if (jsonType === undefined) return undefined;
    return note({ type: jsonType }, { type: { rule: 'type', message: typeMessage(type) } });
  };

  const coreSchema = (field: SchemaField, owner: ValidationSchema): JsonSchemaObject => {
    const core = typed(field.type) ?? {};
    if (field.type === 'list') {
      if (field.item_schema) {
        core.items = { type: 'object', $ref: refTo(field.item_schema, owner) };
      } else if (field.item_type) {
        const items = typed(field.item_type);
        if (items !== undefined) core.items = items;
      }
    }
    if (field.type === 'dict' && field.nested_schema) {
      core.$ref = refTo(field.nested_schema, owner);
    }
    const checks = field.validators
      .filter((v) => validatorApplies(v.type, field.type))
      .map((v) => validatorSchema(v, field, owner))
      .filter((s): s is JsonSchemaObject => s !== undefined);
    if (checks.length > 0) core.allOf = checks;
    return core;
  };

  const fieldSchema = (field: SchemaField, owner: ValidationSchema): JsonSchemaObject => {
    const core = coreSchema(field, owner);
    const schema: JsonSchemaObject =
      field.nullable && field.type !== 'any' ? { if: { type: 'null' }, else: core } : core;
    if (field.description) schema.description = field.description;
    const fill = fillValueOf(field);
    if (fill !== undefined) schema.default = fill.value;
    if (field.read_only) schema.readOnly = true;
    if (field.write_only) schema.writeOnly = true;
    return schema;
  };

  function objectSchema(schema: ValidationSchema): JsonSchemaObject {
    const properties: JsonSchemaObject = {};
    const required: string[] = [];
    for (const field of schema.fields) {
      if (field.name === '__proto__') {
        // ajv skips a property of this name, so it could never be checked: refuse it.
        throw new AppError(
          'invalid_input',
          `Schema '${schema.name}': the field name '__proto__' is reserved`,
          { schema: schema.name, field: field.name },
        );
      }
      defineOwn(properties, field.name, fieldSchema(field, schema));
      if (mustBeSupplied(field)) required.push(field.name);
    }
    const out: JsonSchemaObject = { title: schema.name };
    if (schema.description) out.description = schema.description;
    out.type = 'object';
    out.properties = properties;
    if (required.length > 0) out.required = required;
    if (schema.strict && !schema.allow_extra) out.additionalProperties = false;
    return out;
  }

  const body = objectSchema(root);
  const json: JsonSchemaObject = { $schema: JSON_SCHEMA_DIALECT, ...body };
  if (Object.keys(defs).length > 0) json.$defs = defs;
  return { json, issues };
}
