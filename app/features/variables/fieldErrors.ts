// Places errors next to the variable they name: schema issues, missing variables, unreadable input.
import type { UiError } from '../../state/uiError';
import { issuesOf } from '../../state/uiError';
import type { VariableField } from './variableFields';

/** Errors per field name, plus those that name no field of the form. */
export interface PlacedErrors {
  byField: Record<string, string[]>;
  unplaced: string[];
  /** True when the render error is about variables (so the preview need not repeat it). */
  aboutVariables: boolean;
}

/** The variable a render error names, by its root (`user.name` → `user`). */
function missingVariable(error: UiError): string | null {
  const named = error.details?.['variable'];
  if (typeof named === 'string' && named) return named;
  const quoted = /Could not find variable '([^']+)'/.exec(error.message);
  return quoted?.[1] ?? null;
}

const rootOf = (path: string): string => path.split(/[.[]/)[0] ?? path;

/** Sorts a render error and local problems onto the form's fields. */
export function placeErrors(
  fields: readonly VariableField[],
  error: UiError | null,
  problems: Readonly<Record<string, string>>,
): PlacedErrors {
  const names = new Set(fields.map((field) => field.name));
  const byField: Record<string, string[]> = {};
  const unplaced: string[] = [];
  const add = (name: string, message: string): void => {
    if (names.has(name)) (byField[name] ??= []).push(message);
    else unplaced.push(message);
  };
  for (const [name, message] of Object.entries(problems)) add(name, message);
  let aboutVariables = false;
  if (error?.code === 'schema_violation') {
    aboutVariables = true;
    const issues = issuesOf(error);
    if (issues.length === 0) unplaced.push(error.message);
    for (const issue of issues) add(rootOf(issue.path), issue.message);
  } else if (error?.code === 'template_render') {
    const variable = missingVariable(error);
    if (variable && names.has(rootOf(variable))) {
      aboutVariables = true;
      add(rootOf(variable), error.message);
    }
  }
  return { byField, unplaced, aboutVariables };
}
