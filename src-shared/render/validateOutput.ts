// Checks a model's answer against the prompt's output schema (the seed's validate_output).
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import type { RenderContext } from './promptSchemas';

/**
 * Validates `data` (already parsed JSON) against the prompt's output schema and returns the
 * validated value (defaults filled). Without an output schema: `invalid_input`; with one the
 * library lacks: `not_found` (both with the seed's wording); violations: `schema_violation`.
 */
export function validateOutput(prompt: Prompt, data: unknown, ctx: RenderContext): unknown {
  const name = prompt.output_schema;
  if (name === null || name === undefined || name === '') {
    throw new AppError(
      'invalid_input',
      `Prompt '${prompt.id}' has no output_schema defined. Cannot validate output without a schema. Add an output_schema field to the prompt YAML file.`,
      { prompt: prompt.id },
    );
  }
  if (!ctx.schemas.has(name)) {
    throw new AppError(
      'not_found',
      `Output schema '${name}' referenced by prompt '${prompt.id}' is not loaded. Ensure the schema file exists in the schemas/ directory and has been loaded.`,
      { schema: name, prompt: prompt.id },
    );
  }
  return ctx.schemas.validate(name, data).value;
}
