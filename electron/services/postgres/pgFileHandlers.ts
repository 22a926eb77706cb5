// The contract's schema, partial and folder operations over a PostgreSQL library.
import type { SchemaSet } from '../../../src-shared/schema';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { Handlers } from '../dispatch';
import { RenderService, type RenderServiceDeps } from '../render/renderService';
import type { SecretPolicy } from '../secrets/secretPolicy';
import { PgPartialStore } from './pgPartials';
import type { PostgresLibrary } from './pgLibrary';
import { PgSchemaStore } from './pgSchemas';
import { PgTestCases } from './pgEvaluation';
import { postgresFilesPort } from './pgImport';
import { LibraryFiles } from '../files/libraryFiles';
import { folderHandlers } from '../files/folderHandlers';
import { schemaImpact } from '../schemas/schemaImpact';
import { readSchemaYaml } from '../../../src-shared/yaml/schemaEdits';

/** The library's partials and schemas, read for one render. */
type Library = { partials: Record<string, string>; schemas: SchemaSet };

type FileOperations =
  | 'listSchemas'
  | 'getSchema'
  | 'saveSchema'
  | 'saveSchemaYaml'
  | 'schemaYaml'
  | 'deleteSchema'
  | 'testSchema'
  | 'listPartials'
  | 'getPartial'
  | 'savePartial'
  | 'deletePartial'
  | 'partialImpact'
  | 'schemaImpact'
  | 'importFolder'
  | 'exportFolder'
  | 'listFolders';

/** Schema, partial, import and export handlers; `context` reads the library's partials and schemas for a render. */
export function createPostgresFileHandlers(
  library: PostgresLibrary,
  secrets: SecretPolicy,
  context: () => Promise<Library>,
  metrics: RenderServiceDeps['metrics'] = { record: () => undefined },
): Pick<Handlers, FileOperations> {
  const schemas = new PgSchemaStore(library);
  const partials = new PgPartialStore(library);
  const tests = new PgTestCases(library);
  /** A render service over what was read already (it renders synchronously). */
  const renderer = (read: Library, users: { name: string; prompts: readonly Prompt[] }) =>
    new RenderService({
      prompts: {
        get: (id) => {
          const found = users.prompts.find((prompt) => prompt.id === id);
          if (!found) throw new AppError('internal', `Prompt '${id}' was not read for this render`);
          return found;
        },
      },
      schemas: { schemaSet: () => read.schemas },
      partials: {
        all: () => read.partials,
        list: () => [
          { name: users.name, updated_at: '', used_by: users.prompts.map((prompt) => prompt.id) },
        ],
      },
      metrics,
    });
  return {
    listSchemas: () => schemas.list(),
    getSchema: ({ name }) => schemas.get(name),
    saveSchema: async ({ schema }) => {
      await schemas.save(schema);
      return { name: schema.name };
    },
    saveSchemaYaml: async ({ text }) => ({ names: await schemas.saveYaml(text) }),
    schemaYaml: async ({ name }) => ({ text: await schemas.yaml(name) }),
    deleteSchema: async ({ name }) => {
      await schemas.delete(name);
      return { deleted: true };
    },
    testSchema: async ({ name, data }) =>
      renderer(await context(), { name: '', prompts: [] }).testSchema(name, data),
    listPartials: () => partials.list(),
    getPartial: async ({ name }) => ({ name, content: await partials.get(name) }),
    savePartial: async ({ name, content, allowSecrets }) => {
      await secrets.checkPartial(name, content, allowSecrets);
      await partials.save(name, content);
      return { name };
    },
    deletePartial: async ({ name }) => {
      await partials.delete(name);
      return { deleted: true };
    },
    partialImpact: async ({ name, content }) => {
      const [read, prompts] = await Promise.all([context(), partials.users(name)]);
      return renderer(read, { name, prompts }).partialImpact(name, content);
    },
    schemaImpact: async ({ text }) => {
      // What the check reads, read first: the schemas, the prompts using those of `text`, their
      // test cases and the partials (their templates may read variables).
      const names = readSchemaYaml(text).map((schema) => schema.name);
      const [all, users, shared] = await Promise.all([
        schemas.all(),
        schemaUsers(library, names),
        partials.all(),
      ]);
      const ids = [...new Set([...users.values()].flat())];
      const prompts = new Map(
        await Promise.all(ids.map(async (id) => [id, await library.get(id)] as const)),
      );
      const cases = new Map(
        await Promise.all(ids.map(async (id) => [id, await tests.list(id)] as const)),
      );
      const impact = schemaImpact(
        {
          schemas: { all: () => all, usedBy: (name) => users.get(name) ?? [] },
          prompts: {
            get: (id) => {
              const found = prompts.get(id);
              if (!found) throw new AppError('internal', `Prompt '${id}' was not read`);
              return found;
            },
          },
          partials: { all: () => shared },
          tests: { list: (id) => cases.get(id) ?? [] },
        },
        text,
      );
      return { prompts: impact };
    },
    ...folderHandlers(new LibraryFiles(postgresFilesPort(library))),
  };
}

/** The prompts whose current version uses each schema named, by schema name. */
async function schemaUsers(
  library: PostgresLibrary,
  names: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await library.read(
    'read schemas',
    async () =>
      (
        await library.pool.query<{
          id: string;
          input_schema: string | null;
          output_schema: string | null;
        }>(
          `SELECT id, input_schema, output_schema FROM prompts
          WHERE input_schema = ANY($1::text[]) OR output_schema = ANY($1::text[]) ORDER BY id`,
          [names],
        )
      ).rows,
  );
  return new Map(
    names.map((name) => [
      name,
      rows
        .filter((row) => row.input_schema === name || row.output_schema === name)
        .map((row) => row.id),
    ]),
  );
}
