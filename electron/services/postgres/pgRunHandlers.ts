// The contract's model runs, providers, prices, cache, test cases and evaluations over a
// PostgreSQL library: the same ModelService, EvaluationService and handlers (`runHandlers.ts`) as
// on SQLite, writing through the PostgreSQL stores.
import { AppError } from '../../../src-shared/errors';
import type { PromptRef } from '../../../src-shared/contract/operations';
import type { Prompt } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import type { RenderContext } from '../../../src-shared/render/renderPrompt';
import type { Handlers } from '../dispatch';
import { EvaluationService } from '../evaluation/evaluationService';
import type { KeyVault } from '../models/keyVault';
import { ModelService } from '../models/modelService';
import type { KeySource } from '../models/modelService';
import { createRunHandlers } from '../runHandlers';
import type { RunOperations } from '../runHandlers';
import { PgEvalRuns, PgTestCases } from './pgEvaluation';
import type { PostgresLibrary } from './pgLibrary';
import type { PgMetrics } from './pgMetrics';
import { pgModelStores } from './pgModels';
import { PgSchemaStore } from './pgSchemas';

/** Where keys are read at call time, and where typed ones are kept (never in the library). */
export interface PostgresKeys {
  keys: KeySource;
  vault: KeyVault;
}

/**
 * Run, test and evaluation handlers; `context` reads the library's partials and schemas. Model
 * calls are recorded in the library's `metrics`, whose counters (dropped events) they share.
 */
export function createPostgresRunHandlers(
  library: PostgresLibrary,
  secrets: PostgresKeys,
  context: () => Promise<RenderContext>,
  metrics: PgMetrics,
): Pick<Handlers, RunOperations> {
  const clock = () => new Date();
  const stores = pgModelStores(library);
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
  return createRunHandlers({
    models,
    evaluation,
    tests,
    vault: secrets.vault,
    prompts: library,
    schemas,
    flushMetrics: () => metrics.flush(),
  });
}
