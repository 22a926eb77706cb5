// The contract's schema and partial operations over a PostgreSQL library.
import type { SchemaSet } from '../../../src-shared/schema';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { Handlers } from '../dispatch';
import { RenderService } from '../render/renderService';
import type { SecretPolicy } from '../secrets/secretPolicy';
import { PgPartialStore } from './pgPartials';
import type { PostgresLibrary } from './pgLibrary';
import { PgSchemaStore } from './pgSchemas';

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
  | 'partialImpact';

/** Schema and partial handlers; `context` reads the library's partials and schemas for a render. */
export function createPostgresFileHandlers(
  library: PostgresLibrary,
  secrets: SecretPolicy,
  context: () => Promise<Library>,
): Pick<Handlers, FileOperations> {
  const schemas = new PgSchemaStore(library);
  const partials = new PgPartialStore(library);
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
      metrics: { record: () => undefined },
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
  };
}
