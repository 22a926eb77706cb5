// Import and export of whole libraries in the seed's folder layout: all or nothing, atomic writes.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ImportConflict, ImportReport } from '../../../src-shared/contract/dto';
import type { ProgressStep } from '../../../src-shared/contract/events';
import { writeLibrary } from '../../../src-shared/library';
import { writeFileDurably } from './durableWrite';
import type { SkippedFile, SourceFile } from '../../../src-shared/library';
import { exportLibraryAs } from '../../../src-shared/formats/formatFiles';
import type { ExportFormat } from '../../../src-shared/formats/exportFormats';
import { compareVersions } from '../../../src-shared/version';
import { refuseSecrets } from '../secrets/secretScanner';
import { listImportFiles, type ImportSource } from './folderReader';
import { joinShares, planShares, ShareJoiner, type PreparedRest } from './importPlan';
import { ImportPool } from './importPool';
import { prepareEach, prepareHere, type PreparedShare } from './importPreparation';
import { ImportStage } from './importStage';
import type { LibraryFilesPort } from './libraryPort';

/**
 * How far an import or export has got. An import reads and checks files (`done` counts them),
 * then writes them in one transaction (done 0 before, total after); an export writes file by file.
 */
export type ImportProgress = ProgressStep;

/** Options of an import. */
export interface ImportOptions {
  allowSecrets?: boolean | undefined;
  /** Told when reading starts, as shares of the files are read and checked, and around the write. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

/** Options of an export. */
export interface ExportOptions {
  /** The layout to write: the seed's (default) or another tool's format. */
  format?: ExportFormat | undefined;
  /** Told when writing starts and after each file. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

/** How LibraryFiles runs imports; tests choose the pool and when threads start. */
export interface LibraryFilesOptions {
  pool?: ImportPool;
  /** Imports of at least this many files use threads (default 64). */
  threadsFromFiles?: number;
  /** Imports of at least this many bytes use threads (default 256 KiB). */
  threadsFromBytes?: number;
}

const PARTIAL_SUFFIX = '.hbs';
/** Shares a threaded import is split into, per thread, unless they would be tiny. */
const SHARES_PER_THREAD = 4;
const MIN_SHARE_FILES = 50;
/** The most files, and about the most bytes, in one share: bound what a thread holds. */
const MAX_SHARE_FILES = 250;
const MAX_SHARE_BYTES = 1024 * 1024;
/** Imports of at least this many files end their threads before writing (see prepare). */
const RELEASE_THREADS_FROM_FILES = 5000;

/** Reads and writes libraries on disk through a library's port (SQLite or PostgreSQL). */
export class LibraryFiles {
  private readonly pool: ImportPool;
  private readonly threadsFromFiles: number;
  private readonly threadsFromBytes: number;

  constructor(
    private readonly port: LibraryFilesPort,
    options: LibraryFilesOptions = {},
  ) {
    this.pool = options.pool ?? new ImportPool();
    this.threadsFromFiles = options.threadsFromFiles ?? 64;
    this.threadsFromBytes = options.threadsFromBytes ?? 256 * 1024;
  }

  /** How big imports run here: on threads, or inline where no worker entry could start. */
  importMode(): Promise<'threads' | 'inline'> {
    return this.pool.mode();
  }

  /** Ends the import threads (they also end by themselves when idle). */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }

  /**
   * Imports prompt, schema, test case and partial files from files and folders in one
   * transaction; a `<id>.tests.yaml` file replaces the prompt's test cases.
   * Any invalid file fails the whole import and nothing is written. Versions already in the
   * library are immutable: a differing copy is reported as a conflict and skipped.
   * Reading, parsing and the secret scan of big imports run on worker threads; the write is
   * one transaction on this thread.
   */
  async importPaths(paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
    const unread: SkippedFile[] = [];
    const sources = listImportFiles(
      paths,
      {
        files: this.threadsFromFiles,
        bytes: this.threadsFromBytes,
        reached: () => this.pool.warm(),
      },
      unread,
    );
    const total = sources.length;
    options.onProgress?.({ stage: 'reading', done: 0, total });
    const stage = new ImportStage();
    try {
      return await this.importStaged(paths, sources, stage, unread, options);
    } finally {
      stage.close();
    }
  }

  /** importPaths once the files are listed: prepares into `stage`, then writes. */
  private async importStaged(
    paths: readonly string[],
    sources: ImportSource[],
    stage: ImportStage,
    unread: SkippedFile[],
    options: ImportOptions,
  ): Promise<ImportReport> {
    const total = sources.length;
    const {
      contents,
      partials: partialFiles,
      findings,
    } = await this.prepare(sources, stage, !options.allowSecrets, options.onProgress);
    if (!options.allowSecrets) refuseSecrets(findings, 'use --allow-secrets');
    options.onProgress?.({ stage: 'writing', done: 0, total });
    const summary = await this.port.importing(async (writer) => {
      let versions = 0;
      let testCases = 0;
      let labelsMoved = 0;
      const conflicts: ImportConflict[] = [...contents.conflicts];
      for (const imported of stage.prompts()) {
        const existing = await writer.stored(imported.id);
        const oldestFirst = [...imported.versions].reverse();
        let parent: string | null = null;
        let wroteCurrent = false;
        const before = versions;
        for (const entry of oldestFirst) {
          const { version } = entry;
          const stored = existing?.checksums.get(version);
          if (stored !== undefined) {
            if (stored !== entry.checksum) {
              conflicts.push({ id: imported.id, version, files: ['(library)', entry.file] });
            }
          } else {
            await writer.insertVersion(
              { ...entry, id: imported.id, parent_version: parent },
              entry.file,
            );
            wroteCurrent ||= version === imported.current;
            versions += 1;
          }
          parent = version;
        }
        const moves = !existing || compareVersions(imported.current, existing.current) > 0;
        if (moves) {
          // The current version written now comes with its registry entry; one already stored
          // is read back.
          if (wroteCurrent) await writer.setRegistry(imported.registry);
          else await writer.setCurrentStored(imported.id, imported.current);
        }
        if (moves || versions > before) {
          await writer.announce(imported.id, moves ? imported.current : (existing?.current ?? ''));
        }
        await writer.audit({
          action: 'import',
          entity_type: 'prompt',
          entity_id: imported.id,
          version: imported.current,
          summary: `imported ${imported.versions.length} version(s)`,
        });
      }
      // A test case file is the prompt's whole set: its cases replace those stored.
      for (const { id, file, cases } of contents.tests) {
        if (!stage.has(id) && !(await writer.stored(id))) {
          throw new AppError(
            'invalid_input',
            `${file}: test cases for prompt '${id}', which is neither imported nor in the library`,
            { file, id },
          );
        }
        testCases += await writer.replaceTests(id, cases, file);
      }
      // Labels another tool's file sets (Langfuse) point where the file says, moved if set.
      for (const { id, label, version } of contents.labels) {
        if ((await writer.label(id, label)) !== version) labelsMoved += 1;
        await writer.setLabel(id, label, version);
      }
      try {
        const sources = contents.schemas.flatMap(({ schema, source }) =>
          source === undefined ? [] : [[schema.name, source] as const],
        );
        await writer.saveSchemas(
          contents.schemas.map(({ schema }) => schema),
          new Map(sources),
        );
      } catch (error) {
        throw inSchemaFile(error, contents.schemas);
      }
      for (const file of partialFiles) {
        await writer.savePartial(basename(file.path, PARTIAL_SUFFIX), file.text);
      }
      await writer.audit({
        action: 'import',
        entity_type: 'library',
        entity_id: paths
          .map((path) => basename(path))
          .join(', ')
          .slice(0, 200),
        summary: `${stage.size} prompt(s), ${versions} new version(s), ${contents.schemas.length} schema(s), ${testCases} test case(s), ${conflicts.length + contents.schemaConflicts.length} conflict(s)`,
      });
      return { versions, testCases, labelsMoved, conflicts };
    });
    const { versions, testCases, labelsMoved, conflicts } = summary;
    options.onProgress?.({ stage: 'writing', done: total, total });

    const skipped = [...unread, ...contents.skipped].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
    );
    return {
      files: total,
      prompts: stage.size,
      versions,
      schemas: contents.schemas.length,
      tests: testCases,
      labels: labelsMoved,
      conflicts,
      schema_conflicts: contents.schemaConflicts,
      skipped,
    };
  }

  /**
   * Reads, parses and scans the files: inline for small imports, else in shares on the pool.
   * Each share's prompts go to `stage` as the share arrives; the rest is returned.
   * Shares that turn out to hold parts of one prompt or schema are read again as one.
   */
  private async prepare(
    sources: ImportSource[],
    stage: ImportStage,
    scan: boolean,
    onProgress: ImportOptions['onProgress'],
  ): Promise<PreparedRest> {
    const total = sources.length;
    const bytes = sources.reduce((sum, source) => sum + source.bytes, 0);
    // Small imports stay on this thread: starting threads would cost more than it saves.
    const threaded = total >= this.threadsFromFiles || bytes >= this.threadsFromBytes;
    // Several shares a thread: a thread that finishes early takes the next one, results arrive
    // (and are staged) while others are still read. Shares stay small so that neither a thread
    // nor this one holds much at a time.
    const count = Math.max(
      Math.min(this.pool.size * SHARES_PER_THREAD, Math.ceil(total / MIN_SHARE_FILES)),
      Math.ceil(total / MAX_SHARE_FILES),
      Math.ceil(bytes / MAX_SHARE_BYTES),
    );
    const plan = planShares(sources, threaded ? count : 1);
    let done = 0;
    const joiner = new ShareJoiner(plan, (prompts) => stage.add(prompts));
    const onResult = (index: number, share: PreparedShare) => {
      joiner.add(index, share);
      done += plan[index]?.length ?? 0;
      onProgress?.({ stage: 'reading', done, total });
    };
    const tasks = plan.map((share) => ({ sources: share, scan }));
    if (threaded) {
      await this.pool.each(tasks, onResult);
      // Idle threads keep their heaps; a big import's write should not sit beside them.
      if (total >= RELEASE_THREADS_FROM_FILES) await this.pool.dispose();
    } else await prepareEach(tasks, onResult);
    const joined = joiner.finish();
    if (joined.ok) return joined.prepared;
    // Parts of one prompt or schema sit in two shares: only one pass over all files settles
    // which copy wins and what conflicts, exactly as a single-threaded import would.
    // (Rare: files of one prompt share a share unless a file's name differs from its id.) It
    // runs here, not on a thread: all files in one share may need more than a thread's heap.
    const whole = planShares(sources, 1);
    const again = joinShares(whole, await prepareHere([{ sources: whole.flat(), scan }]));
    if (!again.ok) throw new AppError('internal', 'One share of an import overlapped itself');
    stage.clear();
    stage.add(again.prepared.contents.prompts);
    const { prompts: _staged, ...rest } = again.prepared.contents;
    return { ...again.prepared, contents: rest };
  }

  /** Writes the whole library into `dir` in the seed layout or another tool's format; each file atomically. */
  async exportTo(dir: string, options: ExportOptions = {}): Promise<{ files: number }> {
    if (dir.includes('\0')) {
      throw new AppError('invalid_input', 'The export folder path contains a NUL character');
    }
    const root = resolve(dir);
    // Folders whose entries changed: synced once each after the last rename into them.
    const touched = new Set<string>();
    const library = await this.port.contents();
    const format = options.format ?? 'seed';
    let files: SourceFile[];
    if (format === 'seed') {
      files = writeLibrary(library);
      for (const [name, content] of Object.entries(library.partials)) {
        files.push({ path: `partials/${name}${PARTIAL_SUFFIX}`, text: content });
      }
    } else {
      // Converted whole before the first write: a refusal leaves the folder untouched.
      files = exportLibraryAs(format, library);
    }
    ensureFolder(root, dir, touched);
    const total = files.length;
    options.onProgress?.({ stage: 'writing', done: 0, total });
    files.forEach((file, index) => {
      writeAtomically(root, file, touched);
      options.onProgress?.({ stage: 'writing', done: index + 1, total });
    });
    // Deepest first: a new folder's own entries are on disk before its parent's entry for it.
    const folders = [...touched].sort((a, b) => b.length - a.length);
    for (const folder of folders) syncFolder(folder, relative(dirname(root), folder) || dir);
    return { files: total };
  }
}

/** Names the file of the schema a save refused (an unsafe regex is found only when compiling). */
function inSchemaFile(
  error: unknown,
  files: readonly { schema: { name: string }; file: string }[],
) {
  if (!(error instanceof AppError)) return error;
  const file = files.find(({ schema }) => schema.name === error.details?.schema)?.file;
  if (file === undefined) return error;
  return new AppError(error.code, `${file}: ${error.message}`, { ...error.details, file });
}

/**
 * Writes one file under `root` durably: the text into a temporary file that is synced to disk,
 * then a rename over the target; its folder joins `touched`, which the caller syncs (so the
 * rename itself survives a power cut). A crash leaves the old file or the new one, never a torn
 * one.
 */
function writeAtomically(root: string, file: SourceFile, touched: Set<string>): void {
  const target = resolve(root, file.path);
  if (!target.startsWith(root + sep)) {
    throw new AppError('forbidden', `Refusing to write outside the export folder: ${file.path}`);
  }
  const folder = dirname(target);
  ensureFolder(folder, file.path, touched);
  try {
    writeFileDurably(target, file.text);
  } catch (error) {
    throw cannotWrite(file.path, error);
  }
  touched.add(folder);
}

/** Syncs a folder's entries (the rename) to disk; Windows cannot open folders, and needs not. */
function syncFolder(folder: string, shown: string): void {
  if (process.platform === 'win32') return;
  let handle: number;
  try {
    handle = openSync(folder, 'r');
  } catch (error) {
    throw cannotWrite(shown, error);
  }
  try {
    fsyncSync(handle);
  } catch (error) {
    // Some file systems refuse to sync a folder (EINVAL); the file itself is already synced.
    const code = (error as { code?: unknown }).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw cannotWrite(shown, error);
  } finally {
    closeSync(handle);
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's recursive mkdir loops
 * forever where a parent exists but refuses children (`/proc/self/x`), and its errors would
 * reach the caller as a bare `internal`; here each failure names the folder.
 */
function ensureFolder(dir: string, shown: string, created?: Set<string>): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) {
    throw new AppError('invalid_input', `Cannot export to ${shown}: ${at} is not a folder`, {
      file: shown,
    });
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      throw cannotWrite(shown, error);
    }
    // The new folder's name is an entry of its parent, which must reach the disk too.
    created?.add(dirname(folder));
  }
}

function cannotWrite(shown: string, error: unknown): AppError {
  const code = (error as { code?: unknown }).code;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'a folder is in the way',
    ENOENT: 'the folder cannot be created there',
  };
  const reason = (typeof code === 'string' && reasons[code]) || 'the file could not be written';
  return new AppError('invalid_input', `Cannot write ${shown}: ${reason}`, { file: shown });
}
