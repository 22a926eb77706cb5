// The schema the YAML editor holds right now, for the fields table: parsed in the page, so the
// table follows every keystroke in the YAML and every table edit shows in the YAML at once.
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { readSchemaYaml } from '../../../src-shared/yaml/schemaEdits';

/** The open schema as the text defines it, or why the text defines none. */
export type SchemaInText = { ok: true; schema: ValidationSchema } | { ok: false; message: string };

/** The schema `name` (null: the first) of a schema YAML text. */
export function schemaInText(text: string, name: string | null): SchemaInText {
  let schemas: ValidationSchema[];
  try {
    schemas = readSchemaYaml(text);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const schema = name === null ? schemas[0] : schemas.find((item) => item.name === name);
  if (schema) return { ok: true, schema };
  return { ok: false, message: `The YAML no longer defines the schema '${name ?? ''}'.` };
}

/** A default typed in the table: JSON when it reads as JSON, else the text itself. */
export function defaultFromText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}
