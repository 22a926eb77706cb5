// The library's validation schemas: CRUD with history, audit and usage checks.
import type { SchemaSummary } from '../../../src-shared/contract/dto';
import type { SchemaDocument } from '../../../src-shared/contract/documentSchemas';
import { AppError } from '../../../src-shared/errors';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { parseValidationSchema } from '../../../src-shared/model/validateSchemaFile';
import { createSchemaSet } from '../../../src-shared/schema';
import type { SchemaSet } from '../../../src-shared/schema';
import {
  canonicalJson,
  compareVersions,
  isVersion,
  nextVersion,
} from '../../../src-shared/version';
import {
  readSchemaYaml,
  schemaSourceOf,
  setSchemaVersion,
} from '../../../src-shared/yaml/schemaEdits';
import { stringifySchemaFile } from '../../../src-shared/yaml/stringifyDocuments';
import type { AuditService } from '../audit/auditService';
import { sha256Hex } from '../store/contentHash';
import type { Database } from '../store/database';
import { checkLibraryName } from './libraryName';

/** Dependencies of the schema service. */
export interface SchemaServiceDeps {
  clock: () => Date;
  actor: string;
  audit: AuditService;
}

interface SchemaRow {
  name: string;
  document: string;
  /** The YAML the schema was saved from, as written; null when it was saved as data. */
  source: string | null;
}

/** Named DSL schemas, each change kept in `schema_history` and the audit log. */
export class SchemaService {
  /** Bumped on every write through this service, so the compiled library knows to rebuild. */
  private generation = 0;
  private compiled: { key: string; set: SchemaSet } | null = null;

  constructor(
    private readonly db: Database,
    private readonly deps: SchemaServiceDeps,
  ) {}

  /**
   * The library's schemas compiled once and reused by every render; rebuilt only after a
   * change here or a commit by another connection (SQLite's data_version).
   */
  schemaSet(): SchemaSet {
    const key = `${this.generation}:${String(this.db.pragma('data_version', { simple: true }))}`;
    if (this.compiled?.key !== key) this.compiled = { key, set: createSchemaSet(this.all()) };
    return this.compiled.set;
  }

  /** Every schema with its field count and the prompts whose current version uses it. */
  list(): SchemaSummary[] {
    return this.all().map((schema) => schemaSummary(schema, this.usedBy(schema.name)));
  }

  /** One schema by name. */
  get(name: string): ValidationSchema {
    const row = this.row(name);
    if (!row) throw new AppError('not_found', `Schema '${name}' not found`, { name });
    return JSON.parse(row.document) as ValidationSchema;
  }

  /** Every schema, sorted by name. */
  all(): ValidationSchema[] {
    const rows = this.db
      .prepare('SELECT name, document FROM schemas ORDER BY name')
      .all() as SchemaRow[];
    return rows.map((row) => JSON.parse(row.document) as ValidationSchema);
  }

  /**
   * Validates and stores a schema (new or changed); saving identical content changes nothing.
   * Saved as data, a changed schema's YAML is generated from then on.
   */
  save(schema: SchemaDocument): void {
    this.saveMany([parseValidationSchema(schema)]);
  }

  /**
   * Stores several schemas in one transaction, then compiles each against the whole library
   * (unsafe regexes and unknown nested schemas are refused here, at save time, not at render
   * time); any failure writes nothing. Schemas may refer to each other in any order.
   * `sources` holds the YAML each schema was read from (by name), kept as written.
   */
  saveMany(
    schemas: readonly ValidationSchema[],
    sources: ReadonlyMap<string, string> = new Map(),
  ): void {
    for (const schema of schemas) checkLibraryName('Schema', schema.name);
    this.db.transaction(() => {
      for (const schema of schemas) {
        this.write(parseValidationSchema(schema), sources.get(schema.name) ?? null);
      }
      const library = createSchemaSet(this.all());
      for (const schema of schemas) library.check(schema.name);
    })();
  }

  /**
   * Saves every schema of a YAML text (a `schemas:` file or one schema mapping) in one
   * transaction, each keeping its YAML as written (comments, order, left-out defaults); returns
   * their names.
   */
  saveYaml(text: string): string[] {
    const schemas = readSchemaYaml(text);
    this.saveMany(schemas, sourcesOf(text, schemas));
    return schemas.map((schema) => schema.name);
  }

  /**
   * A schema's YAML: the text it was saved from (its version kept current), or, for one saved
   * as data, a generated seed-format `schemas:` file.
   */
  yaml(name: string): string {
    const row = this.row(name);
    if (!row) throw new AppError('not_found', `Schema '${name}' not found`, { name });
    return row.source ?? stringifySchemaFile({ schemas: [JSON.parse(row.document)] });
  }

  /** The YAML texts schemas were saved from, by name (schemas saved as data are left out). */
  sources(): Map<string, string> {
    const rows = this.db
      .prepare('SELECT name, source FROM schemas WHERE source IS NOT NULL')
      .all() as { name: string; source: string }[];
    return new Map(rows.map((row) => [row.name, row.source]));
  }

  /** Removes a schema unless a prompt's current version or another schema refers to it. */
  delete(name: string): void {
    this.generation += 1;
    this.db.transaction(() => {
      const row = this.row(name);
      if (!row) throw new AppError('not_found', `Schema '${name}' not found`, { name });
      refuseUsedSchema(name, this.usedBy(name), this.all());
      const before = JSON.parse(row.document) as ValidationSchema;
      const beforeHash = schemaHash(before);
      this.db.prepare('DELETE FROM schemas WHERE name = ?').run(name);
      this.history(name, 'delete', null, before.version, null);
      this.deps.audit.record({
        action: 'schema_delete',
        entity_type: 'schema',
        entity_id: name,
        version: before.version,
        before_hash: beforeHash,
        after_hash: null,
      });
    })();
  }

  /** Ids of the prompts whose current version names `name` as input or output schema. */
  usedBy(name: string): string[] {
    return this.db
      .prepare('SELECT id FROM prompts WHERE input_schema = ? OR output_schema = ? ORDER BY id')
      .pluck()
      .all(name, name) as string[];
  }

  private write(given: ValidationSchema, source: string | null): void {
    this.generation += 1;
    const existing = this.row(given.name);
    const planned = plannedSchemaWrite(
      given,
      source,
      existing
        ? { schema: JSON.parse(existing.document) as ValidationSchema, source: existing.source }
        : null,
    );
    if (planned.kind === 'none') return;
    if (planned.kind === 'source') {
      this.db.prepare('UPDATE schemas SET source = ? WHERE name = ?').run(planned.text, given.name);
      return;
    }
    const { schema, text, beforeHash, afterHash } = planned;
    const now = this.deps.clock().toISOString();
    this.db
      .prepare(
        `INSERT INTO schemas (name, document, version, updated_at, source) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET document = excluded.document,
           version = excluded.version, updated_at = excluded.updated_at, source = excluded.source`,
      )
      .run(schema.name, JSON.stringify(schema), schema.version, now, text);
    this.history(schema.name, 'save', schema, schema.version, afterHash);
    this.deps.audit.record({
      action: 'schema_save',
      entity_type: 'schema',
      entity_id: schema.name,
      version: schema.version,
      before_hash: beforeHash,
      after_hash: afterHash,
      summary: existing ? 'changed' : 'created',
    });
  }

  private history(
    name: string,
    action: 'save' | 'delete',
    schema: ValidationSchema | null,
    version: string,
    hash: string | null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO schema_history (name, action, document, version, hash, saved_at, actor)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        name,
        action,
        schema === null ? null : JSON.stringify(schema),
        version,
        hash,
        this.deps.clock().toISOString(),
        this.deps.actor,
      );
  }

  private row(name: string): SchemaRow | undefined {
    return this.db
      .prepare('SELECT name, document, source FROM schemas WHERE name = ?')
      .get(name) as SchemaRow | undefined;
  }
}

/** The schemas of a YAML text (moved to src-shared, where the page reads it too). */
export { readSchemaYaml };

/** Each schema's own YAML cut from a text (the text itself when it holds one schema). */
export function sourcesOf(text: string, schemas: readonly ValidationSchema[]): Map<string, string> {
  if (schemas.length === 1 && schemas[0]) return new Map([[schemas[0].name, text]]);
  return new Map(schemas.map((schema) => [schema.name, schemaSourceOf(text, schema.name)]));
}

/** The text with the schema's version written in, the rest kept. */
function versioned(source: string, schema: ValidationSchema): string {
  return setSchemaVersion(source, schema.name, schema.version);
}

/** The content hash the history and the audit log keep for a schema. */
export function schemaHash(schema: ValidationSchema): string {
  return sha256Hex(canonicalJson(schema));
}

/** A schema as the library list shows it. */
export function schemaSummary(schema: ValidationSchema, usedBy: string[]): SchemaSummary {
  return {
    name: schema.name,
    version: schema.version,
    description: schema.description ?? null,
    field_count: schema.fields.length,
    used_by: usedBy,
  };
}

/** What saving a schema writes: nothing, only its YAML text, or a new version of it. */
export type PlannedSchemaWrite =
  | { kind: 'none' }
  | { kind: 'source'; text: string }
  | {
      kind: 'save';
      schema: ValidationSchema;
      /** The YAML to keep (its version written in), or null for a schema saved as data. */
      text: string | null;
      beforeHash: string | null;
      afterHash: string;
    };

/**
 * What saving `given` (read from the YAML `source`, or null when saved as data) over what is
 * stored writes. A changed schema gets a new version: the next patch, unless the person raised
 * it already. The same content under a version not above the stored one is nothing to save,
 * except for its text: a comment or a reordering is kept, under the stored version.
 */
export function plannedSchemaWrite(
  given: ValidationSchema,
  source: string | null,
  stored: { schema: ValidationSchema; source: string | null } | null,
): PlannedSchemaWrite {
  const before = stored?.schema ?? null;
  const beforeHash = before ? schemaHash(before) : null;
  const notRaised =
    before !== null &&
    isVersion(given.version) &&
    isVersion(before.version) &&
    compareVersions(given.version, before.version) <= 0;
  if (
    stored &&
    before &&
    (beforeHash === schemaHash(given) ||
      (notRaised && schemaHash({ ...given, version: before.version }) === beforeHash))
  ) {
    if (source === null || source === stored.source) return { kind: 'none' };
    return {
      kind: 'source',
      text: given.version === before.version ? source : versioned(source, before),
    };
  }
  const schema =
    notRaised && before !== null
      ? { ...given, version: nextVersion(before.version, 'patch') }
      : given;
  const text = source === null || schema === given ? source : versioned(source, schema);
  return { kind: 'save', schema, text, beforeHash, afterHash: schemaHash(schema) };
}

/** Refuses to delete schema `name` while prompts (current versions) or other schemas use it. */
export function refuseUsedSchema(
  name: string,
  prompts: string[],
  library: readonly ValidationSchema[],
): void {
  if (prompts.length > 0) {
    throw new AppError(
      'conflict',
      `Schema '${name}' is used by ${plural(prompts, 'prompt')}: point them at another schema first`,
      { name, used_by: prompts },
    );
  }
  const schemas = library
    .filter((other) => other.name !== name && refersTo(other, name))
    .map((other) => other.name);
  if (schemas.length > 0) {
    throw new AppError(
      'conflict',
      `Schema '${name}' is used by ${plural(schemas, 'schema')}: change them first`,
      { name, used_by_schemas: schemas },
    );
  }
}

function refersTo(schema: ValidationSchema, name: string): boolean {
  return (
    schema.extends === name ||
    schema.fields.some((field) => field.nested_schema === name || field.item_schema === name)
  );
}

function plural(names: string[], noun: string): string {
  return `${names.length === 1 ? noun : `${noun}s`} ${names.join(', ')}`;
}
