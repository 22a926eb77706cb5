// What an import writes into a PostgreSQL library, in a few statements rather than a few per
// prompt: reads of the prompts already stored come a page of ids at a time (the import asks in id
// order), and version rows, registry rows, test cases and audit entries wait in a queue that is
// written with one multi-row statement per table (arrays through `unnest`) whenever it grows
// large, before anything that reads what it holds, and at the end. Everything stays inside the
// import's one transaction: a refusal or a bad file anywhere rolls all of it back, the database
// still names the user on every row, and other clients hear of it only at commit.
import type pg from 'pg';
import type { LibraryChange } from '../../../src-shared/contract/events';
import { AppError } from '../../../src-shared/errors';
import { readTestCases, type TestCase } from '../../../src-shared/evaluation/testCases';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { AuditRecord } from '../audit/auditService';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../audit/auditService';
import { testCasesAudit } from '../evaluation/testCaseService';
import type { ImportWriter, StoredPrompt } from '../files/libraryPort';
import { registryEntry, type RegistryEntry } from '../prompts/versionEncoding';
import type { PgPartialStore } from './pgPartials';
import type { PostgresLibrary } from './pgLibrary';
import { CHANGE_CHANNEL, registryValues } from './pgLibrary';
import type { PgSchemaStore } from './pgSchemas';

/** Prompts read per page when the import asks what is stored. */
export const STORED_PAGE = 200;
/** Queued rows (all tables) and about the bytes of documents written in one go. */
export const FLUSH_ROWS = 1000;
const FLUSH_BYTES = 4 * 1024 * 1024;
/**
 * Up to this many saved prompts are announced one by one (a page shows each as a save); an
 * import that changes more says `resync` once instead, and every client reads again.
 */
export const ANNOUNCE_EACH_UP_TO = 100;
/** As pgLibrary's audit: summaries are cut to this length. */
const MAX_SUMMARY = 500;

/** What the writer delegates: schemas, partials and labels are few, and keep their own rules. */
export interface ImportStores {
  library: PostgresLibrary;
  schemas: PgSchemaStore;
  partials: PgPartialStore;
  clock: () => Date;
}

interface QueuedAudit {
  at: string;
  entry: AuditRecord | null;
}

interface QueuedTests {
  id: string;
  cases: TestCase[];
  at: string;
  /** Where its audit entry goes once the cases it replaces are read. */
  audit: QueuedAudit;
}

/** The import writer of one transaction on `client`; `finish` writes what is queued. */
export class BatchedImportWriter implements ImportWriter {
  /** Prompts read or made current by this import, by id (those in the window not here: none). */
  private readonly known = new Map<string, { current: string; checksums: Map<string, string> }>();
  /** The ids from `from` up to `to` (inclusive; null: every later id) are all in `known`. */
  private window: { from: string; to: string | null } | undefined;
  private versions: (string | null)[][] = [[], [], [], [], [], [], []];
  private registry: RegistryEntry[] = [];
  private registryIds = new Set<string>();
  private currentStored: { id: string; version: string }[] = [];
  private tests: QueuedTests[] = [];
  private audits: QueuedAudit[] = [];
  private rows = 0;
  private bytes = 0;
  private saved: LibraryChange[] = [];
  private announced = 0;
  private resynced = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly stores: ImportStores,
  ) {}

  async stored(id: string): Promise<StoredPrompt | undefined> {
    if (!this.covers(id)) await this.readPage(id);
    const found = this.known.get(id);
    // A copy: the import's own writes go on changing what is known.
    return found && { current: found.current, checksums: new Map(found.checksums) };
  }

  async insertVersion(row: Parameters<ImportWriter['insertVersion']>[0], file: string) {
    // The database names the author (the user importing), as it does for every save.
    const created = instant(row.created_at, file, 'created_at');
    const columns = [
      row.id,
      row.version,
      row.json,
      row.changelog,
      created,
      row.parent_version,
      row.checksum,
    ];
    columns.forEach((value, index) => this.versions[index]?.push(value));
    const stored = this.known.get(row.id);
    if (stored) stored.checksums.set(row.version, row.checksum);
    else this.pendingChecksums(row.id).set(row.version, row.checksum);
    await this.grew(1, row.json.length);
  }

  async setRegistry(entry: RegistryEntry): Promise<void> {
    const where = `prompt '${entry.id}'`;
    const checked = {
      ...entry,
      created_at: instant(entry.created_at, where, 'created_at'),
      updated_at: instant(entry.updated_at, where, 'updated_at'),
    };
    // One statement may not write a row twice.
    if (this.registryIds.has(entry.id)) await this.flush();
    this.registry.push(checked);
    this.registryIds.add(entry.id);
    this.becameCurrent(entry.id, entry.version);
    await this.grew(1, entry.body.length);
  }

  async setCurrentStored(id: string, version: string): Promise<void> {
    this.currentStored.push({ id, version });
    this.becameCurrent(id, version);
    await this.grew(1, 0);
  }

  async announce(id: string, version: string): Promise<void> {
    this.saved.push({ kind: 'saved', id, version });
  }

  async audit(entry: AuditRecord): Promise<void> {
    if (!AUDIT_ACTIONS.includes(entry.action) || !AUDIT_ENTITY_TYPES.includes(entry.entity_type)) {
      throw new AppError('invalid_input', `Unknown audit entry '${String(entry.action)}'`);
    }
    this.audits.push({ at: this.stores.clock().toISOString(), entry });
    await this.grew(1, 0);
  }

  async replaceTests(id: string, cases: TestCase[], file: string): Promise<number> {
    const checked = readTestCases(cases, file);
    // A second file for one prompt replaces what the first wrote: read after it is written.
    if (this.tests.some((queued) => queued.id === id)) await this.flush();
    const audit: QueuedAudit = { at: '', entry: null };
    this.audits.push(audit);
    this.tests.push({ id, cases: checked, at: this.stores.clock().toISOString(), audit });
    await this.grew(checked.length + 1, 0);
    return checked.length;
  }

  async label(id: string, label: string): Promise<string | undefined> {
    await this.settle();
    const rows = await this.client.query<{ version: string }>(
      'SELECT version FROM prompt_labels WHERE prompt_id = $1 AND label = $2',
      [id, label],
    );
    return rows.rows[0]?.version;
  }

  async setLabel(id: string, label: string, version: string): Promise<void> {
    await this.settle();
    await this.stores.library.setLabelIn(this.client, id, label, version);
  }

  async saveSchemas(
    list: Parameters<ImportWriter['saveSchemas']>[0],
    sources: ReadonlyMap<string, string>,
  ): Promise<void> {
    await this.settle();
    await this.stores.schemas.saveManyIn(this.client, list, sources);
  }

  async savePartial(name: string, content: string): Promise<void> {
    await this.settle();
    await this.stores.partials.saveIn(this.client, name, content);
  }

  /** Writes everything queued and announces it (the import's work is done). */
  async finish(): Promise<void> {
    await this.settle();
  }

  /** True when `id` lies in the page of ids read last. */
  private covers(id: string): boolean {
    const window = this.window;
    if (this.known.has(id)) return true;
    return window !== undefined && id >= window.from && (window.to === null || id <= window.to);
  }

  /**
   * Reads the stored prompts from `from` on, a page of them with their versions' checksums. What
   * this import queued is written first, so the page and the queue agree.
   */
  private async readPage(from: string): Promise<void> {
    await this.flush();
    const rows = await this.client.query<{
      id: string;
      current: string;
      version: string | null;
      checksum: string | null;
    }>(
      `WITH page AS (SELECT id, current_version FROM prompts WHERE id >= $1 ORDER BY id LIMIT $2)
       SELECT page.id, page.current_version AS current, v.version, v.checksum
         FROM page LEFT JOIN prompt_versions v ON v.prompt_id = page.id ORDER BY page.id`,
      [from, STORED_PAGE],
    );
    const page = new Map<string, { current: string; checksums: Map<string, string> }>();
    for (const row of rows.rows) {
      const entry = page.get(row.id) ?? { current: row.current, checksums: new Map() };
      if (row.version !== null && row.checksum !== null) {
        entry.checksums.set(row.version, row.checksum);
      }
      page.set(row.id, entry);
    }
    const ids = [...page.keys()];
    this.window = {
      from,
      to: ids.length < STORED_PAGE ? null : (ids[ids.length - 1] ?? null),
    };
    for (const [id, entry] of page) this.known.set(id, entry);
  }

  /** Checksums of versions queued for a prompt that is not current anywhere yet. */
  private readonly pending = new Map<string, Map<string, string>>();

  private pendingChecksums(id: string): Map<string, string> {
    const found = this.pending.get(id);
    if (found) return found;
    const made = new Map<string, string>();
    this.pending.set(id, made);
    return made;
  }

  /** After a prompt's current version is set, the prompt is stored as the import left it. */
  private becameCurrent(id: string, version: string): void {
    const stored = this.known.get(id);
    const checksums = new Map([
      ...(stored?.checksums ?? []),
      ...(this.pending.get(id) ?? new Map<string, string>()),
    ]);
    this.pending.delete(id);
    this.known.set(id, { current: version, checksums });
  }

  private async grew(rows: number, bytes: number): Promise<void> {
    this.rows += rows;
    this.bytes += bytes;
    if (this.rows >= FLUSH_ROWS || this.bytes >= FLUSH_BYTES) await this.flush();
  }

  /** Writes the queue, then the announcements: before a read or a write done elsewhere. */
  private async settle(): Promise<void> {
    await this.flush();
    await this.announceSaved();
  }

  /** Writes every queued row, one statement per table, in the order a save writes them. */
  private async flush(): Promise<void> {
    if (this.rows === 0) return;
    const [versions, registry, currentStored, tests, audits] = [
      this.versions,
      this.registry,
      this.currentStored,
      this.tests,
      this.audits,
    ];
    this.versions = [[], [], [], [], [], [], []];
    this.registry = [];
    this.registryIds = new Set();
    this.currentStored = [];
    this.tests = [];
    this.audits = [];
    this.rows = 0;
    this.bytes = 0;
    if ((versions[0]?.length ?? 0) > 0) {
      await this.client.query(
        `INSERT INTO prompt_versions (prompt_id, version, document, changelog, created_at,
           parent_version, checksum)
         SELECT prompt_id, version, document::json, changelog, created_at::timestamptz,
                parent_version, checksum
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                       $7::text[])
             AS row (prompt_id, version, document, changelog, created_at, parent_version, checksum)`,
        versions,
      );
    }
    await this.writeRegistry([...registry, ...(await this.readStoredEntries(currentStored))]);
    await this.replaceTestCases(tests);
    await this.writeAudits(audits);
  }

  /** The registry entries of versions already stored that become current. */
  private async readStoredEntries(
    wanted: readonly { id: string; version: string }[],
  ): Promise<RegistryEntry[]> {
    if (wanted.length === 0) return [];
    const rows = await this.client.query<{ prompt_id: string; version: string; document: Prompt }>(
      `SELECT v.prompt_id, v.version, v.document FROM prompt_versions v
         JOIN unnest($1::text[], $2::text[]) AS want (prompt_id, version)
           ON v.prompt_id = want.prompt_id AND v.version = want.version`,
      [wanted.map((entry) => entry.id), wanted.map((entry) => entry.version)],
    );
    const documents = new Map(
      rows.rows.map((row) => [`${row.prompt_id}\n${row.version}`, row.document]),
    );
    return wanted.flatMap(({ id, version }) => {
      const document = documents.get(`${id}\n${version}`);
      if (!document) return [];
      const updated = instant(document.updated_at, `prompt '${id}'`, 'updated_at');
      // The prompt exists and keeps its created_at: the one here is only a valid placeholder.
      return [{ ...registryEntry(document), created_at: updated, updated_at: updated }];
    });
  }

  /**
   * Registry rows of the versions made current: a new prompt's row is inserted, an existing
   * prompt's updated (keeping its created_at).
   */
  private async writeRegistry(entries: readonly RegistryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const columns: unknown[][] = Array.from({ length: 13 }, () => []);
    for (const entry of entries) {
      const [format, status, category, description, tags, tagIndex, input, output, search] =
        registryValues(entry);
      const values = [
        entry.id,
        entry.version,
        format,
        status,
        category,
        description,
        tags,
        JSON.stringify(tagIndex),
        input,
        output,
        search,
        entry.created_at,
        entry.updated_at,
      ];
      values.forEach((value, index) => columns[index]?.push(value));
    }
    await this.client.query(
      `INSERT INTO prompts (id, current_version, format, status, category, description, tags,
         tag_index, input_schema, output_schema, search_text, created_at, updated_at)
       SELECT id, current_version, format, status, category, description, tags::json,
              ARRAY(SELECT json_array_elements_text(tag_index::json)), input_schema,
              output_schema, search_text, created_at::timestamptz, updated_at::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $13::text[])
           AS row (id, current_version, format, status, category, description, tags, tag_index,
                   input_schema, output_schema, search_text, created_at, updated_at)
       ON CONFLICT (id) DO UPDATE SET current_version = excluded.current_version,
         format = excluded.format, status = excluded.status, category = excluded.category,
         description = excluded.description, tags = excluded.tags, tag_index = excluded.tag_index,
         input_schema = excluded.input_schema, output_schema = excluded.output_schema,
         search_text = excluded.search_text, updated_at = excluded.updated_at`,
      columns,
    );
  }

  /**
   * Each prompt's test cases replaced by a file's, as PgTestCases.replace does: the prompt's row
   * and its cases' lock held, the cases before read for the audit entry.
   */
  private async replaceTestCases(queued: readonly QueuedTests[]): Promise<void> {
    if (queued.length === 0) return;
    const ids = queued.map((entry) => entry.id);
    const found = await this.client.query<{ id: string }>(
      'SELECT id FROM prompts WHERE id = ANY($1::text[]) FOR SHARE',
      [ids],
    );
    const present = new Set(found.rows.map((row) => row.id));
    const missing = ids.find((id) => !present.has(id));
    if (missing !== undefined) {
      throw new AppError('not_found', `prompt '${missing}' not found`, { id: missing });
    }
    await this.client.query(
      `SELECT pg_advisory_xact_lock(hashtext('tests:' || id))
         FROM unnest($1::text[]) WITH ORDINALITY AS queued (id, position) ORDER BY position`,
      [ids],
    );
    const before = await this.client.query<{ prompt_id: string; document: string }>(
      `SELECT prompt_id, document FROM test_cases WHERE prompt_id = ANY($1::text[])
        ORDER BY prompt_id, position`,
      [ids],
    );
    const stored = new Map<string, TestCase[]>();
    for (const row of before.rows) {
      const list = stored.get(row.prompt_id) ?? [];
      list.push(JSON.parse(row.document) as TestCase);
      stored.set(row.prompt_id, list);
    }
    await this.client.query('DELETE FROM test_cases WHERE prompt_id = ANY($1::text[])', [ids]);
    const columns: unknown[][] = [[], [], [], [], []];
    for (const { id, cases, at, audit } of queued) {
      cases.forEach((testCase, index) => {
        [id, index, testCase.name, JSON.stringify(testCase), at].forEach((value, column) =>
          columns[column]?.push(value),
        );
      });
      audit.at = at;
      audit.entry = testCasesAudit(id, stored.get(id) ?? [], cases, `${cases.length} test case(s)`);
    }
    if ((columns[0]?.length ?? 0) === 0) return;
    await this.client.query(
      `INSERT INTO test_cases (prompt_id, position, name, document, updated_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])`,
      columns,
    );
  }

  /** Audit entries in the order they were made; the database stamps the user on each. */
  private async writeAudits(queued: readonly QueuedAudit[]): Promise<void> {
    const entries = queued.flatMap(({ at, entry }) => (entry ? [{ at, entry }] : []));
    if (entries.length === 0) return;
    const column = (pick: (entry: AuditRecord) => string | null | undefined) =>
      entries.map(({ entry }) => pick(entry) ?? null);
    await this.client.query(
      `INSERT INTO audit_log (at, action, entity_type, entity_id, version, before_hash,
         after_hash, summary)
       SELECT at::timestamptz, action, entity_type, entity_id, version, before_hash, after_hash,
              summary
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[])
           WITH ORDINALITY AS row (at, action, entity_type, entity_id, version, before_hash,
                                   after_hash, summary, position)
        ORDER BY position`,
      [
        entries.map(({ at }) => at),
        column((entry) => entry.action),
        column((entry) => entry.entity_type),
        column((entry) => entry.entity_id),
        column((entry) => entry.version),
        column((entry) => entry.before_hash),
        column((entry) => entry.after_hash),
        column((entry) => (entry.summary == null ? null : entry.summary.slice(0, MAX_SUMMARY))),
      ],
    );
  }

  /**
   * The prompts saved so far, announced in one statement; PostgreSQL delivers them at commit.
   * Past ANNOUNCE_EACH_UP_TO in one import, one `resync` replaces them all.
   */
  private async announceSaved(): Promise<void> {
    const saved = this.saved;
    this.saved = [];
    if (saved.length === 0 || this.resynced) return;
    this.announced += saved.length;
    const payloads =
      this.announced > ANNOUNCE_EACH_UP_TO
        ? [JSON.stringify({ kind: 'resync' } satisfies LibraryChange)]
        : saved.map((change) => JSON.stringify(change));
    this.resynced = this.announced > ANNOUNCE_EACH_UP_TO;
    await this.client.query(
      `SELECT pg_notify($1, payload)
         FROM unnest($2::text[]) WITH ORDINALITY AS change (payload, position) ORDER BY position`,
      [CHANGE_CHANNEL, payloads],
    );
  }
}

/** An ISO 8601 date or date-time, as prompt files, history files and snapshots allow it. */
const ISO_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The instant a file's timestamp names, for a timestamptz column: a time without a zone is UTC
 * (SQLite keeps the text, which every reader takes as UTC), kept to the millisecond.
 */
export function instant(text: string, where: string, field: string): string {
  const match = ISO_TIMESTAMP.exec(text);
  const [, day, minutes, seconds = '00', fraction = '', zone = 'Z'] = match ?? [];
  const offset =
    zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const date = new Date(
    `${day}T${minutes ?? '00:00'}:${seconds}.${`${fraction}000`.slice(0, 3)}${offset}`,
  );
  if (match === null || Number.isNaN(date.getTime())) {
    throw new AppError('invalid_input', `${where}: ${field} '${text}' is not a date and time`, {
      file: where,
    });
  }
  return date.toISOString();
}
