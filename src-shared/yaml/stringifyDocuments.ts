// Writes prompts and schema files as YAML in the seed's key order and PyYAML-like block style.
import { Document, Scalar, isScalar, parseDocument, visit } from 'yaml';
import type { Message, Prompt } from '../model/prompt';
import type { FieldValidator, SchemaField, SchemaFile, ValidationSchema } from '../model/schemaDsl';
import { METADATA_KEYS } from '../model/validatePrompt';

/**
 * A prompt as the seed writes it (§2.1): every field, nulls included, in the seed's key order;
 * metadata extras after the known keys.
 */
export function stringifyPrompt(prompt: Prompt): string {
  const template =
    prompt.template === undefined || prompt.template === null
      ? null
      : {
          content: prompt.template.content,
          variables: prompt.template.variables,
          partials: prompt.template.partials,
          helpers: prompt.template.helpers,
        };
  const chat =
    prompt.chat_template === undefined || prompt.chat_template === null
      ? null
      : {
          messages: prompt.chat_template.messages.map(orderMessage),
          variables: prompt.chat_template.variables,
        };
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) metadata[key] = prompt.metadata[key] ?? null;
  for (const [key, value] of Object.entries(prompt.metadata)) {
    if (!(key in metadata) && value !== undefined) metadata[key] = value;
  }
  return stringifyYaml({
    id: prompt.id,
    version: prompt.version,
    uid: prompt.uid,
    format: prompt.format,
    template,
    chat_template: chat,
    status: prompt.status,
    created_at: prompt.created_at,
    updated_at: prompt.updated_at,
    metadata,
    input_schema: prompt.input_schema ?? null,
    output_schema: prompt.output_schema ?? null,
  });
}

function orderMessage(message: Message): Record<string, unknown> {
  return {
    role: message.role,
    content: message.content,
    name: message.name ?? null,
    function_call: message.function_call ?? null,
    tool_calls: message.tool_calls ?? null,
  };
}

/** A `schemas:` file in the seed's layout; optional keys that are unset are left out. */
export function stringifySchemaFile(file: SchemaFile): string {
  const out: Record<string, unknown> = {};
  if (file.version !== undefined) out.version = file.version;
  if (file.metadata !== undefined) out.metadata = file.metadata;
  out.schemas = file.schemas.map(orderSchema);
  return stringifyYaml(out);
}

function orderSchema(schema: ValidationSchema): Record<string, unknown> {
  return withoutEmpty({
    name: schema.name,
    version: schema.version,
    description: schema.description,
    strict: schema.strict,
    allow_extra: schema.allow_extra,
    extends: schema.extends,
    metadata: schema.metadata,
    fields: schema.fields.map(orderField),
  });
}

function orderField(field: SchemaField): Record<string, unknown> {
  return withoutEmpty({
    name: field.name,
    type: field.type,
    required: field.required,
    default: field.default,
    description: field.description,
    nested_schema: field.nested_schema,
    item_type: field.item_type,
    item_schema: field.item_schema,
    nullable: field.nullable,
    read_only: field.read_only,
    write_only: field.write_only,
    validators: field.validators.map(orderValidator),
  });
}

function orderValidator(validator: FieldValidator): Record<string, unknown> {
  return withoutEmpty({
    type: validator.type,
    value: validator.value,
    min_value: validator.min_value,
    max_value: validator.max_value,
    pattern: validator.pattern,
    allowed_values: validator.allowed_values,
    custom_function: validator.custom_function,
    error_message: validator.error_message,
  });
}

function withoutEmpty(entries: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/**
 * Any plain data as YAML in the seed's style: block style, 2-space indent, list items flush with
 * their key. Strings a YAML 1.1 reader (the seed's PyYAML) would take for something else, e.g.
 * `yes` or a timestamp, are quoted.
 */
export function stringifyYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.2' });
  visit(doc, {
    Scalar(_key, node) {
      if (
        typeof node.value === 'string' &&
        !node.value.includes('\n') &&
        misreadAsYaml11(node.value)
      ) {
        node.type = Scalar.QUOTE_SINGLE;
      }
    },
  });
  return doc.toString({ indent: 2, indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

// YAML 1.1 scalars that are not strings (bools, nulls, numbers, timestamps) use only these
// characters; anything else is left to the library, which quotes for YAML 1.2 on its own.
const YAML11_SCALAR_CHARS = /^[\w.:+\- ~]+$/;

function misreadAsYaml11(text: string): boolean {
  // Checking the character set first also keeps nested-looking text away from the parser.
  if (!YAML11_SCALAR_CHARS.test(text)) return false;
  const doc = parseDocument(text, { version: '1.1' });
  return doc.errors.length > 0 || !isScalar(doc.contents) || typeof doc.contents.value !== 'string';
}
