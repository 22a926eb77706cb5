// The Variables form as data: one field per variable, typed by the input schema, and the
// conversion of what the user typed into the values a render receives.
import type { SchemaField, ValidationSchema } from '../../../src-shared/model/schemaDsl';

/** How a variable is edited. */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

/** One field of the Variables form. */
export interface VariableField {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** The schema default, shown as a placeholder. */
  placeholder: string;
  description: string | null;
  options: string[];
  /** True when the template uses it (false: only the schema names it). */
  inTemplate: boolean;
}

/** What the user typed: text for most fields, a boolean for checkboxes. */
export type RawValue = string | boolean;

/**
 * Stands for text a number field could not read ("1e", "--"): the browser's number input keeps
 * such text to itself and reports only that it is bad, so the form keeps this marker instead.
 */
export const UNREADABLE_NUMBER = '\u0000unreadable number';

const KIND_OF: Record<SchemaField['type'], FieldKind> = {
  string: 'text',
  integer: 'integer',
  float: 'number',
  boolean: 'boolean',
  enum: 'enum',
  list: 'json',
  dict: 'json',
  any: 'json',
};

function enumOptions(field: SchemaField): string[] {
  for (const validator of field.validators ?? []) {
    const values = validator.allowed_values ?? (validator.type === 'enum' ? validator.value : null);
    if (validator.type === 'enum' && Array.isArray(values)) return values.map(String);
  }
  return [];
}

function placeholderOf(field: SchemaField): string {
  if (field.default === undefined || field.default === null) return '';
  return typeof field.default === 'string' ? field.default : JSON.stringify(field.default);
}

function fromSchema(field: SchemaField, inTemplate: boolean): VariableField {
  const options = enumOptions(field);
  const kind = KIND_OF[field.type] ?? 'text';
  return {
    name: field.name,
    // A string field restricted to a list is picked from that list too.
    kind: options.length > 0 && (kind === 'text' || kind === 'enum') ? 'enum' : kind,
    required: field.required,
    placeholder: placeholderOf(field),
    description: field.description ?? null,
    options,
    inTemplate,
  };
}

/** The form's fields: template variables in order of use, then fields only the schema names. */
export function buildVariableFields(
  templateVariables: readonly string[],
  schema: ValidationSchema | null,
): VariableField[] {
  const byName = new Map((schema?.fields ?? []).map((field) => [field.name, field]));
  const fields = templateVariables.map((name) => {
    const field = byName.get(name);
    return field
      ? fromSchema(field, true)
      : {
          name,
          kind: 'text' as const,
          required: true,
          placeholder: '',
          description: null,
          options: [],
          inTemplate: true,
        };
  });
  const seen = new Set(templateVariables);
  for (const field of schema?.fields ?? []) {
    if (!seen.has(field.name)) fields.push(fromSchema(field, false));
  }
  return fields;
}

/** The render variables built from the form, with problems found before asking the server. */
export interface ConvertedVariables {
  variables: Record<string, unknown>;
  /** Per field name: why its text could not be read (bad JSON, not a number). */
  problems: Record<string, string>;
}

function convertOne(field: VariableField, raw: RawValue): { value?: unknown; problem?: string } {
  if (field.kind === 'boolean') return { value: raw === true || raw === 'true' };
  const text = typeof raw === 'string' ? raw : String(raw);
  // Empty means "not given": the schema's default applies, or the render names it missing.
  if (text.trim() === '' && field.kind !== 'text') return {};
  if (text === '') return {};
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const value = text === UNREADABLE_NUMBER ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) return { problem: `${field.name} must be a number.` };
      if (field.kind === 'integer' && !Number.isInteger(value)) {
        return { problem: `${field.name} must be a whole number.` };
      }
      return { value };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { problem: `${field.name} is not valid JSON (e.g. ["a", "b"] or {"k": 1}).` };
      }
    default:
      return { value: text };
  }
}

/** Converts the typed values of the form into render variables. */
export function convertValues(
  fields: readonly VariableField[],
  values: Readonly<Record<string, RawValue>>,
): ConvertedVariables {
  const variables: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (raw === undefined) continue;
    const { value, problem } = convertOne(field, raw);
    if (problem) problems[field.name] = problem;
    else if (value !== undefined) variables[field.name] = value;
  }
  return { variables, problems };
}
