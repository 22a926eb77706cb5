// Holds schemas by name and validates data against them with one ajv instance and a compile cache.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AppError, type FieldIssue } from '../errors';
import type { ValidationSchema } from '../model/schemaDsl';
import { issuesFromAjv } from './ajvIssues';
import { prepareData, toPlainData } from './coerce';
import { buildJsonSchema, type IssueTable, type JsonSchemaObject } from './jsonSchema';
import { compileUserPattern } from './regexSafety';

interface Compiled {
  json: JsonSchemaObject;
  validate: ValidateFunction;
  tables: WeakMap<object, IssueTable>;
}

function createAjv(): Ajv2020 {
  // ajv asks this engine for every `pattern`; it applies the same `u`-or-not rule as the checks.
  const regExp = Object.assign((pattern: string) => compileUserPattern(pattern), {
    code: 'compileUserPattern',
  });
  const ajv = new Ajv2020({
    allErrors: true,
    $data: false,
    useDefaults: true,
    coerceTypes: false, // coercion is coerce.ts's job: ajv's rules differ from the seed's
    strict: true,
    // Our JSON Schemas are generated, not hand-written: checking them against the 2020-12
    // meta-schema found nothing and cost ~400 ms per SchemaSet. Strict mode still applies.
    validateSchema: false,
    verbose: true, // errors carry their subschema, which names the DSL rule
    code: { regExp },
  });
  addFormats(ajv, ['email', 'uri', 'uuid', 'date', 'iso-date-time']);
  return ajv;
}

/** Sorts issues by the declaration order of their top-level field (ajv reports `required` first). */
function inFieldOrder(issues: FieldIssue[], schema: ValidationSchema): FieldIssue[] {
  const rank = new Map(schema.fields.map((f, i) => [f.name, i]));
  const rankOf = (issue: FieldIssue): number =>
    rank.get(issue.path.split('.')[0] ?? '') ?? schema.fields.length;
  return [...issues].sort((a, b) => rankOf(a) - rankOf(b));
}

function describeIssue(issue: FieldIssue): string {
  return `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`;
}

/**
 * A set of schemas by name. Validators compile lazily and are cached; any change to the set
 * (set/delete) drops the whole cache, since a schema's validator embeds the schemas it nests.
 */
export class SchemaSet {
  private readonly schemas = new Map<string, ValidationSchema>();
  private readonly compiled = new Map<string, Compiled>();
  private readonly ajv = createAjv();

  /** Later schemas replace earlier ones of the same name, as in the seed's loader. */
  constructor(schemas: readonly ValidationSchema[] = []) {
    for (const schema of schemas) this.schemas.set(schema.name, schema);
  }

  /** True when a schema of that name is held. */
  has(name: string): boolean {
    return this.schemas.has(name);
  }

  /** The schema of that name, if held. */
  get(name: string): ValidationSchema | undefined {
    return this.schemas.get(name);
  }

  /** The names of all schemas, sorted. */
  names(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** Adds or replaces a schema; validators compiled before no longer apply. */
  set(schema: ValidationSchema): void {
    this.schemas.set(schema.name, schema);
    this.invalidate();
  }

  /** Removes a schema; returns whether it was held. */
  delete(name: string): boolean {
    const removed = this.schemas.delete(name);
    if (removed) this.invalidate();
    return removed;
  }

  /** The JSON Schema compiled from the named schema (not_found / invalid_input as validate). */
  jsonSchema(name: string): JsonSchemaObject {
    return this.compile(name).json;
  }

  /**
   * Compiles the named schema now, so a bad regex or an unknown nested schema is reported when
   * the schema is saved rather than when data first meets it. Throws like validate.
   */
  check(name: string): void {
    this.compile(name);
  }

  /**
   * Validates `data` against the named schema. Returns a deep copy with coercions applied and
   * defaults filled; `data` itself is never changed. Throws AppError('not_found') for an unknown
   * schema, AppError('invalid_input') for a schema that cannot compile, and
   * AppError('schema_violation', …, { schema, issues }) when the data breaks the schema.
   */
  validate(name: string, data: unknown): { value: Record<string, unknown> } {
    const schema = this.require(name);
    const compiled = this.compile(name);
    const prepared = prepareData(data, schema, (n) => this.schemas.get(n));
    if (!compiled.validate(prepared)) {
      const issues = inFieldOrder(
        issuesFromAjv(compiled.validate.errors ?? [], compiled.tables),
        schema,
      );
      const first = issues[0];
      const summary = first === undefined ? 'invalid data' : describeIssue(first);
      throw new AppError(
        'schema_violation',
        `Validation failed for schema '${name}': ${issues.length} problem(s) — ${summary}`,
        { schema: name, issues },
      );
    }
    return { value: toPlainData(prepared) as Record<string, unknown> };
  }

  private require(name: string): ValidationSchema {
    const schema = this.schemas.get(name);
    if (schema === undefined) throw new AppError('not_found', `Schema '${name}' not found`);
    return schema;
  }

  private compile(name: string): Compiled {
    const cached = this.compiled.get(name);
    if (cached !== undefined) return cached;
    const schema = this.require(name);
    const { json, issues } = buildJsonSchema(schema, (n) => this.schemas.get(n));
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(json);
    } catch (error) {
      throw new AppError(
        'invalid_input',
        `Schema '${name}' could not be compiled: ${(error as Error).message}`,
        { schema: name },
      );
    }
    const entry: Compiled = { json, validate, tables: issues };
    this.compiled.set(name, entry);
    return entry;
  }

  private invalidate(): void {
    for (const entry of this.compiled.values()) this.ajv.removeSchema(entry.json);
    this.compiled.clear();
  }
}

/** Creates a SchemaSet holding `schemas`. */
export function createSchemaSet(schemas: readonly ValidationSchema[]): SchemaSet {
  return new SchemaSet(schemas);
}
