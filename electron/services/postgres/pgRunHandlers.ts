// The contract's model runs, providers, prices, cache, test cases and evaluations over a
// PostgreSQL library: the same ModelService and EvaluationService as on SQLite, writing through
// the PostgreSQL stores.
import { AppError } from '../../../src-shared/errors';
import type { PromptRef } from '../../../src-shared/contract/operations';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { FieldType } from '../../../src-shared/model/schemaDsl';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import type { RenderContext } from '../../../src-shared/render/renderPrompt';
import type { Handlers } from '../dispatch';
import { EvaluationService } from '../evaluation/evaluationService';
import { readTestRows } from '../evaluation/testRows';
import { CancellableJobs } from '../jobs';
import type { KeyVault } from '../models/keyVault';
import { providerKeyStatus } from '../models/keyVault';
import { ModelService } from '../models/modelService';
import type { KeySource } from '../models/modelService';
import { RunJobs } from '../models/runJobs';
import { PgEvalRuns, PgTestCases } from './pgEvaluation';
import type { PostgresLibrary } from './pgLibrary';
import { PgMetricEvents, pgModelStores } from './pgModels';
import { PgSchemaStore } from './pgSchemas';

type RunOperations =
  | 'runPrompt'
  | 'cancelRun'
  | 'listProviders'
  | 'addProvider'
  | 'removeProvider'
  | 'providerKeys'
  | 'setProviderKey'
  | 'listPrices'
  | 'setPrice'
  | 'clearCache'
  | 'listTestCases'
  | 'saveTestCases'
  | 'addTestRows'
  | 'runEvaluation'
  | 'estimateEvaluation'
  | 'cancelEvaluation'
  | 'listEvalRuns'
  | 'getEvalRun'
  | 'markBaseline';

/** Where keys are read at call time, and where typed ones are kept (never in the library). */
export interface PostgresKeys {
  keys: KeySource;
  vault: KeyVault;
}

/** Run, test and evaluation handlers; `context` reads the library's partials and schemas. */
export function createPostgresRunHandlers(
  library: PostgresLibrary,
  secrets: PostgresKeys,
  context: () => Promise<RenderContext>,
): Pick<Handlers, RunOperations> {
  const clock = () => new Date();
  const stores = pgModelStores(library);
  const metrics = new PgMetricEvents(library.pool, clock);
  const tests = new PgTestCases(library, clock);
  const schemas = new PgSchemaStore(library, clock);
  /** A saved version or label as stored; an unsaved document as sent (rendered as the preview). */
  const resolve = async (ref: PromptRef): Promise<Prompt> => {
    if (ref.document !== undefined) {
      return parsePrompt(ref.document, 'the editor', { templates: 'skip' });
    }
    if (ref.id === undefined) {
      throw new AppError('invalid_input', 'Name a prompt id or send a document to render');
    }
    return library.get(ref.id, {
      ...(ref.version !== undefined ? { version: ref.version } : {}),
      ...(ref.label !== undefined ? { label: ref.label } : {}),
    });
  };
  const models = new ModelService({
    stores,
    clock,
    metrics,
    keys: secrets.keys,
    resolve,
    context,
  });
  const evaluation = new EvaluationService({
    runs: new PgEvalRuns(library),
    clock,
    tests,
    prompts: { get: (id, version) => library.get(id, version === undefined ? {} : { version }) },
    labels: { resolve: (id, label) => library.resolveLabel(id, label) },
    models,
    context,
  });
  const runs = new RunJobs(models);
  const evaluations = new CancellableJobs('Evaluation');
  /** Runs `work`, then waits for its metric events to be written (the library may close next). */
  const recorded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } finally {
      await metrics.flush();
    }
  };
  /** The DSL type of each variable the prompt's input schema declares (types CSV cells). */
  const variableTypes = async (id: string): Promise<Map<string, FieldType>> => {
    const schema = (await library.get(id)).input_schema;
    if (!schema) return new Map();
    return new Map((await schemas.get(schema)).fields.map((field) => [field.name, field.type]));
  };
  return {
    runPrompt: (request, { runEvent }) => recorded(() => runs.run(request, runEvent)),
    cancelRun: ({ job }) => ({ cancelled: runs.cancel(job) }),
    listProviders: () => stores.providers.list(),
    addProvider: (provider) => stores.providers.add(provider),
    removeProvider: async ({ name }) => {
      await stores.providers.remove(name);
      return { removed: true };
    },
    providerKeys: async () => providerKeyStatus(await stores.providers.list(), secrets.vault),
    setProviderKey: ({ variable, key }) => {
      secrets.vault.set(variable, key === null ? null : key.trim());
      return { variable, set: key !== null };
    },
    listPrices: () => stores.prices.list(),
    setPrice: async (price) => {
      await stores.prices.set(price);
      return { saved: true };
    },
    clearCache: async () => ({ cleared: await stores.cache.clear() }),
    listTestCases: ({ id }) => tests.list(id),
    saveTestCases: ({ id, cases }) => tests.replace(id, cases),
    addTestRows: async ({ id, file, text, replace }) => {
      const rows = readTestRows(text, file, await variableTypes(id));
      return {
        added: rows.length,
        cases: await tests.add(id, rows, replace === true ? 'replace' : 'refuse'),
      };
    },
    runEvaluation: ({ job, ...request }, { evalEvent }) =>
      recorded(() =>
        evaluations.run(job, (signal) => evaluation.run(request, { onEvent: evalEvent, signal })),
      ),
    estimateEvaluation: ({ job: _job, ...request }) => evaluation.estimate(request),
    cancelEvaluation: ({ job }) => ({ cancelled: evaluations.cancel(job) }),
    listEvalRuns: ({ id }) => evaluation.list(id),
    getEvalRun: ({ run }) => evaluation.get(run),
    markBaseline: async ({ run, prompts: only }) => ({
      prompts: await evaluation.markBaseline(run, only),
    }),
  };
}
