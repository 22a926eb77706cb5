// The PostgreSQL schema as numbered migrations (the SQLite story's shape: each applied in one
// transaction, recorded in schema_version), and the team's group roles with their grants.
import type pg from 'pg';

/** One schema step; `version` is recorded in schema_version once `sql` ran. */
export interface PgMigration {
  version: number;
  description: string;
  /** Plain DDL; nothing from outside is interpolated. */
  sql: string;
}

/** The group roles, weakest first; each is a member of the one before (inherits its rights). */
export const GROUP_ROLES = ['pwb_viewer', 'pwb_editor', 'pwb_publisher', 'pwb_admin'] as const;

// Roles are server-wide: created once, reused by every library database on the server.
const ensureRoles = `
DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['pwb_viewer', 'pwb_editor', 'pwb_publisher', 'pwb_admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', name);
    END IF;
  END LOOP;
END $$;
GRANT pwb_viewer TO pwb_editor;
GRANT pwb_editor TO pwb_publisher;
GRANT pwb_publisher TO pwb_admin;
`;

// Who may write rows as someone else: only the database owner (or a superuser) copying a library
// with pwb.copying set. Everyone else's user columns are the session user, set here.
const librarySchema = `
CREATE FUNCTION pwb_is_copying() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('pwb.copying', true), '') = 'on'
     AND (session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database
                           WHERE datname = current_database())
          OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user))
$$;

CREATE TABLE prompt_versions (
  prompt_id      text COLLATE "C" NOT NULL,
  version        text NOT NULL,
  document       json NOT NULL,
  changelog      text,
  author         text,
  created_at     timestamptz NOT NULL,
  parent_version text,
  checksum       text NOT NULL,
  PRIMARY KEY (prompt_id, version)
);

CREATE TABLE prompts (
  id              text COLLATE "C" PRIMARY KEY,
  current_version text NOT NULL,
  format          text NOT NULL,
  status          text NOT NULL,
  category        text,
  description     text,
  tags            json NOT NULL DEFAULT '[]',
  tag_index       text[] NOT NULL DEFAULT '{}',
  input_schema    text,
  output_schema   text,
  search_text     text NOT NULL DEFAULT '',
  search          tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  FOREIGN KEY (id, current_version) REFERENCES prompt_versions (prompt_id, version)
    DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE prompt_versions ADD FOREIGN KEY (prompt_id) REFERENCES prompts (id)
  ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX prompts_search ON prompts USING gin (search);
CREATE INDEX prompts_tags ON prompts USING gin (tag_index);
CREATE INDEX prompts_status ON prompts (status);
CREATE INDEX prompts_category ON prompts (category);

CREATE FUNCTION pwb_version_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pwb_is_copying() THEN NEW.author := session_user; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER prompt_versions_author BEFORE INSERT ON prompt_versions
  FOR EACH ROW EXECUTE FUNCTION pwb_version_author();

CREATE FUNCTION pwb_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'prompt versions are immutable' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
  FOR EACH ROW EXECUTE FUNCTION pwb_immutable();

CREATE TABLE prompt_labels (
  prompt_id  text COLLATE "C" NOT NULL,
  label      text COLLATE "C" NOT NULL CHECK (label ~ '^[a-z][a-z0-9_-]{0,31}$'),
  version    text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL DEFAULT session_user,
  PRIMARY KEY (prompt_id, label),
  FOREIGN KEY (prompt_id, version) REFERENCES prompt_versions (prompt_id, version) ON DELETE CASCADE
);

-- Only publishers (and admins, who are publishers) move production, whoever asks.
CREATE FUNCTION pwb_guard_label() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND OLD.label = 'production')
     OR (TG_OP <> 'DELETE' AND NEW.label = 'production') THEN
    IF NOT pg_has_role(session_user, 'pwb_publisher', 'MEMBER') THEN
      RAISE EXCEPTION 'only publishers may move the production label'
        USING ERRCODE = '42501';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  IF NOT pwb_is_copying() THEN NEW.updated_by := session_user; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER prompt_labels_guard BEFORE INSERT OR UPDATE OR DELETE ON prompt_labels
  FOR EACH ROW EXECUTE FUNCTION pwb_guard_label();

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor        text NOT NULL DEFAULT session_user,
  action       text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text NOT NULL,
  version      text,
  before_hash  text,
  after_hash   text,
  summary      text,
  -- The user a copied row named in the library it came from (null: written here).
  copied_actor text
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, id);

-- The log is append-only, and its user is the database's session user: a client cannot forge it.
CREATE FUNCTION pwb_audit_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.actor := session_user;
  IF NOT pwb_is_copying() THEN NEW.copied_actor := NULL; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION pwb_audit_actor();

REVOKE ALL ON prompts, prompt_versions, prompt_labels, audit_log FROM PUBLIC;
GRANT SELECT ON prompts, prompt_versions, prompt_labels, audit_log TO pwb_viewer;
GRANT INSERT, UPDATE, DELETE ON prompts, prompt_labels TO pwb_editor;
GRANT INSERT, DELETE ON prompt_versions TO pwb_editor;
GRANT INSERT ON audit_log TO pwb_editor;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO pwb_editor;

-- Users are login roles in one group; only admins add or remove them (checked here, by the
-- database). The password is drawn by the server and returned once.
CREATE FUNCTION pwb_add_user(name text, role text) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  secret text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
BEGIN
  IF NOT pg_has_role(session_user, 'pwb_admin', 'MEMBER') THEN
    RAISE EXCEPTION 'only admins may add users' USING ERRCODE = '42501';
  END IF;
  IF role NOT IN ('viewer', 'editor', 'publisher', 'admin') THEN
    RAISE EXCEPTION 'unknown role %', role USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
    RAISE EXCEPTION 'a role named % already exists', name USING ERRCODE = '42710';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', name, secret, 'pwb_' || role);
  RETURN secret;
END $$;

CREATE FUNCTION pwb_remove_user(name text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF NOT pg_has_role(session_user, 'pwb_admin', 'MEMBER') THEN
    RAISE EXCEPTION 'only admins may remove users' USING ERRCODE = '42501';
  END IF;
  IF name = session_user THEN
    RAISE EXCEPTION 'you cannot remove yourself' USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_auth_members m
      JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
     WHERE u.rolname = name AND u.rolcanlogin
       AND g.rolname IN ('pwb_viewer', 'pwb_editor', 'pwb_publisher', 'pwb_admin')) THEN
    RAISE EXCEPTION 'no user named %', name USING ERRCODE = '42704';
  END IF;
  EXECUTE format('DROP ROLE %I', name);
END $$;
REVOKE ALL ON FUNCTION pwb_add_user(text, text), pwb_remove_user(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pwb_add_user(text, text), pwb_remove_user(text) TO pwb_admin;
`;

// Schemas, partials and test cases as their SQLite rows (text), so a copy keeps them and renders
// use the library's schemas and partials. Editing them on PostgreSQL comes later.
const sharedFiles = `
CREATE TABLE schemas (
  name text COLLATE "C" PRIMARY KEY, document text NOT NULL, version text NOT NULL,
  updated_at text NOT NULL
);
CREATE TABLE schema_history (
  id bigserial PRIMARY KEY, name text NOT NULL, action text NOT NULL, document text,
  version text, hash text, saved_at text NOT NULL, actor text NOT NULL
);
CREATE TABLE partials (
  name text COLLATE "C" PRIMARY KEY, content text NOT NULL, updated_at text NOT NULL
);
CREATE TABLE partial_history (
  id bigserial PRIMARY KEY, name text NOT NULL, action text NOT NULL, content text,
  hash text, saved_at text NOT NULL, actor text NOT NULL
);
CREATE TABLE test_cases (
  prompt_id text COLLATE "C" NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
  position integer NOT NULL, name text COLLATE "C" NOT NULL, document text NOT NULL,
  updated_at text NOT NULL, PRIMARY KEY (prompt_id, name)
);
REVOKE ALL ON schemas, schema_history, partials, partial_history, test_cases FROM PUBLIC;
GRANT SELECT ON schemas, schema_history, partials, partial_history, test_cases TO pwb_viewer;
`;

// A whole save in one statement (one round trip, one transaction): the conflict check against the
// base the client edited from, the version row, the registry row, the audit entry and NOTIFY.
// SECURITY INVOKER on purpose: the caller's grants decide (a viewer's save is refused by the
// table's grant, as before) and the triggers stamp the session user as author and actor.
// The client sends the stored document with the version it computed from its base (a base that
// is not current is a conflict anyway); only the uid and created_at, kept from the prompt's
// first version, are written here, in the document's own key order.
const serverSave = `
CREATE FUNCTION pwb_save_prompt(
  p_id text, p_base text, p_version text, p_document json, p_checksum text, p_changelog text,
  p_at timestamptz, p_summary text, p_format text, p_status text, p_category text,
  p_description text, p_tags json, p_tag_index text[], p_input_schema text,
  p_output_schema text, p_search_text text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  current_row record;
  previous record;
  stored json;
  created text;
BEGIN
  SELECT current_version, created_at INTO current_row FROM prompts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    IF p_base IS NOT NULL THEN
      RAISE EXCEPTION 'prompt % does not exist', p_id USING ERRCODE = 'PWB01',
        DETAIL = json_build_object('current', NULL)::text;
    END IF;
    -- Two first saves of one id at once: the key lets one through, the other is a conflict.
    INSERT INTO prompts (id, current_version, format, status, category, description, tags,
        tag_index, input_schema, output_schema, search_text, created_at, updated_at)
      VALUES (p_id, p_version, p_format, p_status, p_category, p_description, p_tags,
        p_tag_index, p_input_schema, p_output_schema, p_search_text, p_at, p_at)
      ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'prompt % already exists', p_id USING ERRCODE = 'PWB01',
        DETAIL = json_build_object('current',
          (SELECT current_version FROM prompts WHERE id = p_id))::text;
    END IF;
    INSERT INTO prompt_versions (prompt_id, version, document, changelog, created_at,
        parent_version, checksum)
      VALUES (p_id, p_version, p_document, p_changelog, p_at, NULL, p_checksum);
    INSERT INTO audit_log (at, action, entity_type, entity_id, version, before_hash, after_hash,
        summary)
      VALUES (p_at, 'create', 'prompt', p_id, p_version, NULL, p_checksum, p_summary);
    PERFORM pg_notify('pwb_library',
      json_build_object('kind', 'saved', 'id', p_id, 'version', p_version)::text);
    RETURN NULL;
  END IF;
  IF p_base IS DISTINCT FROM current_row.current_version THEN
    RAISE EXCEPTION 'prompt % changed', p_id USING ERRCODE = 'PWB01',
      DETAIL = json_build_object('current', current_row.current_version)::text;
  END IF;
  SELECT checksum, document->'uid' AS uid INTO previous FROM prompt_versions
   WHERE prompt_id = p_id AND version = current_row.current_version;
  IF previous.checksum = p_checksum THEN
    RAISE EXCEPTION 'nothing to save' USING ERRCODE = 'PWB02',
      DETAIL = json_build_object('current', current_row.current_version)::text;
  END IF;
  created := to_json(to_char(current_row.created_at AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text;
  SELECT ('{' || string_agg(to_json(field.key)::text || ':' ||
            CASE field.key WHEN 'uid' THEN coalesce(previous.uid::text, field.value::text)
                           WHEN 'created_at' THEN created
                           ELSE field.value::text END,
            ',' ORDER BY field.position) || '}')::json
    INTO stored FROM json_each(p_document) WITH ORDINALITY AS field(key, value, position);
  INSERT INTO prompt_versions (prompt_id, version, document, changelog, created_at,
      parent_version, checksum)
    VALUES (p_id, p_version, stored, p_changelog, p_at, current_row.current_version, p_checksum);
  UPDATE prompts SET current_version = p_version, format = p_format, status = p_status,
      category = p_category, description = p_description, tags = p_tags,
      tag_index = p_tag_index, input_schema = p_input_schema, output_schema = p_output_schema,
      search_text = p_search_text, updated_at = p_at
    WHERE id = p_id;
  INSERT INTO audit_log (at, action, entity_type, entity_id, version, before_hash, after_hash,
      summary)
    VALUES (p_at, 'save', 'prompt', p_id, p_version, previous.checksum, p_checksum, p_summary);
  PERFORM pg_notify('pwb_library',
    json_build_object('kind', 'saved', 'id', p_id, 'version', p_version)::text);
  RETURN current_row.current_version;
END $$;
REVOKE ALL ON FUNCTION pwb_save_prompt FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pwb_save_prompt TO pwb_viewer;

-- A search's count on the GIN index. Left to itself the planner prefers testing every row's
-- tsvector in a sequential scan (it prices the test as nearly free): ten times slower at 10k.
CREATE FUNCTION pwb_search_count(q tsquery) RETURNS bigint LANGUAGE sql STABLE
  SET enable_seqscan = off AS $$ SELECT count(*) FROM prompts WHERE search @@ q $$;
REVOKE ALL ON FUNCTION pwb_search_count FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pwb_search_count TO pwb_viewer;

-- API keys of the read API, kept as SHA-256 hashes. Only admins make, revoke and list them; any
-- role may ask whether a hash is a live key (the API may run as a viewer), never read the hashes.
CREATE TABLE api_keys (
  name       text COLLATE "C" PRIMARY KEY,
  hash       text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL DEFAULT session_user,
  revoked_at timestamptz
);
CREATE FUNCTION pwb_api_key_creator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_by := session_user;
  RETURN NEW;
END $$;
CREATE TRIGGER api_keys_creator BEFORE INSERT ON api_keys
  FOR EACH ROW EXECUTE FUNCTION pwb_api_key_creator();
REVOKE ALL ON api_keys FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON api_keys TO pwb_admin;
DO $do$
BEGIN
  EXECUTE format($f$
    CREATE FUNCTION pwb_verify_api_key(key_hash text) RETURNS text
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
        SELECT name FROM api_keys WHERE hash = key_hash AND revoked_at IS NULL
      $body$ $f$, current_schema());
END $do$;
REVOKE ALL ON FUNCTION pwb_verify_api_key FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pwb_verify_api_key TO pwb_viewer;
`;

// Editors save schemas, partials and test cases; their history rows name the database user (a
// copy, by the owner with pwb.copying set, keeps the user it copied).
const editableFiles = `
CREATE FUNCTION pwb_history_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pwb_is_copying() THEN NEW.actor := session_user; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER schema_history_actor BEFORE INSERT ON schema_history
  FOR EACH ROW EXECUTE FUNCTION pwb_history_actor();
CREATE TRIGGER partial_history_actor BEFORE INSERT ON partial_history
  FOR EACH ROW EXECUTE FUNCTION pwb_history_actor();
-- The YAML a schema was saved from, kept as written (null: saved as data), as on SQLite.
ALTER TABLE schemas ADD COLUMN source text;
GRANT INSERT, UPDATE, DELETE ON schemas, partials, test_cases TO pwb_editor;
GRANT INSERT ON schema_history, partial_history TO pwb_editor;
GRANT USAGE ON SEQUENCE schema_history_id_seq, partial_history_id_seq TO pwb_editor;
`;

// Evaluation runs, providers, prices, the answer cache and model-call metrics, shared by the team.
// Everyone may run and test: their runs, cache entries and metric events are written as them.
// Editors move baselines; admins manage providers and prices (keys are never stored).
const runsAndModels = `
CREATE TABLE eval_runs (
  id text COLLATE "C" PRIMARY KEY, started_at text NOT NULL, finished_at text NOT NULL,
  prompts json NOT NULL, passed integer NOT NULL, failed integer NOT NULL, document json NOT NULL,
  run_by text NOT NULL DEFAULT session_user, seq bigserial NOT NULL
);
CREATE INDEX eval_runs_started ON eval_runs (started_at, seq);
CREATE TABLE eval_run_prompts (
  run_id text COLLATE "C" NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  prompt_id text COLLATE "C" NOT NULL, PRIMARY KEY (prompt_id, run_id)
);
CREATE TABLE eval_baselines (
  prompt_id text COLLATE "C" PRIMARY KEY,
  run_id text COLLATE "C" NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  marked_at text NOT NULL, marked_by text NOT NULL DEFAULT session_user
);
CREATE TABLE providers (
  name text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('openai-compatible', 'anthropic')),
  base_url text NOT NULL, api_key_env text, created_at text NOT NULL
);
CREATE TABLE model_prices (
  model text COLLATE "C" PRIMARY KEY,
  input_per_mtok double precision NOT NULL CHECK (input_per_mtok >= 0),
  output_per_mtok double precision NOT NULL CHECK (output_per_mtok >= 0),
  updated_at text NOT NULL
);
CREATE TABLE model_cache (
  key text PRIMARY KEY, provider text NOT NULL, model text NOT NULL, answer json NOT NULL,
  bytes integer NOT NULL, created_at bigint NOT NULL, seq bigserial NOT NULL
);
CREATE INDEX model_cache_age ON model_cache (created_at, seq);
CREATE TABLE metric_events (
  id bigserial PRIMARY KEY, at bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('render', 'validate', 'export', 'model')),
  prompt_id text, version text, duration_us double precision NOT NULL, ok boolean NOT NULL,
  error_code text, detail text, model text, ttft_us double precision, input_tokens integer,
  output_tokens integer, cost_usd double precision, cached boolean,
  preview boolean NOT NULL DEFAULT false, recorded_by text NOT NULL DEFAULT session_user
);
CREATE INDEX metric_events_at ON metric_events (at);
REVOKE ALL ON eval_runs, eval_run_prompts, eval_baselines, providers, model_prices, model_cache,
  metric_events FROM PUBLIC;
GRANT SELECT ON eval_runs, eval_run_prompts, eval_baselines, providers, model_prices, model_cache,
  metric_events TO pwb_viewer;
GRANT INSERT ON eval_runs, eval_run_prompts, metric_events TO pwb_viewer;
GRANT INSERT, UPDATE, DELETE ON model_cache TO pwb_viewer;
GRANT USAGE ON SEQUENCE eval_runs_seq_seq, model_cache_seq_seq, metric_events_id_seq TO pwb_viewer;
GRANT INSERT, UPDATE, DELETE ON eval_baselines TO pwb_editor;
GRANT INSERT, UPDATE, DELETE ON providers, model_prices TO pwb_admin;
`;

// Metrics summaries on PostgreSQL: events by prompt are read by an index, as on SQLite; the
// library's settings (the metrics retention) are read by everyone and changed by admins only.
// Anyone may prune events older than the retention, through a function that never deletes a
// younger one (by the server's clock), whatever cutoff it is asked for.
const metricsSummaries = `
CREATE INDEX metric_events_prompt ON metric_events (prompt_id, at);
CREATE TABLE settings (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
REVOKE ALL ON settings FROM PUBLIC;
GRANT SELECT ON settings TO pwb_viewer;
GRANT INSERT, UPDATE, DELETE ON settings TO pwb_admin;
DO $do$
BEGIN
  EXECUTE format($f$
    CREATE FUNCTION pwb_prune_metrics(cutoff bigint) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
      DECLARE
        stored text := (SELECT value FROM settings WHERE key = 'metrics_retention_days');
        days bigint := CASE WHEN stored ~ '^[0-9]{1,9}$' AND stored::bigint >= 1
                            THEN stored::bigint ELSE 90 END;
        oldest bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint
                         - days * 86400000;
        removed bigint;
      BEGIN
        DELETE FROM metric_events WHERE at < least(cutoff, oldest);
        GET DIAGNOSTICS removed = ROW_COUNT;
        RETURN removed;
      END
      $body$ $f$, current_schema());
END $do$;
REVOKE ALL ON FUNCTION pwb_prune_metrics FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pwb_prune_metrics TO pwb_viewer;
`;

// Who ran a run, marked a baseline or recorded an event is the database user, as for versions,
// labels and the audit log: a client cannot write someone else's name (a copy by the owner, with
// pwb.copying set, keeps the name it copied).
const whoRecords = `
CREATE FUNCTION pwb_run_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pwb_is_copying() THEN NEW.run_by := session_user; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER eval_runs_run_by BEFORE INSERT OR UPDATE ON eval_runs
  FOR EACH ROW EXECUTE FUNCTION pwb_run_by();
CREATE FUNCTION pwb_marked_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pwb_is_copying() THEN NEW.marked_by := session_user; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER eval_baselines_marked_by BEFORE INSERT OR UPDATE ON eval_baselines
  FOR EACH ROW EXECUTE FUNCTION pwb_marked_by();
CREATE FUNCTION pwb_recorded_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pwb_is_copying() THEN NEW.recorded_by := session_user; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER metric_events_recorded_by BEFORE INSERT OR UPDATE ON metric_events
  FOR EACH ROW EXECUTE FUNCTION pwb_recorded_by();
`;

// Metric histograms on PostgreSQL, as SQLite keeps them (metrics/rollups.ts): per prompt and
// version by hour, day and week, and across prompts by hour and day, each row with its counts and
// its latency histogram (log-scale bins, metrics/histogram.ts) as a jsonb object {bin: count}.
// A statement-level trigger keeps them equal to the events in the same transaction, whoever
// writes or deletes events (the app, `pwb copy`, pruning, psql); it runs as the database owner,
// so nobody writes the rows directly (everyone reads them). Each statement's changes are summed
// per row and applied in the rows' key order, so concurrent writers wait for one another but
// never deadlock, and an upsert never loses a count. Model calls are read by their own index.
// (The spans, in ms, and the bins, floor(ln(max(d, 1)) / ln(1.02)) with -1 for failed events,
// are SQLite's; `mod` is written instead of the % operator, which format() would read.)
const histDeltas = (events: string): string => `
  SELECT l.scope, l.span, e.at - mod(e.at, l.span) AS start, e.kind, e.preview,
         CASE WHEN l.scope = 0 THEN coalesce(e.prompt_id, '') ELSE '' END AS prompt_id,
         CASE WHEN l.scope = 0 THEN coalesce(e.version, '') ELSE '' END AS version,
         CASE WHEN e.ok THEN floor(ln(greatest(e.duration_us, 1::float8)) / ln(1.02::float8))::integer
              ELSE -1 END AS bin,
         sum(e.sign) AS n, coalesce(sum(e.sign * e.duration_us) FILTER (WHERE e.ok), 0) AS s
  FROM (${events}) AS e
  CROSS JOIN (VALUES (0, 604800000::bigint), (0, 86400000), (0, 3600000), (1, 86400000),
                     (1, 3600000)) AS l (scope, span)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

const histUpsert = (events: string): string => `
  INSERT INTO metric_hists AS h (scope, span, start, kind, preview, prompt_id, version, count,
                                 errors, sum_us, bins)
  SELECT scope, span, start, kind, preview, prompt_id, version, sum(n),
         coalesce(sum(n) FILTER (WHERE bin = -1), 0), sum(s),
         coalesce(jsonb_object_agg(bin, n) FILTER (WHERE bin <> -1 AND n <> 0), '{}')
  FROM (${histDeltas(events)}) AS d
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (scope, span, start, kind, preview, prompt_id, version) DO UPDATE SET
    count = h.count + excluded.count, errors = h.errors + excluded.errors,
    sum_us = h.sum_us + excluded.sum_us, bins = pwb_add_bins(h.bins, excluded.bins)`;

/** The upsert of events taken away (and put back), then the rows left with no events deleted. */
const histRemove = (events: string): string => `
  WITH changed AS (${histUpsert(events)} RETURNING h.*)
  SELECT array_agg(changed) FILTER (WHERE changed.count = 0) INTO emptied FROM changed;
  -- This statement holds the emptied rows' locks already.
  DELETE FROM metric_hists AS h USING unnest(emptied) AS e
  WHERE (h.scope, h.span, h.start, h.kind, h.preview, h.prompt_id, h.version)
      = (e.scope, e.span, e.start, e.kind, e.preview, e.prompt_id, e.version)
    AND h.count = 0;`;

const EVENT_COLUMNS = 'at, kind, preview, prompt_id, version, ok, duration_us';

const metricHistograms = `
CREATE TABLE metric_hists (
  scope     smallint NOT NULL CHECK (scope IN (0, 1)),
  span      bigint NOT NULL,
  start     bigint NOT NULL,
  kind      text NOT NULL,
  preview   boolean NOT NULL,
  prompt_id text NOT NULL,
  version   text NOT NULL,
  count     bigint NOT NULL,
  errors    bigint NOT NULL,
  sum_us    double precision NOT NULL,
  bins      jsonb NOT NULL,
  PRIMARY KEY (scope, span, start, kind, preview, prompt_id, version)
);
CREATE INDEX metric_hists_prompt ON metric_hists (prompt_id, span, start) WHERE scope = 0;
CREATE INDEX metric_events_model ON metric_events (at) WHERE kind = 'model';
REVOKE ALL ON metric_hists FROM PUBLIC;
GRANT SELECT ON metric_hists TO pwb_viewer;

-- Adds histogram b to a ({bin: count} each); bins left with no events go.
CREATE FUNCTION pwb_add_bins(a jsonb, b jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_strip_nulls(a || coalesce(jsonb_object_agg(key,
           nullif(coalesce((a ->> key)::bigint, 0) + value::bigint, 0)), '{}'::jsonb))
  FROM jsonb_each_text(b)
$$;

DO $do$
BEGIN
  EXECUTE format($f$
    CREATE FUNCTION pwb_metric_hists() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
      DECLARE
        emptied metric_hists[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM metric_hists;
        ELSIF TG_OP = 'INSERT' THEN
          ${histUpsert(`SELECT ${EVENT_COLUMNS}, 1 AS sign FROM new_events`)};
        ELSIF TG_OP = 'DELETE' THEN
          ${histRemove(`SELECT ${EVENT_COLUMNS}, -1 AS sign FROM old_events`)}
        ELSE
          ${histRemove(`SELECT ${EVENT_COLUMNS}, -1 AS sign FROM old_events
                        UNION ALL SELECT ${EVENT_COLUMNS}, 1 AS sign FROM new_events`)}
        END IF;
        RETURN NULL;
      END
      $body$ $f$, current_schema());
  EXECUTE format($f$
    CREATE FUNCTION pwb_rebuild_metric_hists() RETURNS bigint
      LANGUAGE plpgsql SET search_path = %I, pg_temp AS $body$
      DECLARE
        written bigint;
      BEGIN
        DELETE FROM metric_hists;
        ${histUpsert(`SELECT ${EVENT_COLUMNS}, 1 AS sign FROM metric_events`)};
        GET DIAGNOSTICS written = ROW_COUNT;
        RETURN written;
      END
      $body$ $f$, current_schema());
END $do$;
REVOKE ALL ON FUNCTION pwb_metric_hists, pwb_rebuild_metric_hists FROM PUBLIC;

CREATE TRIGGER metric_events_hists_insert AFTER INSERT ON metric_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION pwb_metric_hists();
CREATE TRIGGER metric_events_hists_delete AFTER DELETE ON metric_events
  REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION pwb_metric_hists();
CREATE TRIGGER metric_events_hists_update AFTER UPDATE ON metric_events
  REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION pwb_metric_hists();
CREATE TRIGGER metric_events_hists_truncate AFTER TRUNCATE ON metric_events
  FOR EACH STATEMENT EXECUTE FUNCTION pwb_metric_hists();

SELECT pwb_rebuild_metric_hists();
`;

/** Every migration, oldest first; the last one's version is the current schema. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'Prompts, versions, search, labels, audit, roles',
    sql: librarySchema,
  },
  { version: 2, description: 'Schemas, partials and test cases (as copied)', sql: sharedFiles },
  {
    version: 3,
    description: 'A save in one statement; a search counted on its index; API keys',
    sql: serverSave,
  },
  {
    version: 4,
    description:
      'Editors save schemas, partials and test cases; history names the user; schema YAML kept',
    sql: editableFiles,
  },
  {
    version: 5,
    description: 'Evaluation runs, providers, prices, the answer cache and model-call metrics',
    sql: runsAndModels,
  },
  {
    version: 6,
    description: 'Metrics summaries: events by prompt, library settings, pruning to the retention',
    sql: metricsSummaries,
  },
  {
    version: 7,
    description: 'Runs, baselines and metric events name the database user',
    sql: whoRecords,
  },
  {
    version: 8,
    description: 'Metric histograms kept by a trigger; model calls read by their own index',
    sql: metricHistograms,
  },
];

/** The schema version this code expects. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.at(-1)?.version ?? 0;

// One key for the advisory lock that keeps two migrating clients apart.
const MIGRATION_LOCK = 472_911_301;

/** The schema version of a database (0: never initialised). */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const table = await client.query<{ found: string | null }>(
    "SELECT to_regclass('schema_version')::text AS found",
  );
  if (table.rows[0]?.found == null) return 0;
  const result = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_version',
  );
  return result.rows[0]?.version ?? 0;
}

/**
 * Creates the group roles and applies every missing migration, each in its own transaction
 * under an advisory lock (two clients migrating at once take turns). The user running it must
 * own the database and may create roles; that user becomes an admin. Returns versions applied
 * (`migrations`: every one; a test may stop at an older schema).
 */
export async function migrate(
  client: pg.ClientBase,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(ensureRoles);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_version (
      version integer PRIMARY KEY, description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    await client.query('GRANT SELECT ON schema_version TO pwb_viewer');
    await client.query('GRANT pwb_admin TO CURRENT_USER');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  for (const migration of migrations) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Each version is looked up on its own: one numbered below the newest applied still runs.
      const done = await client.query('SELECT 1 FROM schema_version WHERE version = $1', [
        migration.version,
      ]);
      if (done.rows.length > 0) {
        await client.query('COMMIT');
        continue;
      }
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_version (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      await client.query('COMMIT');
      applied.push(migration.version);
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  return applied;
}
