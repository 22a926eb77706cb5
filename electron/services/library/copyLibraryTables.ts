// What `pwb copy` carries: every table of a library, in the order a copy writes them (a table
// after those it refers to), with each column's kind so each engine reads and writes it in its
// own shapes. Rows travel in the SQLite shapes (ISO timestamps, JSON as its text, 0/1 booleans).

/** How a column travels: the SQLite shape, and what PostgreSQL keeps it as. */
export type ColumnKind =
  /** text on both engines */
  | 'text'
  /** JSON text; `json` on PostgreSQL (kept as written) */
  | 'json'
  /** an integer; `bigint` on PostgreSQL (read back as a string) */
  | 'int'
  /** a double */
  | 'real'
  /** 0/1 on SQLite; `boolean` on PostgreSQL */
  | 'bool'
  /** ISO text on SQLite; `timestamptz` on PostgreSQL */
  | 'time';

/** One row as it travels. */
export type Row = Record<string, string | number | null>;

/** One table a copy carries. */
export interface CopiedTable {
  name: string;
  /** What its rows are, for messages ("already holds evaluation runs"). */
  what: string;
  /** The columns both engines have. */
  columns: Readonly<Record<string, ColumnKind>>;
  /**
   * Columns only a PostgreSQL library has (who ran a run, marked a baseline, recorded an event;
   * the tie-breaking sequence): kept between two PostgreSQL libraries; a copy from SQLite leaves
   * them to the target's defaults (the copying user, the next sequence value).
   */
  pgOnly?: Readonly<Record<string, ColumnKind>>;
  /** The order rows are read and written in, per engine (the target numbers them in this order). */
  order: { sqlite: string; postgres: string };
  /** A PostgreSQL sequence column set past the copied values after a copy. */
  serial?: readonly string[];
}

const VERSIONS: CopiedTable = {
  name: 'prompt_versions',
  what: 'prompt versions',
  columns: {
    prompt_id: 'text',
    version: 'text',
    document: 'json',
    changelog: 'text',
    author: 'text',
    created_at: 'time',
    parent_version: 'text',
    checksum: 'text',
  },
  order: { sqlite: 'prompt_id, created_at, rowid', postgres: 'prompt_id, created_at' },
};

/**
 * Every table a copy carries, in the order it writes them. The `prompts` registry, its tags and
 * search index are written from each prompt's current version after the versions; the metric
 * histograms are rebuilt from the events. Not carried: API keys (a key made for one library
 * must not open another), unsaved drafts (they belong to a machine, not the library).
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  VERSIONS,
  {
    name: 'prompt_labels',
    what: 'labels',
    columns: {
      prompt_id: 'text',
      label: 'text',
      version: 'text',
      updated_at: 'time',
      updated_by: 'text',
    },
    order: { sqlite: 'prompt_id, label', postgres: 'prompt_id, label' },
  },
  {
    name: 'audit_log',
    what: 'audit entries',
    columns: {
      id: 'int',
      at: 'time',
      actor: 'text',
      action: 'text',
      entity_type: 'text',
      entity_id: 'text',
      version: 'text',
      before_hash: 'text',
      after_hash: 'text',
      summary: 'text',
    },
    order: { sqlite: 'id', postgres: 'id' },
    serial: ['id'],
  },
  {
    name: 'schemas',
    what: 'schemas',
    columns: {
      name: 'text',
      document: 'text',
      version: 'text',
      updated_at: 'text',
      source: 'text',
    },
    order: { sqlite: 'name', postgres: 'name' },
  },
  {
    name: 'schema_history',
    what: 'schema history',
    columns: {
      id: 'int',
      name: 'text',
      action: 'text',
      document: 'text',
      version: 'text',
      hash: 'text',
      saved_at: 'text',
      actor: 'text',
    },
    order: { sqlite: 'id', postgres: 'id' },
    serial: ['id'],
  },
  {
    name: 'partials',
    what: 'partials',
    columns: { name: 'text', content: 'text', updated_at: 'text' },
    order: { sqlite: 'name', postgres: 'name' },
  },
  {
    name: 'partial_history',
    what: 'partial history',
    columns: {
      id: 'int',
      name: 'text',
      action: 'text',
      content: 'text',
      hash: 'text',
      saved_at: 'text',
      actor: 'text',
    },
    order: { sqlite: 'id', postgres: 'id' },
    serial: ['id'],
  },
  {
    name: 'test_cases',
    what: 'test cases',
    columns: {
      prompt_id: 'text',
      position: 'int',
      name: 'text',
      document: 'text',
      updated_at: 'text',
    },
    order: { sqlite: 'prompt_id, position', postgres: 'prompt_id, position' },
  },
  {
    name: 'eval_runs',
    what: 'evaluation runs',
    columns: {
      id: 'text',
      started_at: 'text',
      finished_at: 'text',
      prompts: 'json',
      passed: 'int',
      failed: 'int',
      document: 'json',
    },
    pgOnly: { run_by: 'text', seq: 'int' },
    order: { sqlite: 'rowid', postgres: 'seq' },
    serial: ['seq'],
  },
  {
    name: 'eval_run_prompts',
    what: 'evaluation runs',
    columns: { run_id: 'text', prompt_id: 'text' },
    order: { sqlite: 'run_id, prompt_id', postgres: 'run_id, prompt_id' },
  },
  {
    name: 'eval_baselines',
    what: 'baselines',
    columns: { prompt_id: 'text', run_id: 'text', marked_at: 'text' },
    pgOnly: { marked_by: 'text' },
    order: { sqlite: 'prompt_id', postgres: 'prompt_id' },
  },
  {
    name: 'providers',
    what: 'added model providers',
    columns: {
      name: 'text',
      kind: 'text',
      base_url: 'text',
      api_key_env: 'text',
      created_at: 'text',
    },
    order: { sqlite: 'name', postgres: 'name' },
  },
  {
    name: 'model_prices',
    what: 'model prices',
    columns: {
      model: 'text',
      input_per_mtok: 'real',
      output_per_mtok: 'real',
      updated_at: 'text',
    },
    order: { sqlite: 'model', postgres: 'model' },
  },
  {
    name: 'model_cache',
    what: 'cached model answers',
    columns: {
      key: 'text',
      provider: 'text',
      model: 'text',
      answer: 'json',
      bytes: 'int',
      created_at: 'int',
    },
    pgOnly: { seq: 'int' },
    // The insertion order breaks ties of age when the cache evicts.
    order: { sqlite: 'rowid', postgres: 'seq' },
    serial: ['seq'],
  },
  {
    name: 'metric_events',
    what: 'metric events',
    columns: {
      id: 'int',
      at: 'int',
      kind: 'text',
      prompt_id: 'text',
      version: 'text',
      duration_us: 'real',
      ok: 'bool',
      error_code: 'text',
      detail: 'text',
      model: 'text',
      ttft_us: 'real',
      input_tokens: 'int',
      output_tokens: 'int',
      cost_usd: 'real',
      cached: 'bool',
      preview: 'bool',
    },
    pgOnly: { recorded_by: 'text' },
    order: { sqlite: 'id', postgres: 'id' },
    serial: ['id'],
  },
  {
    name: 'settings',
    what: 'settings',
    columns: { key: 'text', value: 'text' },
    order: { sqlite: 'key', postgres: 'key' },
  },
];

/** The versions table (the registry is written from it). */
export const VERSIONS_TABLE = VERSIONS;

/** Rows read and written per batch (PostgreSQL takes at most 65,535 parameters a statement). */
export const BATCH_ROWS = 500;

/** A library a copy reads, inside one snapshot. */
export interface CopySource {
  /** Each prompt's current version, by id (in id order). */
  currentVersions(): Promise<Map<string, string>>;
  /** The table's rows in its order, a batch at a time. */
  rows(table: CopiedTable): AsyncIterable<Row[]>;
  /** Ends the snapshot and closes the library. */
  close(): Promise<void>;
}

/** A library a copy writes, inside one transaction opened on a target found empty. */
export interface CopyTarget {
  insert(table: CopiedTable, rows: Row[]): Promise<void>;
  /** Writes each prompt's registry row (and search index) from its current version. */
  registry(documents: readonly string[]): Promise<void>;
  /** Finishes (derived tables, sequences) and commits. */
  commit(): Promise<void>;
  /** Rolls back: the target is left as it was (a file the copy created is removed). */
  abort(): Promise<void>;
}
