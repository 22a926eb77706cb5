// Data shapes that cross the contract: what services return and the page receives.
import type { FieldIssue } from '../errors';
import type {
  BumpLevel,
  Message,
  Prompt,
  PromptFormat,
  PromptStatus,
  PromptVersionRecord,
} from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';
import type { SchemaConflict, SkippedFile } from '../library/libraryTypes';

export type { BumpLevel, Message, Prompt, PromptVersionRecord, ValidationSchema, FieldIssue };
export type { SchemaConflict, SkippedFile };

/** One prompt in the library list: its current version. */
export interface PromptSummary {
  id: string;
  version: string;
  format: PromptFormat;
  status: PromptStatus;
  tags: string[];
  category: string | null;
  description: string | null;
  updated_at: string;
}

/** Filters and paging for the library list. */
export interface PromptQuery {
  tags?: string[];
  status?: PromptStatus;
  category?: string;
  format?: PromptFormat;
  search?: string;
  limit?: number;
  offset?: number;
}

/** A page of the library list. */
export interface PromptPage {
  items: PromptSummary[];
  total: number;
}

/** The answer to a successful save. */
export interface SavedVersion {
  id: string;
  version: string;
  previous: string | null;
  created_at: string;
}

/** The two sides of a version comparison, as diffable text. */
export interface DiffSides {
  template: string;
  settings: string;
}

/** A comparison of two versions of one prompt. */
export interface VersionDiff {
  from: string;
  to: string;
  unified: string;
  left: DiffSides;
  right: DiffSides;
}

/** A rendered prompt, as the preview and `pwb render` show it. */
export interface RenderResult {
  kind: 'text' | 'chat';
  text: string;
  messages: Message[];
  variables: Record<string, unknown>;
  outputSchema: string | null;
  durationUs: number;
}

/** Target formats for export. */
export const PROVIDERS = ['openai', 'anthropic', 'langchain', 'litellm'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A possible secret found by the scanner: the rule and where, never the secret itself. */
export interface SecretFinding {
  rule: string;
  location: string;
  line: number;
  column: number;
}

/** A prompt exported for one provider. */
export interface ExportResult {
  provider: Provider;
  payload: unknown;
  snippets: { python: string; typescript: string };
  /** Possible secrets in the exported payload (a warning; the export still happens). */
  secrets?: SecretFinding[];
}

/** A schema in the library list. */
export interface SchemaSummary {
  name: string;
  version: string;
  description: string | null;
  field_count: number;
  used_by: string[];
}

/** A prompt a schema change touches, and what the change would break for it. */
export interface SchemaImpactEntry {
  prompt: string;
  schema: string;
  /** How the prompt's current version uses the schema. */
  roles: ('input' | 'output')[];
  /** What the change breaks, in words (empty: nothing found). */
  problems: string[];
}

/** A shared partial in the library list. */
export interface PartialSummary {
  name: string;
  updated_at: string;
  used_by: string[];
}

/** The outcome of testing data against a schema: either the validated value or its issues. */
export type SchemaTestResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; issues: FieldIssue[]; message: string };

/** Latency and error aggregates over a set of metric events (microseconds). */
export interface Aggregate {
  count: number;
  errors: number;
  error_rate: number;
  p50_us: number;
  p95_us: number;
  p99_us: number;
  avg_us: number;
}

/** Kinds of metric events. */
export const METRIC_KINDS = ['render', 'validate', 'export', 'model'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/**
 * Which events a summary counts: `usage` (renders by the CLI, the API, exports, model runs),
 * `preview` (the editor's own live previews) or `all`.
 */
export const METRIC_SOURCES = ['usage', 'preview', 'all'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

/** Time bucket sizes for metric charts. */
export const METRIC_BUCKETS = ['minute', 'hour', 'day'] as const;
export type MetricBucket = (typeof METRIC_BUCKETS)[number];

/** A metrics query. Times are epoch milliseconds. */
export interface MetricsQuery {
  from?: number;
  to?: number;
  prompt_id?: string;
  kind?: MetricKind;
  bucket?: MetricBucket;
  /** Default `usage`: the editor's previews are not usage. */
  source?: MetricSource;
}

/** Metrics for the dashboard. */
export interface MetricsSummary {
  totals: Aggregate;
  by_prompt: (Aggregate & { prompt_id: string | null; version: string | null })[];
  buckets: (Aggregate & { start: number })[];
  /**
   * True when the range held too many events to rank them all: percentiles then come from
   * log-scale histograms and are within 1 % of the exact value (counts and averages stay exact).
   */
  approximate?: boolean;
}

/** How long metric events are kept, and how the recording queue is doing. */
export interface MetricsSettings {
  /** Days of events kept (a library setting; default 90). */
  retention_days: number;
  /** Events recorded but not yet written (they are written when the library is free). */
  pending: number;
  /** Events this process gave up on: the library was busy too long, read-only or full. */
  dropped: number;
}

/** One line of the audit log. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  version: string | null;
  before_hash: string | null;
  after_hash: string | null;
  summary: string | null;
  /** On PostgreSQL, the user a copied row named in the library it was copied from. */
  copied_from?: string;
}

/** A same-id-same-version conflict found while importing. */
export interface ImportConflict {
  id: string;
  version: string;
  files: string[];
}

/** A library the app has opened: a SQLite file's path or a PostgreSQL URL without password. */
export interface KnownLibrary {
  location: string;
  engine: 'sqlite' | 'postgres';
  /** When it was last opened (ISO 8601). */
  opened_at: string;
  /** A password for it is kept (in the OS keychain; browser mode: for this run only). */
  password_kept: boolean;
}

/** The library open now and the ones opened before, for the library switcher. */
export interface LibraryChoices {
  current: KnownLibrary;
  /** Most recently opened first, the current one left out. */
  recent: KnownLibrary[];
  /** Where a typed password goes: the OS keychain (the app), or memory for this run. */
  passwords: 'keychain' | 'memory';
  /** False where this runtime cannot switch (the CLI). */
  switchable: boolean;
}

/** The folders inside one folder of the serving machine, for the folder fields' browser. */
export interface FolderListing {
  /** The folder listed, absolute (`~` expanded, a relative path resolved against `base`). */
  path: string;
  /** Its parent folder, or null at the root. */
  parent: string | null;
  /** Names of the folders inside, sorted; hidden folders and symbolic links left out. */
  folders: string[];
  /** True when there were more folders than the listing holds. */
  truncated: boolean;
  /** Where relative paths start: the folder the server (or app) was started in. */
  base: string;
  /** The home folder `~` stands for. */
  home: string;
}

/** What an import did. */
export interface ImportReport {
  /** Files read and checked. */
  files: number;
  prompts: number;
  versions: number;
  schemas: number;
  /** Test cases stored from `<id>.tests.yaml` files (each file replaces its prompt's cases). */
  tests: number;
  /** Labels set from other tools' files (a Langfuse version's `production`), moved if set. */
  labels: number;
  conflicts: ImportConflict[];
  /** Schema names defined differently by several files; the last in path order won. */
  schema_conflicts: SchemaConflict[];
  /** Files found but not read (not a seed file), with the reason; never ignored silently. */
  skipped: SkippedFile[];
}

/** An unsaved editor draft. */
export interface Draft {
  prompt_id: string;
  document: unknown;
  base_version: string | null;
  updated_at: string;
}

/**
 * What the library lists of a kept draft, read from its document as far as it looks like a
 * prompt: a new prompt when `base_version` is null, else unsaved changes to a saved prompt.
 */
export interface DraftSummary {
  prompt_id: string;
  base_version: string | null;
  updated_at: string;
  format: string | null;
  status: string | null;
  tags: string[];
  category: string | null;
}

/** Facts about the running app. */
export interface AppInfo {
  version: string;
  /** The library: a SQLite file's path, or a PostgreSQL URL with its password hidden. */
  dbPath: string;
  transport: 'ipc' | 'http' | 'cli';
  /** Which engine holds the library. */
  engine: 'sqlite' | 'postgres';
  /** Who is connected: the database user on PostgreSQL, the OS user on SQLite. */
  user: string;
  /** What they may do; a SQLite library's user may do everything (admin). */
  role: 'viewer' | 'editor' | 'publisher' | 'admin';
  /** The library was opened read-only (its file or folder cannot be written): saves fail. */
  readOnly?: boolean;
}
