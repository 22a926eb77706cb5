// Turns ajv's errors into FieldIssues that speak the DSL: dotted paths, rule names, clear messages.
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FieldIssue } from '../errors';
import type { IssueTable } from './jsonSchema';
import { EXTRA_MESSAGE, NOT_NULL_MESSAGE, REQUIRED_MESSAGE, typeMessage } from './issueMessages';

function dottedPath(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(path: string, key: unknown): string {
  const name = String(key);
  return path === '' ? name : `${path}.${name}`;
}

function toIssue(error: ErrorObject, tables: WeakMap<object, IssueTable>): FieldIssue | undefined {
  const path = dottedPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing branch reports its own error
    case 'required':
      return {
        path: join(path, params.missingProperty),
        rule: 'required',
        message: REQUIRED_MESSAGE,
      };
    case 'additionalProperties':
      return { path: join(path, params.additionalProperty), rule: 'extra', message: EXTRA_MESSAGE };
  }
  if ((error.keyword === 'type' || error.keyword === 'enum') && error.data === null) {
    return { path, rule: 'nullable', message: NOT_NULL_MESSAGE };
  }
  const parent: unknown = error.parentSchema;
  const table = typeof parent === 'object' && parent !== null ? tables.get(parent) : undefined;
  const spec = table?.[error.keyword] ?? table?.['*'];
  if (spec !== undefined) return { path, ...spec };
  if (error.keyword === 'type')
    return { path, rule: 'type', message: typeMessage(String(params.type)) };
  return { path, rule: error.keyword, message: error.message ?? 'is not valid' };
}

/**
 * Maps ajv errors (compiled with `verbose: true`) to FieldIssues, dropping ajv's bookkeeping
 * errors and duplicates; when a value has the wrong type, only that issue is kept for its path.
 */
export function issuesFromAjv(
  errors: readonly ErrorObject[],
  tables: WeakMap<object, IssueTable>,
): FieldIssue[] {
  const all = errors.map((e) => toIssue(e, tables)).filter((i): i is FieldIssue => i !== undefined);
  const mistyped = new Set(
    all.filter((i) => i.rule === 'type' || i.rule === 'nullable').map((i) => i.path),
  );
  const seen = new Set<string>();
  return all.filter((issue) => {
    if (mistyped.has(issue.path) && issue.rule !== 'type' && issue.rule !== 'nullable')
      return false;
    const key = `${issue.path}\u0000${issue.rule}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
