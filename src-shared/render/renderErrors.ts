// Render errors a person can act on: every missing variable at once, and a strict input schema
// that refuses the template's own variable says to add the field.
import { AppError } from '../errors';
import type { FieldIssue } from '../errors';

/** Most missing variables one error lists (each costs one more render of the failing prompt). */
export const MAX_MISSING_REPORTED = 20;

/** One variable a render could not find, where the engine first met it. */
export interface MissingVariable {
  variable: string;
  /** Chat prompts: the message (0-based) that reads it. */
  messageIndex?: number;
  line?: number;
  column?: number;
}

const rootOf = (variable: string): string => variable.split(/[.[]/)[0] ?? variable;

function missingOf(error: unknown): MissingVariable | null {
  if (!(error instanceof AppError) || error.code !== 'template_render') return null;
  const details = error.details ?? {};
  const variable = details['variable'];
  if (typeof variable !== 'string' || variable === '') return null;
  const found: MissingVariable = { variable };
  for (const key of ['messageIndex', 'line', 'column'] as const) {
    const value = details[key];
    if (typeof value === 'number') found[key] = value;
  }
  return found;
}

const quoted = (names: readonly string[]): string => {
  const list = names.map((name) => `'${name}'`);
  return list.length === 1
    ? (list[0] ?? '')
    : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`;
};

/**
 * Runs `render`; when it stops at a missing variable, renders again with each missing root
 * variable given as empty text, to name every missing variable in one error rather than one per
 * attempt. One missing variable keeps the seed's error ("Could not find variable 'name'");
 * several give "Could not find variables 'a', 'b' and 'c'" with `details.missing` listing each
 * (and the first one's `variable`, line and column, as before). Only the error path re-renders.
 */
export function withEveryMissingVariable<T>(
  variables: Record<string, unknown>,
  render: (variables: Record<string, unknown>) => T,
): T {
  try {
    return render(variables);
  } catch (error) {
    const first = missingOf(error);
    if (first === null || !(error instanceof AppError)) throw error;
    const missing = [first];
    const filled: Record<string, unknown> = { ...variables };
    for (let tries = 1; tries < MAX_MISSING_REPORTED; tries += 1) {
      const root = rootOf(missing[missing.length - 1]?.variable ?? '');
      // A root that is there (only a property of it is missing) cannot be filled in.
      if (Object.hasOwn(filled, root)) break;
      filled[root] = '';
      let next: MissingVariable | null = null;
      try {
        render(filled);
      } catch (again) {
        next = missingOf(again);
      }
      if (next === null || missing.some((m) => m.variable === next.variable)) break;
      missing.push(next);
    }
    if (missing.length === 1) throw error;
    throw new AppError(
      'template_render',
      `Could not find variables ${quoted(missing.map((m) => m.variable))}`,
      { ...error.details, missing },
    );
  }
}

/**
 * Rewrites a strict input schema's "Extra inputs are not permitted" for a variable the template
 * itself uses into what to do about it; any other error is returned unchanged.
 */
export function explainStrictSchema(
  error: unknown,
  schema: string,
  templateVariables: readonly string[],
): unknown {
  if (!(error instanceof AppError) || error.code !== 'schema_violation') return error;
  const issues = error.details?.['issues'];
  if (!Array.isArray(issues)) return error;
  const used = new Set(templateVariables);
  let changed = false;
  const explained = (issues as FieldIssue[]).map((issue) => {
    if (issue.rule !== 'extra' || !used.has(issue.path)) return issue;
    changed = true;
    return {
      ...issue,
      message: `The template uses '${issue.path}', but the strict input schema '${schema}' has no such field: add '${issue.path}' to the schema (or turn off strict).`,
    };
  });
  if (!changed) return error;
  const first = explained[0];
  const summary = first === undefined ? 'invalid data' : `${first.path}: ${first.message}`;
  return new AppError(
    'schema_violation',
    `Validation failed for schema '${schema}': ${explained.length} problem(s) — ${summary}`,
    { ...error.details, issues: explained },
  );
}
