// What saving a schema change would break for the prompts that use it: template variables whose
// field is gone, fields now required, and test cases that passed before and fail after.
import type { SchemaImpactEntry } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import type { FieldIssue } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { SchemaField, ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { requiredVariables } from '../../../src-shared/render/renderPrompt';
import { createSchemaSet } from '../../../src-shared/schema';
import type { SchemaSet } from '../../../src-shared/schema';
import { readSchemaYaml } from '../../../src-shared/yaml/schemaEdits';
import type { TestCaseService } from '../evaluation/testCaseService';
import type { PartialService } from '../partials/partialService';
import type { PromptService } from '../prompts/promptService';
import type { SchemaService } from './schemaService';

/** What the impact check reads. */
export interface SchemaImpactDeps {
  schemas: Pick<SchemaService, 'all' | 'usedBy'>;
  prompts: Pick<PromptService, 'get'>;
  partials: Pick<PartialService, 'all'>;
  tests: Pick<TestCaseService, 'list'>;
}

/** A field a caller must pass: required, with no default to fall back on. */
function mustPass(field: SchemaField | undefined): boolean {
  return field !== undefined && field.required && field.default === undefined && !field.nullable;
}

function fieldMap(schema: ValidationSchema | undefined): Map<string, SchemaField> {
  return new Map((schema?.fields ?? []).map((field) => [field.name, field]));
}

/** The variables a prompt's template reads; none when the template does not parse. */
function variablesOf(prompt: Prompt, partials: Readonly<Record<string, string>>): Set<string> {
  try {
    return new Set(requiredVariables(prompt, partials));
  } catch {
    return new Set();
  }
}

/** Null when the data passes, else its problems in a few words. */
function violation(set: SchemaSet, name: string, data: unknown): string | null {
  try {
    set.validate(name, data);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const issues = (error.details?.issues ?? []) as FieldIssue[];
    if (issues.length === 0) return error.message;
    return issues.map((issue) => `${issue.path || '(whole value)'}: ${issue.message}`).join('; ');
  }
}

/**
 * For each prompt whose current version uses a schema of `text`: how it uses it and what the
 * change breaks. Reads only; the text is checked as a save would read it.
 */
export function schemaImpact(deps: SchemaImpactDeps, text: string): SchemaImpactEntry[] {
  const proposed = readSchemaYaml(text);
  const current = deps.schemas.all();
  const changing = new Set(proposed.map((schema) => schema.name));
  const before = createSchemaSet(current);
  const after = createSchemaSet([
    ...current.filter((schema) => !changing.has(schema.name)),
    ...proposed,
  ]);
  const partials = deps.partials.all();
  const entries: SchemaImpactEntry[] = [];
  for (const schema of proposed) {
    const old = before.get(schema.name);
    const oldFields = fieldMap(old);
    const newFields = fieldMap(schema);
    const removed = [...oldFields.keys()].filter((name) => !newFields.has(name));
    const nowRequired = [...newFields.values()]
      .filter((field) => mustPass(field) && !mustPass(oldFields.get(field.name)))
      .map((field) => field.name);
    for (const id of deps.schemas.usedBy(schema.name)) {
      const prompt = deps.prompts.get(id);
      const roles: SchemaImpactEntry['roles'] = [];
      const problems: string[] = [];
      if (prompt.input_schema === schema.name) {
        roles.push('input');
        const variables = variablesOf(prompt, partials);
        for (const name of removed) {
          if (variables.has(name)) {
            problems.push(`The template uses {{${name}}}, a field the schema no longer has.`);
          }
        }
        for (const name of nowRequired) {
          if (!variables.has(name)) {
            problems.push(`"${name}" is now required, and the template does not use it.`);
          }
        }
        for (const testCase of deps.tests.list(id)) {
          const was = old ? violation(before, schema.name, testCase.vars) : null;
          const now = violation(after, schema.name, testCase.vars);
          if (was === null && now !== null) {
            problems.push(`Test case "${testCase.name}" no longer passes: ${now}`);
          }
        }
      }
      if (prompt.output_schema === schema.name) {
        roles.push('output');
        for (const name of nowRequired) {
          problems.push(`Answers must now include "${name}".`);
        }
        if (schema.strict) {
          for (const name of removed) problems.push(`Answers with "${name}" are now refused.`);
        }
      }
      entries.push({ prompt: id, schema: schema.name, roles, problems });
    }
  }
  return entries;
}
