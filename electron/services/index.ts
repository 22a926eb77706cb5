// The composition root: one database, every service over it (render, library files with their
// import pool, the secret-scan policy included), and one way to close them all.
import os from 'node:os';
import { ApiKeyService } from './apikeys/apiKeyService';
import { AuditService } from './audit/auditService';
import { EvaluationService } from './evaluation/evaluationService';
import { TestCaseService } from './evaluation/testCaseService';
import { SqliteEvalRuns } from './evaluation/evalRunStore';
import { LabelService } from './labels/labelService';
import { LibraryFiles } from './files/libraryFiles';
import type { LibraryFilesOptions } from './files/libraryFiles';
import { sqliteFilesPort } from './files/sqliteFilesPort';
import { MetricsService } from './metrics/metricsService';
import { ModelService, sqliteModelStores } from './models/modelService';
import type { KeySource } from './models/modelService';
import { environmentVault } from './models/keyVault';
import type { KeyVault } from './models/keyVault';
import { PartialService } from './partials/partialService';
import { PromptService } from './prompts/promptService';
import { RenderService } from './render/renderService';
import { SchemaService } from './schemas/schemaService';
import { SecretPolicy } from './secrets/secretPolicy';
import { openDatabase, type Database } from './store/database';

/** What `createServices` needs; tests pass a temp file and a fake clock. */
export interface ServiceOptions {
  dbPath: string;
  clock?: () => Date;
  /** Who the audit log names; defaults to the OS user. */
  actor?: string;
  /** Days of metric events kept by this process (default: the library's setting, else 90). */
  metricsRetentionDays?: number;
  /** Where provider keys are read at call time (default: this process's environment). */
  keys?: KeySource;
  /** Where typed keys are kept (the app: the OS keychain); default: the environment only. */
  vault?: KeyVault;
  /** How imports use threads (tests choose the pool and thresholds). */
  files?: LibraryFilesOptions;
}

/** The services of one open library. */
export interface Services {
  db: Database;
  /** Who the audit log names (the local user). */
  actor: string;
  prompts: PromptService;
  schemas: SchemaService;
  partials: PartialService;
  metrics: MetricsService;
  audit: AuditService;
  models: ModelService;
  /** Provider keys: where they are read from, and where typed ones are kept. */
  vault: KeyVault;
  tests: TestCaseService;
  evaluation: EvaluationService;
  labels: LabelService;
  apiKeys: ApiKeyService;
  /** Rendering, export and validation against the library. */
  render: RenderService;
  /** Import and export of whole libraries, with the import worker pool. */
  files: LibraryFiles;
  /** When saves holding possible secrets are refused. */
  secrets: SecretPolicy;
  /**
   * Closes the database at once and ends the import threads; resolves when they are gone.
   * Safe to call more than once.
   */
  dispose(): Promise<void>;
}

/** Opens the database at `dbPath` (migrating it) and wires every service over it. */
export function createServices(options: ServiceOptions): Services {
  const db = openDatabase(options.dbPath);
  const clock = options.clock ?? (() => new Date());
  const actor = options.actor ?? currentUser();
  const audit = new AuditService(db, { clock, actor });
  try {
    const prompts = new PromptService(db, { clock, actor, audit });
    const schemas = new SchemaService(db, { clock, actor, audit });
    const partials = new PartialService(db, { clock, actor, audit });
    const metrics = new MetricsService(db, {
      clock,
      ...(options.metricsRetentionDays === undefined
        ? {}
        : { retentionDays: options.metricsRetentionDays }),
    });
    const labels = new LabelService(db, { clock, actor, audit });
    const render = new RenderService({ prompts, schemas, partials, metrics, labels });
    const vault = options.vault ?? environmentVault(process.env);
    const keys = options.keys ?? ((variable: string) => vault.get(variable));
    const models = new ModelService({
      stores: sqliteModelStores(db, clock),
      clock,
      metrics,
      keys,
      resolve: (ref) => render.resolve(ref),
      context: () => render.context(),
    });
    const tests = new TestCaseService(db, { clock, audit });
    const files = new LibraryFiles(
      sqliteFilesPort({ db, audit, prompts, schemas, partials, tests, labels }),
      options.files,
    );
    return {
      db,
      audit,
      prompts,
      schemas,
      partials,
      metrics,
      render,
      files,
      secrets: new SecretPolicy(),
      models,
      vault,
      tests,
      evaluation: new EvaluationService({
        runs: new SqliteEvalRuns(db),
        clock,
        tests,
        prompts,
        labels,
        models,
        context: () => render.context(),
      }),
      labels,
      apiKeys: new ApiKeyService(db, { clock, actor, audit }),
      actor,
      dispose() {
        // Queued metric events are written now if the library is free, else dropped.
        metrics.close();
        if (db.open) db.close();
        return files.dispose();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function currentUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    // userInfo throws when the uid has no passwd entry (some containers).
    return 'unknown';
  }
}
