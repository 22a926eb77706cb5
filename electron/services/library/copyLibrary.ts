// `pwb copy FROM TO`: a whole library between any two databases (SQLite file or PostgreSQL URL):
// read in one snapshot of the source, written in one transaction on a target that holds nothing
// yet, so a copy is all or nothing. Every table a library holds travels (see copyLibraryTables).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { redactUrl } from '../postgres/pgErrors';
import { isPostgresUrl } from '../postgres/pgLibrary';
import { storageFault } from '../store/faults';
import { postgresSource, postgresTarget } from './copyLibraryPostgres';
import { sqliteSource, sqliteTarget } from './copyLibrarySqlite';
import type { CopySource, CopyTarget, Row } from './copyLibraryTables';
import { COPIED_TABLES, VERSIONS_TABLE } from './copyLibraryTables';

/** What a copy wrote. */
export interface CopyReport {
  prompts: number;
  /** Rows written, by table. */
  rows: Record<string, number>;
}

/** Copies the library at `from` into `to` (paths resolve against `cwd`). */
export async function copyLibrary(from: string, to: string, cwd: string): Promise<CopyReport> {
  const source = isPostgresUrl(from) ? from : resolve(cwd, from);
  const target = isPostgresUrl(to) ? to : resolve(cwd, to);
  if (source === target)
    throw new AppError('invalid_input', 'copy: FROM and TO are the same library');
  if (!isPostgresUrl(source) && !existsSync(source)) {
    throw new AppError('not_found', `copy: no library at ${source}`);
  }
  const reader = isPostgresUrl(source) ? await postgresSource(source) : sqliteSource(source);
  try {
    const writer = isPostgresUrl(target) ? await postgresTarget(target) : sqliteTarget(target);
    try {
      const report = await copyRows(
        reader,
        writer,
        isPostgresUrl(target) ? redactUrl(target) : target,
      );
      await writer.commit();
      return report;
    } catch (error) {
      await writer.abort();
      throw error;
    }
  } finally {
    await reader.close();
  }
}

/** Streams every table from `reader` into `writer`, the registry right after the versions. */
async function copyRows(reader: CopySource, writer: CopyTarget, name: string): Promise<CopyReport> {
  const current = await reader.currentVersions();
  const report: CopyReport = { prompts: current.size, rows: {} };
  const documents = new Map<string, string>();
  for (const table of COPIED_TABLES) {
    let count = 0;
    for await (const batch of reader.rows(table)) {
      count += batch.length;
      if (table === VERSIONS_TABLE) keepCurrent(batch, current, documents);
      await writer.insert(table, batch).catch((error: unknown) => {
        throw refused(error, name, table.what);
      });
    }
    report.rows[table.name] = count;
    if (table === VERSIONS_TABLE) {
      const missing = [...current.keys()].find((id) => !documents.has(id));
      if (missing !== undefined) {
        throw new AppError('internal', `copy: prompt '${missing}' has no current version row`);
      }
      // In id order, as the source lists its prompts.
      await writer.registry([...current.keys()].map((id) => documents.get(id) as string));
    }
  }
  return report;
}

/** A row the target refused, said with what it was; faults and refusals keep their codes. */
function refused(error: unknown, name: string, what: string): unknown {
  if (error instanceof AppError) return error;
  const fault = storageFault(error, name);
  if (fault) return fault;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(
    'invalid_input',
    `copy: ${name} refused the ${what} (${message}); nothing was copied`,
  );
}

/** Keeps the documents of the prompts' current versions among `rows`. */
function keepCurrent(rows: Row[], current: Map<string, string>, into: Map<string, string>): void {
  for (const row of rows) {
    const id = String(row['prompt_id']);
    if (current.get(id) === row['version']) into.set(id, String(row['document']));
  }
}
