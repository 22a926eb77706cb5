// The one contract: every operation the UI, the HTTP API and the CLI reach, declared once as data.
import type {
  AppInfo,
  AuditEntry,
  Draft,
  DraftSummary,
  ExportResult,
  ImportReport,
  MetricsQuery,
  MetricsSummary,
  PartialSummary,
  Prompt,
  PromptPage,
  PromptQuery,
  PromptVersionRecord,
  Provider,
  RenderResult,
  SavedVersion,
  SchemaImpactEntry,
  SchemaSummary,
  SchemaTestResult,
  ValidationSchema,
  VersionDiff,
  BumpLevel,
  MetricsSettings,
  FolderListing,
  LibraryChoices,
} from './dto';
import type {
  EvalEventListener,
  LibraryChangeListener,
  ProgressListener,
  RunEventListener,
} from './events';
import type { PromptDocument, SchemaDocument } from './documentSchemas';
import { parts } from './requestSchemas';
import {
  anything,
  boolean,
  either,
  integer,
  list,
  mapping,
  number,
  object,
  oneOf,
  orNull,
  string,
} from './typedSchema';
import type { JsonSchema, Same, Schema, Static } from './typedSchema';

export type { PromptDocument, SchemaDocument };
import type { ListedPrice } from '../models/prices';
import type { ProviderInfo, ProviderKeys, UserProviderKind } from '../models/providers';
import type { RunResult } from '../models/runs';
import type { ModelCallsQuery, ModelCallsSummary } from '../models/modelCalls';
import { ASSERTION_TYPES } from '../evaluation/testCases';
import type { TestCase } from '../evaluation/testCases';
import type { EvalEstimate, EvalRun, EvalRunSummary } from '../evaluation/runs';
import { LABEL_PATTERN } from '../model/labels';
import type { LabelEntry, LabelsByPrompt } from '../model/labels';
import type { ApiKeyInfo } from '../model/apiKeys';
import { KEY_ENV_PATTERN, PROVIDER_NAME_PATTERN, USER_PROVIDER_KINDS } from '../models/providers';
import { EXPORT_FORMATS, type ExportFormat } from '../formats/exportFormats';

/** One operation: its request schema; request and response types ride along as phantom types. */
export interface Operation<Req, Res> {
  readonly request: JsonSchema;
  /** Never set: carries the request type for inference. */
  readonly _req?: Req;
  /** Never set: carries the response type for inference. */
  readonly _res?: Res;
}

/** What the compiler reports when a request schema does not accept exactly the request type. */
interface SchemaMismatch<Accepted, Declared> {
  readonly 'the request schema accepts': Accepted;
  readonly 'but the request type is': Declared;
}

/**
 * Declares an operation: `op<Req, Res>()(schema)`. The schema must accept exactly `Req` (same
 * keys, optionality and types at every depth), or the call does not compile.
 */
const op =
  <Req, Res>() =>
  <S extends Schema<unknown>>(
    request: S & (Same<Static<S>, Req> extends true ? unknown : SchemaMismatch<Static<S>, Req>),
  ): Operation<Req, Res> => ({ request });

/** A prompt addressed either by id (+ version) in the library, or by an unsaved document. */
export interface PromptRef {
  id?: string;
  version?: string;
  /** A label of prompt `id` (`production`, `staging`, …): the version it points at. */
  label?: string;
  document?: PromptDocument;
}

const labelName = string({ pattern: LABEL_PATTERN, maxLength: 32 });

const promptRef = {
  id: parts.id,
  version: parts.version,
  label: labelName,
  document: parts.document,
};

const runRequest = object(
  { variables: parts.variables },
  {
    ...promptRef,
    job: parts.job,
    model: parts.text(256),
    base_url: parts.text(2048),
    temperature: number({ minimum: 0, maximum: 2 }),
    max_tokens: integer({ minimum: 1, maximum: 1_000_000 }),
    no_cache: boolean(),
    retries: integer({ minimum: 0, maximum: 10 }),
    timeout_s: number({ minimum: 0.001, maximum: 3600 }),
    concurrency: integer({ minimum: 1, maximum: 64 }),
  },
);

/**
 * A model run: a prompt (saved or unsaved), its variables, how to call the model (see
 * `RunOptions`) and the `job` naming it in its events and in cancelRun.
 */
export type RunRequest = Static<typeof runRequest>;

const providerName = string({ pattern: PROVIDER_NAME_PATTERN, maxLength: 32 });

const testCase = object(
  {
    name: string({ minLength: 1, maxLength: 200 }),
    vars: mapping(anything(), { maxProperties: 1000 }),
    assert: list(
      object(
        { type: oneOf(ASSERTION_TYPES) },
        {
          value: either(
            string({ maxLength: 100_000 }),
            either(list(string({ maxLength: 100_000 }), { maxItems: 100 }), number()),
          ),
          weight: number({ minimum: 0 }),
        },
      ),
      { maxItems: 100 },
    ),
  },
  { description: string({ maxLength: 2000 }) },
);

const modelNames = list(string({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 32 });

const evaluationRequest = object(
  {},
  {
    job: parts.job,
    prompts: list(parts.id, { minItems: 1, maxItems: 1000 }),
    versions: list(parts.version, { minItems: 1, maxItems: 32 }),
    labels: list(labelName, { minItems: 1, maxItems: 32 }),
    unsaved: list(parts.document, { maxItems: 8 }),
    cases: list(testCase, { minItems: 1, maxItems: 10_000 }),
    models: modelNames,
    judge: string({ minLength: 1, maxLength: 256 }),
    concurrency: integer({ minimum: 1, maximum: 64 }),
    retries: integer({ minimum: 0, maximum: 10 }),
    timeout_s: number({ minimum: 0.001, maximum: 3600 }),
    replay: boolean(),
    no_cache: boolean(),
    baseline: boolean(),
  },
);

/** An evaluation: the matrix of prompts' cases × versions (and unsaved changes) × models. */
export type EvaluationRequest = Static<typeof evaluationRequest>;

const apiKeyName = string({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', maxLength: 64 });

/** A request to save a prompt document as a new version. */
export interface SavePromptRequest {
  document: PromptDocument;
  /** The version the edit started from; null for a new prompt. */
  base?: string | null;
  bump?: BumpLevel;
  changelog?: string | null;
  allowSecrets?: boolean;
}

/** Every operation of the workbench. Adding one here is how a feature reaches every transport. */
export const operations = {
  appInfo: op<Record<string, never>, AppInfo>()(parts.empty),

  listPrompts: op<PromptQuery, PromptPage>()(
    object(
      {},
      {
        tags: parts.tags,
        status: parts.status,
        category: parts.text(256),
        format: parts.format,
        search: parts.text(512),
        limit: parts.limit,
        offset: parts.offset,
      },
    ),
  ),
  getPrompt: op<{ id: string; version?: string; label?: string }, Prompt>()(
    object({ id: parts.id }, { version: parts.version, label: labelName }),
  ),
  getHistory: op<{ id: string }, PromptVersionRecord[]>()(object({ id: parts.id })),
  savePrompt: op<SavePromptRequest, SavedVersion>()(
    object(
      { document: parts.document },
      {
        base: orNull(parts.version),
        bump: parts.bump,
        changelog: orNull(parts.text(10_000)),
        allowSecrets: boolean(),
      },
    ),
  ),
  deletePrompt: op<{ id: string }, { deleted: true }>()(object({ id: parts.id })),
  diffVersions: op<{ id: string; from: string; to: string }, VersionDiff>()(
    object({ id: parts.id, from: parts.version, to: parts.version }),
  ),

  renderPreview: op<
    PromptRef & { variables: Record<string, unknown>; preview?: boolean },
    RenderResult
  >()(object({ variables: parts.variables }, { ...promptRef, preview: boolean() })),
  exportPrompt: op<
    PromptRef & {
      provider: Provider;
      variables: Record<string, unknown>;
      mergeConsecutive?: boolean;
    },
    ExportResult
  >()(
    object(
      { provider: parts.provider, variables: parts.variables },
      { ...promptRef, mergeConsecutive: boolean() },
    ),
  ),
  validateOutput: op<PromptRef & { data: unknown }, SchemaTestResult>()(
    object({ data: parts.data }, promptRef),
  ),

  listSchemas: op<Record<string, never>, SchemaSummary[]>()(parts.empty),
  getSchema: op<{ name: string }, ValidationSchema>()(object({ name: parts.name })),
  saveSchema: op<{ schema: SchemaDocument }, { name: string }>()(
    object({ schema: parts.schemaDocument }),
  ),
  saveSchemaYaml: op<{ text: string }, { names: string[] }>()(
    object({ text: parts.text(2 * 1024 * 1024) }),
  ),
  schemaYaml: op<{ name: string }, { text: string }>()(object({ name: parts.name })),
  /** What saving a schema YAML text would break for the prompts that use its schemas. */
  schemaImpact: op<{ text: string }, { prompts: SchemaImpactEntry[] }>()(
    object({ text: parts.text(2 * 1024 * 1024) }),
  ),
  deleteSchema: op<{ name: string }, { deleted: true }>()(object({ name: parts.name })),
  testSchema: op<{ name: string; data: unknown }, SchemaTestResult>()(
    object({ name: parts.name, data: parts.data }),
  ),

  listPartials: op<Record<string, never>, PartialSummary[]>()(parts.empty),
  getPartial: op<{ name: string }, { name: string; content: string }>()(
    object({ name: parts.name }),
  ),
  savePartial: op<{ name: string; content: string; allowSecrets?: boolean }, { name: string }>()(
    object({ name: parts.name, content: parts.text(1024 * 1024) }, { allowSecrets: boolean() }),
  ),
  deletePartial: op<{ name: string }, { deleted: true }>()(object({ name: parts.name })),
  partialImpact: op<{ name: string; content: string }, { changed: string[]; failed: string[] }>()(
    object({ name: parts.name, content: parts.text(1024 * 1024) }),
  ),

  metricsSummary: op<MetricsQuery, MetricsSummary>()(
    object(
      {},
      {
        from: parts.epochMs,
        to: parts.epochMs,
        prompt_id: parts.id,
        kind: parts.kind,
        bucket: parts.bucket,
        source: parts.source,
      },
    ),
  ),
  modelCallsSummary: op<ModelCallsQuery, ModelCallsSummary>()(
    object({}, { from: parts.epochMs, to: parts.epochMs, prompt_id: parts.id }),
  ),
  metricsSettings: op<Record<string, never>, MetricsSettings>()(parts.empty),
  setMetricsRetention: op<{ days: number }, MetricsSettings>()(
    object({ days: integer({ minimum: 1, maximum: 3650 }) }),
  ),
  listAudit: op<{ entity_id?: string; limit?: number; offset?: number }, AuditEntry[]>()(
    object({}, { entity_id: parts.text(256), limit: parts.limit, offset: parts.offset }),
  ),

  // `job` names the call in its progress events (see events.ts).
  importFolder: op<{ paths: string[]; allowSecrets?: boolean; job?: string }, ImportReport>()(
    object({ paths: parts.paths }, { allowSecrets: boolean(), job: parts.job }),
  ),
  exportFolder: op<{ path: string; job?: string; format?: ExportFormat }, { files: number }>()(
    object({ path: parts.path }, { job: parts.job, format: oneOf(EXPORT_FORMATS) }),
  ),

  // Folders on the serving machine (browser mode serves loopback only): for the folder fields.
  listFolders: op<{ path?: string }, FolderListing>()(object({}, { path: parts.path })),

  // The library switcher: which library is open, which were, and opening another (the app and
  // browser mode; the whole workbench moves to it and the page starts again).
  listLibraries: op<Record<string, never>, LibraryChoices>()(parts.empty),
  switchLibrary: op<{ location: string; password?: string }, AppInfo>()(
    object(
      { location: string({ minLength: 1, maxLength: 4096 }) },
      { password: string({ maxLength: 1024 }) },
    ),
  ),

  getDraft: op<{ id: string }, Draft | null>()(object({ id: parts.id })),
  listDrafts: op<Record<string, never>, DraftSummary[]>()(parts.empty),
  putDraft: op<{ id: string; document: PromptDocument; base: string | null }, { saved: true }>()(
    object({ id: parts.id, document: parts.document, base: orNull(parts.version) }),
  ),
  deleteDraft: op<{ id: string }, { deleted: true }>()(object({ id: parts.id })),

  // Model runs: `job` names the run in its streamed events (see events.ts) and in cancelRun.
  runPrompt: op<RunRequest, RunResult>()(runRequest),
  cancelRun: op<{ job: string }, { cancelled: boolean }>()(object({ job: parts.job })),
  listProviders: op<Record<string, never>, ProviderInfo[]>()(parts.empty),
  addProvider: op<
    { name: string; kind: UserProviderKind; base_url: string; api_key_env?: string | null },
    ProviderInfo
  >()(
    object(
      { name: providerName, kind: oneOf(USER_PROVIDER_KINDS), base_url: parts.text(2048) },
      { api_key_env: orNull(string({ pattern: KEY_ENV_PATTERN, maxLength: 128 })) },
    ),
  ),
  removeProvider: op<{ name: string }, { removed: true }>()(object({ name: providerName })),
  // Keys: which ones the providers need and whether they are there; never a key's value.
  providerKeys: op<Record<string, never>, ProviderKeys>()(parts.empty),
  setProviderKey: op<
    { variable: string; key: string | null },
    { variable: string; set: boolean }
  >()(
    object({
      variable: string({ pattern: KEY_ENV_PATTERN, maxLength: 128 }),
      key: orNull(string({ minLength: 1, maxLength: 8192 })),
    }),
  ),
  listPrices: op<Record<string, never>, ListedPrice[]>()(parts.empty),
  setPrice: op<
    { model: string; input_per_mtok: number | null; output_per_mtok: number | null },
    { saved: true }
  >()(
    object({
      model: string({ minLength: 1, maxLength: 200 }),
      input_per_mtok: orNull(number({ minimum: 0, maximum: 1e6 })),
      output_per_mtok: orNull(number({ minimum: 0, maximum: 1e6 })),
    }),
  ),
  clearCache: op<Record<string, never>, { cleared: number }>()(parts.empty),

  // Test cases and evaluation: `job` names a running evaluation in its events and in cancel.
  listTestCases: op<{ id: string }, TestCase[]>()(object({ id: parts.id })),
  saveTestCases: op<{ id: string; cases: TestCase[] }, TestCase[]>()(
    object({ id: parts.id, cases: list(testCase, { maxItems: 10_000 }) }),
  ),
  addTestRows: op<
    { id: string; file: string; text: string; replace?: boolean },
    { added: number; cases: TestCase[] }
  >()(
    object(
      {
        id: parts.id,
        file: string({ minLength: 1, maxLength: 4096 }),
        text: parts.text(20_000_000),
      },
      { replace: boolean() },
    ),
  ),
  runEvaluation: op<EvaluationRequest, EvalRun>()(evaluationRequest),
  estimateEvaluation: op<EvaluationRequest, EvalEstimate>()(evaluationRequest),
  cancelEvaluation: op<{ job: string }, { cancelled: boolean }>()(object({ job: parts.job })),
  listEvalRuns: op<{ id?: string }, EvalRunSummary[]>()(object({}, { id: parts.id })),
  getEvalRun: op<{ run: string }, EvalRun>()(
    object({ run: string({ minLength: 1, maxLength: 64 }) }),
  ),
  markBaseline: op<{ run: string; prompts?: string[] }, { prompts: string[] }>()(
    object(
      { run: string({ minLength: 1, maxLength: 64 }) },
      { prompts: list(parts.id, { minItems: 1, maxItems: 1000 }) },
    ),
  ),

  // Labels: named pointers to versions.
  listLabels: op<{ id: string }, LabelEntry[]>()(object({ id: parts.id })),
  /** Labels of many prompts in one read (the library list): id → label → version, set ones only. */
  listLabelsFor: op<{ ids: string[] }, LabelsByPrompt>()(
    object({ ids: list(parts.id, { maxItems: 1000 }) }),
  ),
  setLabel: op<{ id: string; label: string; version: string }, LabelEntry>()(
    object({ id: parts.id, label: labelName, version: parts.version }),
  ),
  removeLabel: op<{ id: string; label: string }, { removed: true }>()(
    object({ id: parts.id, label: labelName }),
  ),

  // API keys of the read API: the secret is returned once, by createApiKey.
  listApiKeys: op<Record<string, never>, ApiKeyInfo[]>()(parts.empty),
  createApiKey: op<{ name: string }, { name: string; secret: string }>()(
    object({ name: apiKeyName }),
  ),
  revokeApiKey: op<{ name: string }, { revoked: true }>()(object({ name: apiKeyName })),
} as const;

/** The names of every operation. */
export type OperationName = keyof typeof operations;

/** The request type of an operation. */
export type RequestOf<N extends OperationName> =
  (typeof operations)[N] extends Operation<infer Req, unknown> ? Req : never;

/** The response type of an operation. */
export type ResponseOf<N extends OperationName> =
  (typeof operations)[N] extends Operation<unknown, infer Res> ? Res : never;

/**
 * The typed API every transport offers, plus progress events where the transport carries them:
 * the listener is called for every job until the returned function is called. It resolves once
 * events will be delivered, so a caller that awaits it before starting a job misses none.
 */
export type Api = { [N in OperationName]: (request: RequestOf<N>) => Promise<ResponseOf<N>> } & {
  readonly subscribeProgress?: (listener: ProgressListener) => Promise<() => void>;
  /** Evaluation events of `runEvaluation` calls that name a job (cells as they are checked). */
  readonly subscribeEvaluation?: (listener: EvalEventListener) => Promise<() => void>;
  /** Model-run events of `runPrompt` calls that name a job (text as it streams, then done). */
  readonly subscribeRuns?: (listener: RunEventListener) => Promise<() => void>;
  /**
   * Changes to the library by any client (saves, deletions, label moves), as they happen;
   * `closed` hears that the stream could not open or ended (the page opens it again).
   */
  readonly subscribeLibrary?: (
    listener: LibraryChangeListener,
    closed?: () => void,
  ) => Promise<() => void>;
};

/** Every operation name, in declaration order. */
export const OPERATION_NAMES = Object.keys(operations) as OperationName[];

/** The IPC channel of an operation. */
export const channelOf = (name: OperationName): string => `pwb:${name}`;
