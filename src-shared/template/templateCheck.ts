// The check a template passes before it enters the library (save, import, shared partial):
// it parses, and the interpreter runs every construct in it. Rendering reports the same errors.
import { AppError } from '../errors';
import { interpretTree } from './interpreter';
import { parseTemplate } from './parse';

/**
 * Why `source` cannot enter the library, or undefined when it can: `template_syntax` for
 * malformed source or a construct the interpreter does not run (details: `line`, `column`,
 * maybe `hint` or `construct`), `too_large` for a source too long or nested too deep, and
 * `template_render` for what Handlebars itself refuses to compile. `partial` names the source.
 */
export function findTemplateProblem(source: string, partial?: string): AppError | undefined {
  try {
    interpretTree(parseTemplate(source, partial), partial);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/** Throws what findTemplateProblem finds. */
export function checkTemplateSource(source: string, partial?: string): void {
  const problem = findTemplateProblem(source, partial);
  if (problem) throw problem;
}
