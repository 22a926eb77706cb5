// The library's validation schemas on PostgreSQL: the SQLite service's rules (versions raised on
// change, compiled against the whole library before commit, refused while in use), with the
// database enforcing who may write and naming the user, and NOTIFY telling other clients.
import type pg from 'pg';
import type { SchemaSummary } from '../../../src-shared/contract/dto';
import type { SchemaDocument } from '../../../src-shared/contract/documentSchemas';
import { AppError } from '../../../src-shared/errors';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { parseValidationSchema } from '../../../src-shared/model/validateSchemaFile';
import { createSchemaSet } from '../../../src-shared/schema';
import { stringifySchemaFile } from '../../../src-shared/yaml/stringifyDocuments';
import type { SchemaStore } from '../library/sharedFiles';
import { checkLibraryName } from '../schemas/libraryName';
import {
  plannedSchemaWrite,
  refuseUsedSchema,
  schemaHash,
  schemaSummary,
  readSchemaYaml,
  sourcesOf,
} from '../schemas/schemaService';
import type { PostgresLibrary } from './pgLibrary';
import { audit, notify } from './pgLibrary';

type Queryable = pg.Pool | pg.PoolClient;

/** One advisory lock for schema writes: a save compiles against the whole library at once. */
const SCHEMA_LOCK = 472_911_302;

/** Schemas in one PostgreSQL library. */
export class PgSchemaStore implements SchemaStore {
  constructor(
    private readonly library: PostgresLibrary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(): Promise<SchemaSummary[]> {
    return this.library.read('read schemas', async () => {
      const [schemas, uses] = await Promise.all([
        readAll(this.library.pool),
        this.library.pool.query<{ id: string; input_schema: string; output_schema: string }>(
          `SELECT id, input_schema, output_schema FROM prompts
            WHERE input_schema IS NOT NULL OR output_schema IS NOT NULL ORDER BY id`,
        ),
      ]);
      const usedBy = (name: string) =>
        uses.rows
          .filter((row) => row.input_schema === name || row.output_schema === name)
          .map((row) => row.id);
      return schemas.map((schema) => schemaSummary(schema, usedBy(schema.name)));
    });
  }

  async get(name: string): Promise<ValidationSchema> {
    const found = await this.library.read('read schemas', () => readOne(this.library.pool, name));
    if (!found) throw notFound(name);
    return found;
  }

  async all(): Promise<ValidationSchema[]> {
    return this.library.read('read schemas', () => readAll(this.library.pool));
  }

  async save(schema: SchemaDocument): Promise<void> {
    await this.saveMany([parseValidationSchema(schema)]);
  }

  async saveYaml(text: string): Promise<string[]> {
    const schemas = readSchemaYaml(text);
    await this.saveMany(schemas, sourcesOf(text, schemas));
    return schemas.map((schema) => schema.name);
  }

  async yaml(name: string): Promise<string> {
    const row = await this.library.read('read schemas', async () => {
      const rows = await this.library.pool.query<{ document: string; source: string | null }>(
        'SELECT document, source FROM schemas WHERE name = $1',
        [name],
      );
      return rows.rows[0];
    });
    if (!row) throw notFound(name);
    return row.source ?? stringifySchemaFile({ schemas: [JSON.parse(row.document)] });
  }

  /** The YAML texts schemas were saved from, by name (schemas saved as data are left out). */
  async sources(): Promise<Map<string, string>> {
    return this.library.read('read schemas', async () => {
      const rows = await this.library.pool.query<{ name: string; source: string }>(
        'SELECT name, source FROM schemas WHERE source IS NOT NULL',
      );
      return new Map(rows.rows.map((row) => [row.name, row.source]));
    });
  }

  /**
   * Stores several schemas in one transaction, each compiled against the library after;
   * `sources` holds the YAML each was read from (by name), kept as written.
   */
  async saveMany(
    schemas: readonly ValidationSchema[],
    sources: ReadonlyMap<string, string> = new Map(),
  ): Promise<void> {
    await this.library.transaction('save schemas', (client) =>
      this.saveManyIn(client, schemas, sources),
    );
  }

  /** saveMany inside the caller's transaction (an import's). */
  async saveManyIn(
    client: pg.PoolClient,
    schemas: readonly ValidationSchema[],
    sources: ReadonlyMap<string, string>,
  ): Promise<void> {
    const checked = schemas.map((schema) => {
      checkLibraryName('Schema', schema.name);
      return parseValidationSchema(schema);
    });
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const schema of checked) {
      await this.write(client, schema, sources.get(schema.name) ?? null);
    }
    const library = createSchemaSet(await readAll(client));
    for (const schema of checked) library.check(schema.name);
  }

  async delete(name: string): Promise<void> {
    await this.library.transaction('delete schemas', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      const before = await readOne(client, name);
      if (!before) throw notFound(name);
      const users = await client.query<{ id: string }>(
        'SELECT id FROM prompts WHERE input_schema = $1 OR output_schema = $1 ORDER BY id',
        [name],
      );
      refuseUsedSchema(
        name,
        users.rows.map((row) => row.id),
        await readAll(client),
      );
      await client.query('DELETE FROM schemas WHERE name = $1', [name]);
      await this.history(client, name, 'delete', null, before.version, null);
      await audit(client, this.clock, {
        action: 'schema_delete',
        entity_type: 'schema',
        entity_id: name,
        version: before.version,
        before_hash: schemaHash(before),
        after_hash: null,
      });
      await notify(client, { kind: 'schema', name, deleted: true });
    });
  }

  private async write(
    client: pg.PoolClient,
    given: ValidationSchema,
    source: string | null,
  ): Promise<void> {
    const stored = await client.query<{ document: string; source: string | null }>(
      'SELECT document, source FROM schemas WHERE name = $1 FOR UPDATE',
      [given.name],
    );
    const row = stored.rows[0];
    const planned = plannedSchemaWrite(
      given,
      source,
      row ? { schema: JSON.parse(row.document) as ValidationSchema, source: row.source } : null,
    );
    if (planned.kind === 'none') return;
    if (planned.kind === 'source') {
      await client.query('UPDATE schemas SET source = $1 WHERE name = $2', [
        planned.text,
        given.name,
      ]);
      return;
    }
    const { schema, text, beforeHash, afterHash } = planned;
    await client.query(
      `INSERT INTO schemas (name, document, version, updated_at, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE SET document = excluded.document,
         version = excluded.version, updated_at = excluded.updated_at, source = excluded.source`,
      [schema.name, JSON.stringify(schema), schema.version, this.clock().toISOString(), text],
    );
    await this.history(client, schema.name, 'save', schema, schema.version, afterHash);
    await audit(client, this.clock, {
      action: 'schema_save',
      entity_type: 'schema',
      entity_id: schema.name,
      version: schema.version,
      before_hash: beforeHash,
      after_hash: afterHash,
      summary: row ? 'changed' : 'created',
    });
    await notify(client, { kind: 'schema', name: schema.name, deleted: false });
  }

  /** One history row; the database names the user. */
  private async history(
    client: pg.PoolClient,
    name: string,
    action: 'save' | 'delete',
    schema: ValidationSchema | null,
    version: string,
    hash: string | null,
  ): Promise<void> {
    await client.query(
      `INSERT INTO schema_history (name, action, document, version, hash, saved_at, actor)
       VALUES ($1, $2, $3, $4, $5, $6, session_user)`,
      [
        name,
        action,
        schema === null ? null : JSON.stringify(schema),
        version,
        hash,
        this.clock().toISOString(),
      ],
    );
  }
}

async function readAll(client: Queryable): Promise<ValidationSchema[]> {
  const rows = await client.query<{ document: string }>(
    'SELECT document FROM schemas ORDER BY name',
  );
  return rows.rows.map((row) => JSON.parse(row.document) as ValidationSchema);
}

async function readOne(client: Queryable, name: string): Promise<ValidationSchema | null> {
  const rows = await client.query<{ document: string }>(
    'SELECT document FROM schemas WHERE name = $1',
    [name],
  );
  const row = rows.rows[0];
  return row ? (JSON.parse(row.document) as ValidationSchema) : null;
}

function notFound(name: string): AppError {
  return new AppError('not_found', `Schema '${name}' not found`, { name });
}
