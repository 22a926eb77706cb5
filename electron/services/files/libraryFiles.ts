// Import and export of whole libraries in the seed's folder layout: all or nothing, atomic writes.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ImportConflict, ImportReport } from '../../../src-shared/contract/dto';
import { readLibrary, writeLibrary } from '../../../src-shared/library';
import type { SourceFile } from '../../../src-shared/library';
import { compareVersions } from '../../../src-shared/version';
import type { Services } from '../index';
import {
  contentChecksum,
  insertVersion,
  readCurrent,
  readVersion,
  setCurrent,
} from '../prompts/versionStore';
import { collectFiles } from './folderReader';
import { promptScanTargets, refuseSecrets, scanForSecrets } from '../secrets/secretScanner';

/** Options of an import. */
export interface ImportOptions {
  allowSecrets?: boolean | undefined;
}

const PARTIAL_SUFFIX = '.hbs';

/** Reads and writes libraries on disk through the services. */
export class LibraryFiles {
  constructor(private readonly services: Services) {}

  /**
   * Imports prompt, schema and partial files from files and folders in one transaction.
   * Any invalid file fails the whole import and nothing is written. Versions already in the
   * library are immutable: a differing copy is reported as a conflict and skipped.
   */
  async importPaths(paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
    const collected = collectFiles(paths);
    const yamlFiles: SourceFile[] = collected.filter((file) => !file.path.endsWith(PARTIAL_SUFFIX));
    const partialFiles = collected.filter((file) => file.path.endsWith(PARTIAL_SUFFIX));
    const contents = readLibrary(yamlFiles);
    if (!options.allowSecrets) {
      const targets = [
        ...contents.prompts.flatMap((prompt) =>
          prompt.versions.flatMap((entry) => promptScanTargets(entry.prompt, `${entry.file}: `)),
        ),
        ...partialFiles.map((file) => ({ location: file.path, text: file.text })),
      ];
      refuseSecrets(await scanForSecrets(targets), 'use --allow-secrets');
    }
    const { db, audit, schemas, partials } = this.services;
    const conflicts: ImportConflict[] = [...contents.conflicts];
    let versions = 0;

    db.transaction(() => {
      for (const imported of contents.prompts) {
        const existing = readCurrent(db, imported.id);
        const oldestFirst = [...imported.versions].reverse();
        let parent: string | null = null;
        for (const entry of oldestFirst) {
          const stored = readVersion(db, imported.id, entry.prompt.version);
          if (stored) {
            if (stored.checksum !== contentChecksum(entry.prompt)) {
              conflicts.push({
                id: imported.id,
                version: entry.prompt.version,
                files: ['(library)', entry.file],
              });
            }
          } else {
            insertVersion(db, {
              document: entry.prompt,
              changelog: entry.changelog,
              author: entry.author,
              created_at: entry.created_at,
              parent_version: parent,
            });
            versions += 1;
          }
          parent = entry.prompt.version;
        }
        if (!existing || compareVersions(imported.current, existing.current_version) > 0) {
          const current = readVersion(db, imported.id, imported.current);
          if (current) setCurrent(db, current.document);
        }
        audit.record({
          action: 'import',
          entity_type: 'prompt',
          entity_id: imported.id,
          version: imported.current,
          summary: `imported ${imported.versions.length} version(s)`,
        });
      }
      try {
        schemas.saveMany(contents.schemas.map(({ schema }) => schema));
      } catch (error) {
        throw inSchemaFile(error, contents.schemas);
      }
      for (const file of partialFiles) {
        partials.save(basename(file.path, PARTIAL_SUFFIX), file.text);
      }
      audit.record({
        action: 'import',
        entity_type: 'library',
        entity_id: paths
          .map((path) => basename(path))
          .join(', ')
          .slice(0, 200),
        summary: `${contents.prompts.length} prompt(s), ${versions} new version(s), ${contents.schemas.length} schema(s), ${conflicts.length} conflict(s)`,
      });
    })();

    return {
      prompts: contents.prompts.length,
      versions,
      schemas: contents.schemas.length,
      conflicts,
    };
  }

  /** Writes the whole library into `dir` in the seed layout; each file atomically. */
  exportTo(dir: string): { files: number } {
    if (dir.includes('\0')) {
      throw new AppError('invalid_input', 'The export folder path contains a NUL character');
    }
    const root = resolve(dir);
    ensureFolder(root, dir);
    const { prompts, schemas, partials } = this.services;
    const entries = [];
    for (let offset = 0; ; offset += 1000) {
      const page = prompts.list({ limit: 1000, offset });
      for (const summary of page.items) {
        const current = prompts.get(summary.id);
        const versions = prompts.history(summary.id).map((record) => ({
          prompt: prompts.get(summary.id, record.version),
          changelog: record.changelog,
          author: record.author,
          created_at: record.created_at,
        }));
        entries.push({ current, versions });
      }
      if (page.items.length < 1000) break;
    }
    const files = writeLibrary({ prompts: entries, schemas: schemas.all() });
    for (const [name, content] of Object.entries(partials.all())) {
      files.push({ path: `partials/${name}${PARTIAL_SUFFIX}`, text: content });
    }
    for (const file of files) writeAtomically(root, file);
    return { files: files.length };
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

/** Writes one file under `root` through a temporary file and a rename. */
function writeAtomically(root: string, file: SourceFile): void {
  const target = resolve(root, file.path);
  if (!target.startsWith(root + sep)) {
    throw new AppError('forbidden', `Refusing to write outside the export folder: ${file.path}`);
  }
  ensureFolder(dirname(target), file.path);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, file.text, { flag: 'wx' });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw cannotWrite(file.path, error);
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's recursive mkdir loops
 * forever where a parent exists but refuses children (`/proc/self/x`), and its errors would
 * reach the caller as a bare `internal`; here each failure names the folder.
 */
function ensureFolder(dir: string, shown: string): void {
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
