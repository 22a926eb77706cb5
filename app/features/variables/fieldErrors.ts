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

/** The variables a render error names as missing (every one, when it lists several). */
function missingVariables(error: UiError): string[] {
  const listed = error.details?.['missing'];
  if (Array.isArray(listed)) {
    const names = listed.flatMap((entry: unknown) => {
      const variable = (entry as { variable?: unknown } | null)?.variable;
      return typeof variable === 'string' && variable ? [variable] : [];
    });
    if (names.length > 0) return names;
  }
  const named = error.details?.['variable'];
  if (typeof named === 'string' && named) return [named];
  const quoted = /Could not find variable '([^']+)'/.exec(error.message);
  return quoted?.[1] ? [quoted[1]] : [];
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
  // A field whose text could not be read was not sent: the server's word on it ("Field
  // required", "missing") is about the absence, not what the person typed.
  const unread = (name: string): boolean => Object.hasOwn(problems, name);
  let aboutVariables = false;
  if (error?.code === 'schema_violation') {
    aboutVariables = true;
    const issues = issuesOf(error);
    if (issues.length === 0) unplaced.push(error.message);
    for (const issue of issues) {
      if (!unread(rootOf(issue.path))) add(rootOf(issue.path), issue.message);
    }
  } else if (error?.code === 'template_render') {
    const missing = missingVariables(error);
    const placeable = missing.filter((variable) => names.has(rootOf(variable)));
    if (placeable.length > 0) {
      aboutVariables = true;
      for (const variable of missing) {
        if (!unread(rootOf(variable)))
          add(rootOf(variable), `Could not find variable '${variable}'`);
      }
    }
  }
  return { byField, unplaced, aboutVariables };
}
