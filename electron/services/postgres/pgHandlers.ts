// The contract over a PostgreSQL library: the operations the storage port serves (list, show,
// history, save, delete, diff, render, export, labels, audit); the others answer that they are
// not on PostgreSQL yet.
import { AppError } from '../../../src-shared/errors';
import type { OperationName } from '../../../src-shared/contract/operations';
import { OPERATION_NAMES } from '../../../src-shared/contract/operations';
import type { Prompt } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import type { PromptRef } from '../../../src-shared/contract/operations';
import { createSchemaSet } from '../../../src-shared/schema/schemaSet';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { promptToDiffText, unifiedDiff } from '../../../src-shared/version';
import { PostgresApiKeys } from '../apikeys/pgApiKeys';
import type { Handlers } from '../dispatch';
import type { HandlerEnvironment } from '../handlers';
import { RenderService } from '../render/renderService';
import { SecretPolicy } from '../secrets/secretPolicy';
import type { PostgresLibrary } from './pgLibrary';
import { createPostgresFileHandlers } from './pgFileHandlers';
import { createPostgresRunHandlers } from './pgRunHandlers';
import { PgMetrics, pgMetricsHandlers } from './pgMetrics';
import type { PostgresKeys } from './pgRunHandlers';
import { environmentVault } from '../models/keyVault';

/** Builds every contract handler over a PostgreSQL library. */
export function createPostgresHandlers(
  library: PostgresLibrary,
  env: HandlerEnvironment,
  keys?: PostgresKeys,
): Handlers {
  const secrets = new SecretPolicy();
  const apiKeys = new PostgresApiKeys(library);
  const metrics = new PgMetrics(library);
  /** The library's partials and schemas, read for one render. */
  const context = async () => {
    const [partials, schemas] = await Promise.all([
      library.pool.query<{ name: string; content: string }>('SELECT name, content FROM partials'),
      library.pool.query<{ document: string }>('SELECT document FROM schemas ORDER BY name'),
    ]);
    return {
      partials: Object.fromEntries(partials.rows.map((row) => [row.name, row.content])),
      schemas: createSchemaSet(
        schemas.rows.map((row) => JSON.parse(row.document) as ValidationSchema),
      ),
    };
  };
  /** A render service over one prompt already read and the library's partials and schemas. */
  const renderer = async (prompt: Prompt | null) => {
    const { partials, schemas } = await context();
    return new RenderService({
      prompts: {
        get: () => {
          if (!prompt) throw new AppError('internal', 'No prompt was read for this render');
          return prompt;
        },
      },
      schemas: { schemaSet: () => schemas },
      partials: { all: () => partials, list: () => [] },
      metrics,
    });
  };
  /** The prompt a reference names (a saved version or label; an unsaved document as sent). */
  const resolve = async (
    ref: PromptRef,
    kind: 'render' | 'export' | 'validate',
    event: { detail?: string; preview?: boolean } = {},
  ): Promise<{ prompt: Prompt | null; ref: PromptRef }> => {
    if (ref.document !== undefined || ref.id === undefined) return { prompt: null, ref };
    const id = ref.id;
    // A prompt that cannot be read is a failed render (export, validation), as on SQLite.
    const prompt = await metrics.measureRead(kind, ref, event, () =>
      library.get(id, versionRef(ref)),
    );
    // The label is resolved; a failed render counts against the version asked for, as on SQLite.
    return { prompt, ref: { id, ...(ref.version !== undefined ? { version: ref.version } : {}) } };
  };
  const supported: Partial<Handlers> = {
    ...createPostgresFileHandlers(library, secrets, context, metrics),
    ...createPostgresRunHandlers(library, keys ?? processKeys(), context, metrics),
    ...pgMetricsHandlers(metrics),
    appInfo: async () => ({
      version: env.appVersion ?? '0.1.0',
      dbPath: library.displayUrl,
      transport: env.transport,
      engine: 'postgres' as const,
      // The role as it is now: the page asks again after a refusal, on focus and after a gap.
      ...(await library.whoami({ fresh: true })),
    }),
    listPrompts: (query) => library.list(query),
    getPrompt: ({ id, ...ref }) => library.get(id, versionRef(ref)),
    getHistory: ({ id }) => library.history(id),
    savePrompt: async ({ allowSecrets, ...request }) => {
      const document = parsePrompt(request.document, 'the document');
      await secrets.checkPrompt(document, allowSecrets);
      return library.save(request);
    },
    deletePrompt: async ({ id }) => {
      await library.delete(id);
      return { deleted: true };
    },
    diffVersions: async ({ id, from, to }) => {
      const left = await library.get(id, { version: from });
      const right = await library.get(id, { version: to });
      return {
        from,
        to,
        unified: unifiedDiff(left, right),
        left: promptToDiffText(left),
        right: promptToDiffText(right),
      };
    },
    renderPreview: async ({ variables, preview, ...request }) => {
      const { prompt, ref } = await resolve(request, 'render', { preview: preview === true });
      return (await renderer(prompt)).render(ref, variables, { preview: preview === true });
    },
    exportPrompt: async ({ provider, variables, mergeConsecutive, ...request }) => {
      const { prompt, ref } = await resolve(request, 'export', { detail: provider });
      const result = (await renderer(prompt)).export(ref, provider, variables, {
        mergeConsecutive: mergeConsecutive === true,
      });
      const findings = await secrets.scanExport(provider, result.payload);
      return findings.length > 0 ? { ...result, secrets: findings } : result;
    },
    validateOutput: async ({ data, ...request }) => {
      const { prompt, ref } = await resolve(request, 'validate');
      return (await renderer(prompt)).validateOutput(ref, data);
    },
    listAudit: (query) => library.audit(query),
    listApiKeys: () => apiKeys.list(),
    createApiKey: async ({ name }) => ({ name, secret: await apiKeys.create(name) }),
    revokeApiKey: async ({ name }) => {
      await apiKeys.revoke(name);
      return { revoked: true };
    },
    listLabels: ({ id }) => library.labels(id),
    listLabelsFor: ({ ids }) => library.labelsFor(ids),
    setLabel: ({ id, label, version }) => library.setLabel(id, label, version),
    removeLabel: async ({ id, label }) => {
      await library.removeLabel(id, label);
      return { removed: true };
    },
    // Unsaved changes stay on the machine: a team library keeps no drafts (the app and browser
    // mode serve them from a local store, see pgWorkbench).
    getDraft: () => null,
  };
  const handlers: Record<string, unknown> = {};
  for (const name of OPERATION_NAMES) handlers[name] = supported[name] ?? notOnPostgres(name);
  return handlers as Handlers;
}

function versionRef(ref: { version?: string; label?: string }) {
  return {
    ...(ref.version !== undefined ? { version: ref.version } : {}),
    ...(ref.label !== undefined ? { label: ref.label } : {}),
  };
}

function notOnPostgres(name: OperationName): () => never {
  return () => {
    throw new AppError(
      'invalid_input',
      `'${name}' is not available on a PostgreSQL library yet (it works on a SQLite library)`,
      { operation: name },
    );
  };
}

/** Keys from this process's environment (the CLI passes its own; the app, its keychain). */
function processKeys(): PostgresKeys {
  const vault = environmentVault(process.env);
  return { vault, keys: (variable) => vault.get(variable) };
}
