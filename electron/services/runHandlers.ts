// The contract's model runs, providers, prices, cache, test cases and evaluations, built once over
// the ports either engine fills in: SQLite's services (`handlers.ts`) or a PostgreSQL library's
// stores (`postgres/pgRunHandlers.ts`). Stores may answer at once or as promises.
import type { Prompt } from '../../src-shared/model/prompt';
import type { FieldType, SchemaField } from '../../src-shared/model/schemaDsl';
import type { ListedPrice } from '../../src-shared/models/prices';
import type { ProviderInfo } from '../../src-shared/models/providers';
import type { Handlers } from './dispatch';
import type { Maybe, TestCaseStore } from './evaluation/evalRunStore';
import type { EvaluationService } from './evaluation/evaluationService';
import { readTestRows } from './evaluation/testRows';
import { CancellableJobs } from './jobs';
import type { KeyVault } from './models/keyVault';
import { providerKeyStatus } from './models/keyVault';
import type { ModelService, ModelStores } from './models/modelService';
import type { NewProvider } from './models/providerStore';
import type { PriceStore } from './models/priceStore';
import { RunJobs } from './models/runJobs';

/** The operations this builder serves. */
export type RunOperations =
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

/** Model stores that can also be listed and changed (the settings the page edits). */
export interface ManagedModelStores extends ModelStores {
  providers: ModelStores['providers'] & {
    list(): Maybe<ProviderInfo[]>;
    add(provider: NewProvider): Maybe<ProviderInfo>;
    remove(name: string): Maybe<void>;
  };
  prices: ModelStores['prices'] & {
    list(): Maybe<ListedPrice[]>;
    set(price: Parameters<PriceStore['set']>[0]): Maybe<void>;
  };
  cache: ModelStores['cache'] & { clear(): Maybe<number> };
}

/** What the run handlers call; the engine decides what stands behind each. */
export interface RunPorts {
  models: ModelService<ManagedModelStores>;
  evaluation: EvaluationService;
  tests: TestCaseStore;
  /** Where typed provider keys are kept (never in the library). */
  vault: KeyVault;
  /** The input schema a prompt's current version names (types CSV cells). */
  prompts: { get(id: string): Maybe<Pick<Prompt, 'input_schema'>> };
  schemas: { get(name: string): Maybe<{ fields: readonly SchemaField[] }> };
  /** Waits for the metric events a run wrote, when they are written later (PostgreSQL). */
  flushMetrics?: () => Promise<void>;
}

/** Run, provider, price, cache, test case and evaluation handlers over `ports`. */
export function createRunHandlers(ports: RunPorts): Pick<Handlers, RunOperations> {
  const { models, evaluation, tests, vault, flushMetrics } = ports;
  const runs = new RunJobs(models);
  const evaluations = new CancellableJobs('Evaluation');
  /** Runs `work`, then waits for its metric events to be written (the library may close next). */
  const recorded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (!flushMetrics) return work();
    try {
      return await work();
    } finally {
      await flushMetrics();
    }
  };
  /** The DSL type of each variable the prompt's input schema declares. */
  const variableTypes = async (id: string): Promise<Map<string, FieldType>> => {
    const schema = (await ports.prompts.get(id)).input_schema;
    if (!schema) return new Map();
    const { fields } = await ports.schemas.get(schema);
    return new Map(fields.map((field) => [field.name, field.type]));
  };
  return {
    runPrompt: (request, { runEvent }) => recorded(() => runs.run(request, runEvent)),
    cancelRun: ({ job }) => ({ cancelled: runs.cancel(job) }),
    listProviders: () => models.providers.list(),
    addProvider: (provider) => models.providers.add(provider),
    removeProvider: async ({ name }) => {
      await models.providers.remove(name);
      return { removed: true };
    },
    providerKeys: async () => providerKeyStatus(await models.providers.list(), vault),
    setProviderKey: ({ variable, key }) => {
      vault.set(variable, key === null ? null : key.trim());
      return { variable, set: key !== null };
    },
    listPrices: () => models.prices.list(),
    setPrice: async (price) => {
      await models.prices.set(price);
      return { saved: true };
    },
    clearCache: async () => ({ cleared: await models.cache.clear() }),
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
