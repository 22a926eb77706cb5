// The schema side of rendering: the library's partials and schemas, the input check and the
// output schema lookup, shared by renderPrompt and every exporter so export = preview.
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';

/** What rendering needs from the schema library (a SchemaSet satisfies it). */
export interface SchemaSetLike {
  has(name: string): boolean;
  get(name: string): ValidationSchema | undefined;
  /** Validates and normalises data (defaults filled); throws AppError('schema_violation'). */
  validate(name: string, data: unknown): { value: unknown };
}

/** The library a prompt renders against: shared partials and loaded schemas. */
export interface RenderContext {
  partials: Readonly<Record<string, string>>;
  schemas: SchemaSetLike;
}

/** Variables after the input schema ran, and the fields that may render as empty when null. */
export interface CheckedVariables {
  variables: Record<string, unknown>;
  nullable: string[];
}

/** Library partials overlaid with the prompt's own (the prompt's win on a name clash). */
export function partialsFor(prompt: Prompt, ctx: RenderContext): Readonly<Record<string, string>> {
  const own = prompt.template?.partials;
  // Most prompts have none: the library's set serves as it is, uncopied, on every render.
  if (own === undefined || own === null || Object.keys(own).length === 0) return ctx.partials;
  return { ...ctx.partials, ...own };
}

/**
 * Applies the prompt's input schema: it must be in the library, the variables must pass it,
 * and the validated value (defaults filled) replaces them. Without an input schema, or with
 * `validate` false, the variables pass through unchanged and nothing is nullable.
 */
export function checkInput(
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  validate = true,
): CheckedVariables {
  const name = prompt.input_schema;
  if (name === null || name === undefined || name === '' || !validate) {
    return { variables, nullable: [] };
  }
  const schema = ctx.schemas.get(name);
  if (schema === undefined || !ctx.schemas.has(name)) {
    throw new AppError(
      'not_found',
      `Input schema '${name}' of prompt '${prompt.id}' is not in the library`,
      { schema: name, prompt: prompt.id },
    );
  }
  const { value } = ctx.schemas.validate(name, variables);
  const checked = isPlainRecord(value) ? value : variables;
  return {
    variables: checked,
    nullable: schema.fields.filter((field) => field.nullable).map((field) => field.name),
  };
}

/** The prompt's output schema, or null when it names none; a missing one is `not_found`. */
export function outputSchemaOf(prompt: Prompt, ctx: RenderContext): ValidationSchema | null {
  const name = prompt.output_schema;
  if (name === null || name === undefined || name === '') return null;
  const schema = ctx.schemas.get(name);
  if (schema === undefined) {
    throw new AppError(
      'not_found',
      `Output schema '${name}' of prompt '${prompt.id}' is not in the library`,
      { schema: name, prompt: prompt.id },
    );
  }
  return schema;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
