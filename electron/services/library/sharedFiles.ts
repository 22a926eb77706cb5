// The storage ports of the library's shared files, schemas and partials: asynchronous, so one
// interface serves SQLite (the synchronous services underneath) and PostgreSQL (a pool).
import type { PartialSummary, SchemaSummary } from '../../../src-shared/contract/dto';
import type { SchemaDocument } from '../../../src-shared/contract/documentSchemas';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import type { PartialService } from '../partials/partialService';
import type { SchemaService } from '../schemas/schemaService';

/**
 * The library's validation schemas. A save compiles against the whole library and writes
 * nothing on error; every change is kept in the history and the audit log.
 */
export interface SchemaStore {
  /** Every schema with its field count and the prompts whose current version uses it. */
  list(): Promise<SchemaSummary[]>;
  get(name: string): Promise<ValidationSchema>;
  /** Every schema, sorted by name. */
  all(): Promise<ValidationSchema[]>;
  save(schema: SchemaDocument): Promise<void>;
  /** Saves every schema of a YAML text in one transaction; returns their names. */
  saveYaml(text: string): Promise<string[]>;
  /** A schema as a seed-format `schemas:` YAML file. */
  yaml(name: string): Promise<string>;
  /** Removes a schema unless a prompt's current version or another schema refers to it. */
  delete(name: string): Promise<void>;
}

/** The library's Handlebars partials (`{{> name}}`), each change kept in the history. */
export interface PartialStore {
  /** Every partial with the prompts whose current template includes it. */
  list(): Promise<PartialSummary[]>;
  get(name: string): Promise<string>;
  /** Every partial as name → content. */
  all(): Promise<Record<string, string>>;
  save(name: string, content: string): Promise<void>;
  /** Removes a partial unless a prompt's current template includes it. */
  delete(name: string): Promise<void>;
}

/** The SQLite schema service as a SchemaStore. */
export function sqliteSchemaStore(schemas: SchemaService): SchemaStore {
  return {
    list: async () => schemas.list(),
    get: async (name) => schemas.get(name),
    all: async () => schemas.all(),
    save: async (schema) => schemas.save(schema),
    saveYaml: async (text) => schemas.saveYaml(text),
    yaml: async (name) => schemas.yaml(name),
    delete: async (name) => schemas.delete(name),
  };
}

/** The SQLite partial service as a PartialStore. */
export function sqlitePartialStore(partials: PartialService): PartialStore {
  return {
    list: async () => partials.list(),
    get: async (name) => partials.get(name),
    all: async () => partials.all(),
    save: async (name, content) => partials.save(name, content),
    delete: async (name) => partials.delete(name),
  };
}
