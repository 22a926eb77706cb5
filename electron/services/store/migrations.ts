// The database schema as an ordered list of migrations, applied by `PRAGMA user_version`.

/** One schema step. `version` is the user_version the database has after `sql` ran. */
export interface Migration {
  version: number;
  description: string;
  /** Plain DDL; values never come from outside, so nothing is interpolated. */
  sql: string;
}

const initialSchema = `
CREATE TABLE prompts (
  id              TEXT PRIMARY KEY NOT NULL,
  current_version TEXT NOT NULL,
  format          TEXT NOT NULL,
  status          TEXT NOT NULL,
  category        TEXT,
  description     TEXT,
  tags            TEXT NOT NULL DEFAULT '[]',
  input_schema    TEXT,
  output_schema   TEXT,
  -- rowid of this prompt's row in prompt_search, so re-indexing needs no table scan.
  search_rowid    INTEGER,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  -- Deferred both ways, so a version row and its prompt row can be written in either order
  -- inside one transaction (the import service relies on that).
  FOREIGN KEY (id, current_version) REFERENCES prompt_versions (prompt_id, version)
    DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX prompts_status ON prompts (status);
CREATE INDEX prompts_category ON prompts (category);
CREATE INDEX prompts_input_schema ON prompts (input_schema);
CREATE INDEX prompts_output_schema ON prompts (output_schema);

CREATE TABLE prompt_versions (
  prompt_id      TEXT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE
                   DEFERRABLE INITIALLY DEFERRED,
  version        TEXT NOT NULL,
  document       TEXT NOT NULL CHECK (json_valid(document)),
  changelog      TEXT,
  author         TEXT,
  created_at     TEXT NOT NULL,
  parent_version TEXT,
  checksum       TEXT NOT NULL,
  PRIMARY KEY (prompt_id, version)
);

-- History is append-only: a saved version can be deleted with its prompt, never changed.
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
BEGIN
  SELECT RAISE(ABORT, 'prompt versions are immutable');
END;

CREATE TABLE prompt_tags (
  prompt_id TEXT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
  tag       TEXT NOT NULL,
  PRIMARY KEY (prompt_id, tag)
);
CREATE INDEX prompt_tags_tag ON prompt_tags (tag);

CREATE VIRTUAL TABLE prompt_search USING fts5 (
  id, description, tags, body,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE schemas (
  name       TEXT PRIMARY KEY NOT NULL,
  document   TEXT NOT NULL CHECK (json_valid(document)),
  version    TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE schema_history (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  name     TEXT NOT NULL,
  action   TEXT NOT NULL CHECK (action IN ('save', 'delete')),
  document TEXT,
  version  TEXT,
  hash     TEXT,
  saved_at TEXT NOT NULL,
  actor    TEXT NOT NULL
);
CREATE INDEX schema_history_name ON schema_history (name);

CREATE TABLE partials (
  name       TEXT PRIMARY KEY NOT NULL,
  content    TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE partial_history (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  name     TEXT NOT NULL,
  action   TEXT NOT NULL CHECK (action IN ('save', 'delete')),
  content  TEXT,
  hash     TEXT,
  saved_at TEXT NOT NULL,
  actor    TEXT NOT NULL
);
CREATE INDEX partial_history_name ON partial_history (name);

CREATE TABLE metric_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('render', 'validate', 'export')),
  prompt_id   TEXT,
  version     TEXT,
  duration_us REAL NOT NULL,
  ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error_code  TEXT,
  detail      TEXT
);
CREATE INDEX metric_events_at ON metric_events (at);
CREATE INDEX metric_events_prompt ON metric_events (prompt_id, at);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  version     TEXT,
  before_hash TEXT,
  after_hash  TEXT,
  summary     TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, id);

CREATE TABLE drafts (
  prompt_id    TEXT PRIMARY KEY NOT NULL,
  document     TEXT NOT NULL,
  base_version TEXT,
  updated_at   TEXT NOT NULL
);
`;

// Model runs: providers and prices people add (never keys), the answer cache, and model calls as
// metric events (the kind check is widened, which SQLite can only do by rebuilding the table).
const modelRuns = `
CREATE TABLE providers (
  name        TEXT PRIMARY KEY NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('openai-compatible', 'anthropic')),
  base_url    TEXT NOT NULL,
  api_key_env TEXT,
  created_at  TEXT NOT NULL
);

CREATE TABLE model_prices (
  model           TEXT PRIMARY KEY NOT NULL,
  input_per_mtok  REAL NOT NULL CHECK (input_per_mtok >= 0),
  output_per_mtok REAL NOT NULL CHECK (output_per_mtok >= 0),
  updated_at      TEXT NOT NULL
);

CREATE TABLE model_cache (
  key        TEXT PRIMARY KEY NOT NULL,
  provider   TEXT NOT NULL,
  model      TEXT NOT NULL,
  answer     TEXT NOT NULL CHECK (json_valid(answer)),
  bytes      INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX model_cache_age ON model_cache (created_at);

CREATE TABLE metric_events_new (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  at            INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('render', 'validate', 'export', 'model')),
  prompt_id     TEXT,
  version       TEXT,
  duration_us   REAL NOT NULL,
  ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error_code    TEXT,
  detail        TEXT,
  model         TEXT,
  ttft_us       REAL,
  input_tokens  INTEGER,
  output_tokens INTEGER,
  cost_usd      REAL,
  cached        INTEGER CHECK (cached IN (0, 1))
);
INSERT INTO metric_events_new (id, at, kind, prompt_id, version, duration_us, ok, error_code, detail)
  SELECT id, at, kind, prompt_id, version, duration_us, ok, error_code, detail FROM metric_events;
DROP TABLE metric_events;
ALTER TABLE metric_events_new RENAME TO metric_events;
CREATE INDEX metric_events_at ON metric_events (at);
CREATE INDEX metric_events_prompt ON metric_events (prompt_id, at);
`;

// Daily pre-aggregates of metric events, so summaries over long ranges read a few thousand rows
// instead of every event. `bin` is the event's latency on a log scale (see metrics/histogram.ts);
// failed events go to bin -1. `prompt_id`/`version` hold '' for none, so the key is unique.
const metricRollups = `
CREATE TABLE metric_rollups (
  day       INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  version   TEXT NOT NULL,
  bin       INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  sum_us    REAL NOT NULL,
  PRIMARY KEY (day, kind, prompt_id, version, bin)
) WITHOUT ROWID;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

INSERT INTO metric_rollups (day, kind, prompt_id, version, bin, count, sum_us)
SELECT (at / 86400000) * 86400000, kind, COALESCE(prompt_id, ''), COALESCE(version, ''),
       CASE WHEN ok = 0 THEN -1
            ELSE CAST(floor(ln(max(duration_us, 1)) / ln(1.02)) AS INTEGER) END,
       count(*), sum(CASE WHEN ok = 1 THEN duration_us ELSE 0 END)
FROM metric_events GROUP BY 1, 2, 3, 4, 5;
`;

// The editor's live previews are recorded apart from real use (CLI, API, exports, model runs),
// so the dashboard can show usage without them. Rollups gain the flag in their key; SQLite
// cannot change a primary key in place, so that table is copied.
const previewMetrics = `
ALTER TABLE metric_events ADD COLUMN preview INTEGER NOT NULL DEFAULT 0 CHECK (preview IN (0, 1));

CREATE TABLE metric_rollups_new (
  day       INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  preview   INTEGER NOT NULL CHECK (preview IN (0, 1)),
  prompt_id TEXT NOT NULL,
  version   TEXT NOT NULL,
  bin       INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  sum_us    REAL NOT NULL,
  PRIMARY KEY (day, kind, preview, prompt_id, version, bin)
) WITHOUT ROWID;
INSERT INTO metric_rollups_new (day, kind, preview, prompt_id, version, bin, count, sum_us)
  SELECT day, kind, 0, prompt_id, version, bin, count, sum_us FROM metric_rollups;
DROP TABLE metric_rollups;
ALTER TABLE metric_rollups_new RENAME TO metric_rollups;
`;

// Metric histograms at three levels, so a month's summary reads a few thousand rows however
// many events it holds: per prompt and version by hour, day and week, and across all prompts
// by hour and day (scope 1, prompt and version ''). `bins` is a flat JSON array of latency bins
// (see metrics/histogram.ts) and their successful events, `[bin, count, …]`; failed ones count
// in `errors`. They replace
// the daily rollups, which kept a row per bin and read about as many rows as events.
const metricHistograms = `
DROP TABLE metric_rollups;
CREATE TABLE metric_hists (
  id        INTEGER PRIMARY KEY,
  scope     INTEGER NOT NULL CHECK (scope IN (0, 1)),
  span      INTEGER NOT NULL,
  start     INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  preview   INTEGER NOT NULL CHECK (preview IN (0, 1)),
  prompt_id TEXT NOT NULL,
  version   TEXT NOT NULL,
  count     INTEGER NOT NULL,
  errors    INTEGER NOT NULL,
  sum_us    REAL NOT NULL,
  bins      TEXT NOT NULL CHECK (json_valid(bins)),
  UNIQUE (scope, span, start, kind, preview, prompt_id, version)
);
CREATE INDEX metric_hists_prompt ON metric_hists (prompt_id, span, start) WHERE scope = 0;

WITH levels (scope, span) AS (
  VALUES (0, 604800000), (0, 86400000), (0, 3600000), (1, 86400000), (1, 3600000)
),
binned AS (
  SELECT levels.scope, levels.span, (e.at / levels.span) * levels.span AS start, e.kind, e.preview,
         CASE WHEN levels.scope = 0 THEN COALESCE(e.prompt_id, '') ELSE '' END AS prompt_id,
         CASE WHEN levels.scope = 0 THEN COALESCE(e.version, '') ELSE '' END AS version,
         CASE WHEN e.ok = 0 THEN -1
              ELSE CAST(floor(ln(max(e.duration_us, 1)) / ln(1.02)) AS INTEGER) END AS bin,
         count(*) AS n, total(CASE WHEN e.ok = 1 THEN e.duration_us END) AS s
  FROM metric_events AS e, levels
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
)
INSERT INTO metric_hists (scope, span, start, kind, preview, prompt_id, version, count, errors,
                          sum_us, bins)
SELECT scope, span, start, kind, preview, prompt_id, version, sum(n),
       sum(CASE WHEN bin = -1 THEN n ELSE 0 END), total(s),
       '[' || COALESCE(group_concat(bin || ',' || n, ',' ORDER BY bin) FILTER (WHERE bin <> -1), '') || ']'
FROM binned GROUP BY 1, 2, 3, 4, 5, 6, 7;
`;

/** Every migration the code knows, oldest first; the last one's version is the current schema. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'Library, history, search, metrics, audit, drafts',
    sql: initialSchema,
  },
  {
    version: 2,
    description: 'Model providers, prices, answer cache and model call metrics',
    sql: modelRuns,
  },
  {
    version: 3,
    description: 'Test cases of prompts',
    sql: `
CREATE TABLE test_cases (
  prompt_id  TEXT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  document   TEXT NOT NULL CHECK (json_valid(document)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (prompt_id, name)
);
CREATE INDEX test_cases_order ON test_cases (prompt_id, position);
`,
  },
  {
    version: 4,
    description: 'Evaluation runs and baselines',
    sql: `
CREATE TABLE eval_runs (
  id          TEXT PRIMARY KEY NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  prompts     TEXT NOT NULL CHECK (json_valid(prompts)),
  passed      INTEGER NOT NULL,
  failed      INTEGER NOT NULL,
  document    TEXT NOT NULL CHECK (json_valid(document))
);
CREATE INDEX eval_runs_started ON eval_runs (started_at);

CREATE TABLE eval_run_prompts (
  run_id    TEXT NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  prompt_id TEXT NOT NULL,
  PRIMARY KEY (prompt_id, run_id)
);

CREATE TABLE eval_baselines (
  prompt_id TEXT PRIMARY KEY NOT NULL,
  run_id    TEXT NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  marked_at TEXT NOT NULL
);
`,
  },
  {
    version: 5,
    description: 'Labels: named pointers to versions',
    sql: `
CREATE TABLE prompt_labels (
  prompt_id  TEXT NOT NULL,
  label      TEXT NOT NULL,
  version    TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (prompt_id, label),
  FOREIGN KEY (prompt_id, version) REFERENCES prompt_versions (prompt_id, version) ON DELETE CASCADE
);
`,
  },
  {
    version: 6,
    description: 'API keys of the read API (hashes only)',
    sql: `
CREATE TABLE api_keys (
  name       TEXT PRIMARY KEY NOT NULL,
  hash       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);
`,
  },
  {
    version: 7,
    description: 'Daily metric rollups and library settings',
    sql: metricRollups,
  },
  {
    version: 8,
    description: 'Editor previews recorded apart from usage in metrics',
    sql: previewMetrics,
  },
  {
    version: 9,
    description: 'Schemas keep the YAML text they were saved from',
    // NULL: saved as data (JSON, the API) or before this column; the YAML is then generated.
    sql: `ALTER TABLE schemas ADD COLUMN source TEXT;`,
  },
  {
    version: 10,
    description: 'Metric histograms by hour, day and week, per prompt and across prompts',
    sql: metricHistograms,
  },
];
