// Writes prompts and schema files as YAML in the seed's key order and PyYAML-like block style.
import { Document, Scalar, isScalar, parseDocument, visit } from 'yaml';
import {
  CHAT_KEYS,
  FIELD_KEYS,
  MESSAGE_EXTRA_KEYS,
  MESSAGE_KEYS,
  METADATA_KEYS,
  PROMPT_KEYS,
  SCHEMA_KEYS,
  TEMPLATE_KEYS,
  VALIDATOR_KEYS,
} from '../model/documentKeys';
import type { Prompt } from '../model/prompt';
import type { SchemaField, SchemaFile, ValidationSchema } from '../model/schemaDsl';

/**
 * A prompt as the seed writes it (§2.1): every field, nulls included, in the seed's key order;
 * metadata extras after the known keys.
 */
export function stringifyPrompt(prompt: Prompt): string {
  const template =
    prompt.template === undefined || prompt.template === null
      ? null
      : withNulls(prompt.template, TEMPLATE_KEYS);
  const chat =
    prompt.chat_template === undefined || prompt.chat_template === null
      ? null
      : withNulls(
          {
            ...prompt.chat_template,
            messages: prompt.chat_template.messages.map((message) =>
              withExtras(withNulls(message, MESSAGE_KEYS), message, MESSAGE_EXTRA_KEYS),
            ),
          },
          CHAT_KEYS,
        );
  const metadata = withNulls(prompt.metadata, METADATA_KEYS);
  for (const [key, value] of Object.entries(prompt.metadata)) {
    if (!(key in metadata) && value !== undefined) metadata[key] = value;
  }
  return stringifyYaml(
    withNulls({ ...prompt, template, chat_template: chat, metadata }, PROMPT_KEYS),
  );
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
  return withoutEmpty({ ...schema, fields: schema.fields.map(orderField) }, SCHEMA_KEYS);
}

function orderField(field: SchemaField): Record<string, unknown> {
  const validators = field.validators.map((validator) => withoutEmpty(validator, VALIDATOR_KEYS));
  return withoutEmpty({ ...field, validators }, FIELD_KEYS);
}

/** `source`'s values for `keys`, in that order; a missing value is written as null. */
function withNulls(source: object, keys: readonly string[]): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = values[key] ?? null;
  return out;
}

/** `out` with `source`'s set values for `keys` appended (unset ones are not written). */
function withExtras(
  out: Record<string, unknown>,
  source: object,
  keys: readonly string[],
): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  for (const key of keys) {
    if (values[key] !== undefined && values[key] !== null) out[key] = values[key];
  }
  return out;
}

/** `source`'s values for `keys`, in that order; missing and null values are left out. */
function withoutEmpty(source: object, keys: readonly string[]): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = values[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/** True when a line of only spaces or tabs comes before the text's first visible character. */
function spacedLineBeforeText(text: string): boolean {
  const lead = /^[ \t\n]*/.exec(text)?.[0] ?? '';
  const end = lead.lastIndexOf('\n');
  return end > 0 && /[ \t]/.test(lead.slice(0, end));
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
      if (typeof node.value !== 'string') return;
      if (!node.value.includes('\n') && misreadAsYaml11(node.value)) {
        node.type = Scalar.QUOTE_SINGLE;
      } else if (spacedLineBeforeText(node.value)) {
        // A block literal cannot hold a line of only spaces before its first text: a reader takes
        // those spaces for indentation (`" \n"` would come back as `"\n"`). Quoted, it can.
        node.type = Scalar.QUOTE_DOUBLE;
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
