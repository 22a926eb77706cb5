// Pre-aggregated metric histograms (`metric_hists`): per prompt and version by hour, day and
// week, and across all prompts by hour and day. Each row holds a node's counts and its latency
// histogram (log-scale bins, see histogram.ts) as a JSON array; they are kept equal to the
// events in `metric_events` as events are written and pruned. Summaries cover a range with the
// fewest nodes, adding a coarser node and subtracting what lies outside the range where that
// reads less (a month is a few weeks, days and hours per prompt, plus minutes of raw events).
import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database';
import { binOf, ERROR_BIN, BIN_SQL } from './histogram';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Rows of one prompt and version. */
export const SCOPE_PROMPT = 0;
/** Rows across all prompts (`prompt_id` and `version` are ''). */
export const SCOPE_ALL = 1;
export type Scope = typeof SCOPE_PROMPT | typeof SCOPE_ALL;

/** The spans each scope keeps, coarsest first. */
export const SCOPE_SPANS: Record<Scope, readonly number[]> = {
  [SCOPE_PROMPT]: [WEEK_MS, DAY_MS, HOUR_MS],
  [SCOPE_ALL]: [DAY_MS, HOUR_MS],
};

/**
 * Rebuilds every histogram row from the events (the migration's backfill; the bench's fill).
 * Failed events count in `errors`, and only successful ones in the bins and `sum_us`.
 */
export const REBUILD_HISTS_SQL = `
DELETE FROM metric_hists;
WITH levels (scope, span) AS (
  VALUES (${SCOPE_PROMPT}, ${WEEK_MS}), (${SCOPE_PROMPT}, ${DAY_MS}), (${SCOPE_PROMPT}, ${HOUR_MS}),
         (${SCOPE_ALL}, ${DAY_MS}), (${SCOPE_ALL}, ${HOUR_MS})
),
binned AS (
  SELECT levels.scope, levels.span, (e.at / levels.span) * levels.span AS start, e.kind, e.preview,
         CASE WHEN levels.scope = ${SCOPE_PROMPT} THEN COALESCE(e.prompt_id, '') ELSE '' END AS prompt_id,
         CASE WHEN levels.scope = ${SCOPE_PROMPT} THEN COALESCE(e.version, '') ELSE '' END AS version,
         CASE WHEN e.ok = 0 THEN ${ERROR_BIN} ELSE ${BIN_SQL('e.duration_us')} END AS bin,
         count(*) AS n, total(CASE WHEN e.ok = 1 THEN e.duration_us END) AS s
  FROM metric_events AS e, levels
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
)
INSERT INTO metric_hists (scope, span, start, kind, preview, prompt_id, version, count, errors,
                          sum_us, bins)
SELECT scope, span, start, kind, preview, prompt_id, version, sum(n),
       sum(CASE WHEN bin = ${ERROR_BIN} THEN n ELSE 0 END), total(s),
       '[' || COALESCE(group_concat(bin || ',' || n, ',' ORDER BY bin) FILTER (WHERE bin <> ${ERROR_BIN}), '') || ']'
FROM binned GROUP BY 1, 2, 3, 4, 5, 6, 7;
`;

/** Rebuilds the histograms from the events, in one transaction. */
export function rebuildRollups(db: Database): void {
  db.transaction(() => db.exec(REBUILD_HISTS_SQL))();
}

/** One event as the histograms need it. */
export interface RollupEvent {
  at: number;
  kind: string;
  preview: boolean;
  prompt_id: string | null;
  version: string | null;
  ok: boolean;
  duration_us: number;
}

/** A change to one histogram row. */
interface Delta {
  key: [Scope, number, number, string, number, string, string];
  count: number;
  errors: number;
  sum_us: number;
  bins: Map<number, number>;
}

/** Adds `sign` × each event to the rows of the levels `include` accepts. */
function deltasOf(
  events: Iterable<RollupEvent>,
  sign: 1 | -1,
  include: (span: number, start: number) => boolean = () => true,
): Delta[] {
  const deltas = new Map<string, Delta>();
  for (const event of events) {
    const bin = event.ok ? binOf(event.duration_us) : ERROR_BIN;
    const preview = event.preview ? 1 : 0;
    for (const scope of [SCOPE_PROMPT, SCOPE_ALL] as const) {
      const prompt = scope === SCOPE_PROMPT ? (event.prompt_id ?? '') : '';
      const version = scope === SCOPE_PROMPT ? (event.version ?? '') : '';
      for (const span of SCOPE_SPANS[scope]) {
        const start = event.at - (event.at % span);
        if (!include(span, start)) continue;
        const key: Delta['key'] = [scope, span, start, event.kind, preview, prompt, version];
        const id = JSON.stringify(key);
        let delta = deltas.get(id);
        if (delta === undefined) {
          delta = { key, count: 0, errors: 0, sum_us: 0, bins: new Map() };
          deltas.set(id, delta);
        }
        delta.count += sign;
        if (bin === ERROR_BIN) delta.errors += sign;
        else {
          delta.sum_us += sign * event.duration_us;
          delta.bins.set(bin, (delta.bins.get(bin) ?? 0) + sign);
        }
      }
    }
  }
  return [...deltas.values()];
}

/**
 * Adds a row's bins to `into`, times `sign`. A row stores its bins as a flat JSON array,
 * `[bin, count, bin, count, …]` in bin order (arrays of numbers parse fastest).
 */
export function addBins(into: Map<number, number>, json: string, sign: number): void {
  const flat = JSON.parse(json) as number[];
  for (let index = 0; index < flat.length; index += 2) {
    const bin = flat[index] as number;
    into.set(bin, (into.get(bin) ?? 0) + sign * (flat[index + 1] as number));
  }
}

/** The bins with events in them, as the flat JSON array a row stores. */
export function binsJson(bins: ReadonlyMap<number, number>): string {
  const flat: number[] = [];
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    const count = bins.get(bin) as number;
    if (count !== 0) flat.push(bin, count);
  }
  return JSON.stringify(flat);
}

const KEY_WHERE =
  'scope = ? AND span = ? AND start = ? AND kind = ? AND preview = ? AND prompt_id = ? AND version = ?';

/** The statements that apply deltas, prepared once per connection (a flush runs them often). */
interface ApplyStatements {
  read: Statement;
  write: Statement;
  remove: Statement;
}
const applyStatements = new WeakMap<Database, ApplyStatements>();

function statementsFor(db: Database): ApplyStatements {
  let statements = applyStatements.get(db);
  if (statements === undefined) {
    statements = {
      read: db.prepare(`SELECT count, errors, sum_us, bins FROM metric_hists WHERE ${KEY_WHERE}`),
      write: db.prepare(
        `INSERT INTO metric_hists (scope, span, start, kind, preview, prompt_id, version, count,
           errors, sum_us, bins) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope, span, start, kind, preview, prompt_id, version) DO UPDATE SET
           count = excluded.count, errors = excluded.errors, sum_us = excluded.sum_us,
           bins = excluded.bins`,
      ),
      remove: db.prepare(`DELETE FROM metric_hists WHERE ${KEY_WHERE}`),
    };
    applyStatements.set(db, statements);
  }
  return statements;
}

/** Applies deltas to their rows (read, add, write); rows left with no events are deleted. */
function apply(db: Database, deltas: readonly Delta[]): void {
  if (deltas.length === 0) return;
  const { read, write, remove } = statementsFor(db);
  for (const delta of deltas) {
    const row = read.get(...delta.key) as
      { count: number; errors: number; sum_us: number; bins: string } | undefined;
    const bins = new Map(delta.bins);
    if (row !== undefined) addBins(bins, row.bins, 1);
    const count = (row?.count ?? 0) + delta.count;
    if (count <= 0) {
      remove.run(...delta.key);
      continue;
    }
    const sum = (row?.sum_us ?? 0) + delta.sum_us;
    write.run(...delta.key, count, (row?.errors ?? 0) + delta.errors, sum, binsJson(bins));
  }
}

/** Adds newly written events to their histogram rows (inside the writing transaction). */
export function addToRollups(db: Database, events: Iterable<RollupEvent>): void {
  apply(db, deltasOf(events, 1));
}

interface PrunedRow {
  id: number;
  at: number;
  kind: string;
  preview: number;
  prompt_id: string | null;
  version: string | null;
  ok: number;
  duration_us: number;
}

/**
 * Deletes events with `at < cutoff`, `chunk` at a time (each chunk its own transaction, so a
 * prune never holds the write lock for long), and keeps the histograms equal to what is left:
 * rows wholly before the cutoff go, rows the cutoff cuts through lose the deleted events.
 * Returns how many events went.
 */
export function pruneEvents(db: Database, cutoff: number, chunk: number): number {
  db.transaction(() => {
    const drop = db.prepare('DELETE FROM metric_hists WHERE scope = ? AND span = ? AND start <= ?');
    for (const scope of [SCOPE_PROMPT, SCOPE_ALL] as const) {
      for (const span of SCOPE_SPANS[scope]) drop.run(scope, span, cutoff - span);
    }
  })();
  const select = db.prepare(
    `SELECT id, at, kind, preview, prompt_id, version, ok, duration_us FROM metric_events
     WHERE at < ? ORDER BY at LIMIT ${chunk}`,
  );
  const remove = db.prepare('DELETE FROM metric_events WHERE id = ?');
  let removed = 0;
  for (;;) {
    const rows = select.all(cutoff) as PrunedRow[];
    if (rows.length === 0) break;
    db.transaction(() => {
      const events = rows.map((row) => ({
        ...row,
        preview: row.preview === 1,
        ok: row.ok === 1,
      }));
      // Only rows the cutoff cuts through are kept; the rest went above.
      apply(
        db,
        deltasOf(events, -1, (span, start) => start + span > cutoff),
      );
      for (const row of rows) remove.run(row.id);
    })();
    removed += rows.length;
    if (rows.length < chunk) break;
  }
  return removed;
}

/** A part of a range: raw events (`span` 0) or rows of one span with `lo <= start < hi`. */
export interface Piece {
  sign: 1 | -1;
  span: number;
  lo: number;
  hi: number;
}

/** What a raw hour costs against one row per group (an hour holds many events). */
const RAW_HOUR_COST = 4;

interface Cover {
  pieces: Piece[];
  cost: number;
}

const flip = (cover: Cover): Cover => ({
  pieces: cover.pieces.map((piece) => ({ ...piece, sign: piece.sign === 1 ? -1 : 1 })),
  cost: cover.cost,
});
const join = (...covers: Cover[]): Cover => ({
  pieces: covers.flatMap((cover) => cover.pieces),
  cost: covers.reduce((sum, cover) => sum + cover.cost, 0),
});
const nodes = (span: number, lo: number, hi: number): Cover => ({
  pieces: lo < hi ? [{ sign: 1, span, lo, hi }] : [],
  cost: (hi - lo) / span,
});
const cheaper = (a: Cover, b: Cover): Cover => (b.cost < a.cost ? b : a);

/**
 * [lo, hi), lying inside the node [nodeLo, nodeHi) of `span`: finer pieces, or that node minus
 * the finer pieces around the range, whichever reads less.
 */
function within(
  lo: number,
  hi: number,
  nodeLo: number,
  nodeHi: number,
  span: number,
  finer: readonly number[],
): Cover {
  if (lo >= hi) return { pieces: [], cost: 0 };
  return cheaper(
    cover(lo, hi, finer),
    join(
      nodes(span, nodeLo, nodeHi),
      flip(cover(nodeLo, lo, finer)),
      flip(cover(hi, nodeHi, finer)),
    ),
  );
}

/**
 * The cheapest signed cover of [lo, hi) by rows of `spans` (coarsest first) and raw events:
 * whole nodes inside, and at each edge either finer pieces or one more node minus the finer
 * pieces outside the range. Summing the pieces with their signs gives exactly the range.
 */
export function cover(lo: number, hi: number, spans: readonly number[]): Cover {
  if (lo >= hi) return { pieces: [], cost: 0 };
  const [span, ...finer] = spans;
  if (span === undefined) {
    return { pieces: [{ sign: 1, span: 0, lo, hi }], cost: ((hi - lo) / HOUR_MS) * RAW_HOUR_COST };
  }
  const first = lo - (lo % span);
  const inner = lo === first ? lo : first + span;
  const last = hi - (hi % span);
  const outer = hi === last ? hi : last + span;
  // Both ends inside one node.
  if (inner > last) return within(lo, hi, first, outer, span, finer);
  return cheaper(
    cover(lo, hi, finer),
    join(
      within(lo, inner, first, inner, span, finer),
      nodes(span, inner, last),
      within(last, hi, last, outer, span, finer),
    ),
  );
}
