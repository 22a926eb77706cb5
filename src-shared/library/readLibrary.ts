// Reads a seed-layout library from in-memory files: prompts with history, schemas, conflicts.
import { AppError } from '../errors';
import { readTestCases } from '../evaluation/testCases';
import { isPlainRecord } from '../plainData';
import { copyData } from '../model/documentReader';
import type { Prompt } from '../model/prompt';
import { parsePrompt } from '../model/validatePrompt';
import { parseSchemaFile } from '../model/validateSchemaFile';
import { canonicalContent, canonicalJson } from '../version/canonicalContent';
import { compareVersions } from '../version/versionNumbers';
import { classifyDocument, parsePromptBundle } from '../yaml/documents';
import { parseYaml } from '../yaml/parseYaml';
import { schemaSourceOf } from '../yaml/schemaEdits';
import { isHistoryDocument, parseHistory } from './historyFile';
import {
  ROLE_RANK,
  isDocumentPath,
  isJsonPath,
  roleOf,
  splitPath,
  type FileRole,
} from './libraryLayout';
import type {
  ConvertedContents,
  HistoryEntry,
  ImportConflict,
  ImportedPrompt,
  ImportedSchema,
  ImportedTests,
  LibraryContents,
  SchemaConflict,
  SkippedFile,
  SourceFile,
} from './libraryTypes';
import { isSnapshotDocument, parseSnapshot, type VersionSnapshot } from './snapshotFile';

/** One file's claim to hold a prompt at a version; a JSON snapshot brings its history entry. */
interface Claim {
  prompt: Prompt;
  file: string;
  role: FileRole;
  snapshot?: VersionSnapshot;
  /** The changelog another tool's file gave the version (a history file wins). */
  changelog?: string | null;
}

interface Collected {
  claims: Claim[];
  histories: Map<string, { entries: HistoryEntry[]; file: string }>;
  schemas: ImportedSchema[];
  tests: ImportedTests[];
  skipped: SkippedFile[];
}

/** The metadata key a bundle's top-level `metadata` is kept under, in each of its prompts. */
export const BUNDLE_METADATA_KEY = 'bundle_metadata';

/** A file named `<id>.tests.yaml` (or `.yml`) always holds the test cases of prompt `<id>`. */
const TESTS_FILE = /\.tests\.ya?ml$/i;

/** The prompt id a test case file belongs to, or null when the path is not one. */
export function testsFileId(path: string): string | null {
  const name = path.split('/').pop() ?? '';
  return TESTS_FILE.test(name) ? name.replace(TESTS_FILE, '') : null;
}

/** Why a file other than a document is not read. */
export const NOT_A_DOCUMENT =
  'not a prompt, schema or history file (.yaml, .yml) nor a seed version snapshot (.json)';
/** Why a JSON file without the snapshot shape is not read. */
export const NOT_A_SNAPSHOT =
  'a .json file that is not a seed version snapshot (prompt, version, checksum)';

/**
 * Reads single-prompt files, `prompts:` bundles, `schemas:` files and `_history.yaml` files at
 * any depth (`.yaml`/`.yml`), and the seed's JSON version snapshots (`.json` files holding
 * `prompt`, `version`, `checksum`); every other file is listed in `skipped` with the reason.
 * A file named `<id>.tests.yaml` (any depth) is always prompt `<id>`'s test cases (`tests:`).
 * A top-level `<id>.yaml` names the current version, else the highest version is current.
 * Same id and version with the same content (ignoring uid and timestamps) merge silently;
 * different content is a conflict that keeps the winner (`<id>.yaml`, then `_versions/` YAML,
 * then `_versions/` JSON, then legacy `<id>/<v>.yaml`, then path order). A schema name defined
 * differently by two files is a schema conflict: the last file in path order wins (the seed's
 * loader overwrote earlier definitions). A bundle's top-level `metadata` is kept in each of its
 * prompts' metadata under `bundle_metadata`. Any invalid file fails the whole read with
 * AppError('invalid_input', …, { file }).
 */
export function readLibrary(
  files: SourceFile[],
  converted: ConvertedContents = { versions: [], schemas: [] },
): LibraryContents {
  const collected = collect(files);
  // Prompts read from other tools' files (src-shared/formats) join as files of no layout role.
  for (const { prompt, file, changelog } of converted.versions) {
    collected.claims.push({ prompt, file, role: 'other', changelog });
  }
  collected.schemas.push(...converted.schemas);
  collected.tests.push(...(converted.tests ?? []));
  const byId = new Map<string, Claim[]>();
  for (const claim of collected.claims) {
    const list = byId.get(claim.prompt.id) ?? [];
    list.push(claim);
    byId.set(claim.prompt.id, list);
  }
  const prompts: ImportedPrompt[] = [];
  const conflicts: ImportConflict[] = [];
  for (const id of [...byId.keys()].sort()) {
    const history = collected.histories.get(id)?.entries ?? [];
    prompts.push(assemblePrompt(id, byId.get(id) ?? [], history, conflicts));
  }
  conflicts.sort((a, b) =>
    a.id === b.id ? compareVersions(a.version, b.version) : a.id < b.id ? -1 : 1,
  );
  const { schemas, schemaConflicts } = uniqueSchemas(collected.schemas);
  const tests = uniqueTests(collected.tests);
  const labels = [...(converted.labels ?? [])].sort((a, b) =>
    a.id === b.id ? (a.label < b.label ? -1 : 1) : a.id < b.id ? -1 : 1,
  );
  return {
    prompts,
    schemas,
    conflicts,
    schemaConflicts,
    tests,
    labels,
    skipped: collected.skipped,
  };
}

function collect(files: SourceFile[]): Collected {
  const collected: Collected = {
    claims: [],
    histories: new Map(),
    schemas: [],
    tests: [],
    skipped: [],
  };
  const sorted = [...files].sort(byPath);
  sorted.forEach((file, index) => {
    if (index > 0 && sorted[index - 1]?.path === file.path) {
      throw new AppError('invalid_input', `${file.path}: the same file is listed twice`, {
        file: file.path,
      });
    }
    if (!isDocumentPath(file.path)) {
      collected.skipped.push({ file: file.path, reason: NOT_A_DOCUMENT });
      return;
    }
    // JSON is YAML 1.2: one bounded parser for both, its errors naming line and column.
    const value = parseYaml(file.text, file.path);
    const testsOf = testsFileId(file.path);
    if (testsOf !== null) {
      collected.tests.push(readTestsFile(file.path, testsOf, value));
      return;
    }
    const { folders, stem } = splitPath(file.path);
    if (isJsonPath(file.path)) {
      readJson(collected, file.path, folders[folders.length - 1], value);
      return;
    }
    if (stem === '_history' && isHistoryDocument(value)) {
      addHistory(collected, file.path, folders[folders.length - 1], value);
      return;
    }
    readDocument(collected, file.path, value, file.text);
  });
  return collected;
}

/** A seed snapshot becomes a claim; other JSON is skipped, except in `_versions/` where it is wrong. */
function readJson(collected: Collected, file: string, parent: string | undefined, value: unknown) {
  if (!isSnapshotDocument(value)) {
    if (parent === '_versions') {
      throw new AppError(
        'invalid_input',
        `${file}: a .json file in _versions must be a seed version snapshot with prompt, version and checksum`,
        { file },
      );
    }
    collected.skipped.push({ file, reason: NOT_A_SNAPSHOT });
    return;
  }
  const snapshot = parseSnapshot(value, file);
  collected.claims.push({
    prompt: snapshot.prompt,
    file,
    role: roleOf(file, snapshot.prompt),
    snapshot,
  });
}

/** A `<id>.tests.yaml` file: a mapping whose `tests:` is the prompt's list of cases. */
/** Reads a parsed `<id>.tests.yaml` (a mapping with only `tests:`), every problem named. */
export function readTestsFile(file: string, id: string, value: unknown): ImportedTests {
  if (!isPlainRecord(value) || !('tests' in value)) {
    throw new AppError(
      'invalid_input',
      `${file}: a test case file holds a mapping with a tests: list (the cases of prompt '${id}')`,
      { file },
    );
  }
  const extra = Object.keys(value).filter((key) => key !== 'tests');
  if (extra.length > 0) {
    throw new AppError(
      'invalid_input',
      `${file}: unknown key '${extra[0]}' in a test case file (only tests: is read)`,
      { file },
    );
  }
  return { id, file, cases: readTestCases(value['tests'], file) };
}

/** One test case file per prompt id: two files for one id fail the read naming both. */
function uniqueTests(found: ImportedTests[]): ImportedTests[] {
  const byId = new Map<string, ImportedTests>();
  for (const entry of found) {
    const existing = byId.get(entry.id);
    if (existing !== undefined) {
      const files = [existing.file, entry.file].sort();
      throw new AppError(
        'invalid_input',
        `${files[1]}: prompt '${entry.id}' already has test cases from ${files[0]}`,
        { file: files[1], files, id: entry.id },
      );
    }
    byId.set(entry.id, entry);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function byPath(a: SourceFile, b: SourceFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function addHistory(collected: Collected, file: string, id: string | undefined, value: unknown[]) {
  if (id === undefined) {
    throw new AppError('invalid_input', `${file}: a history file belongs in a prompt's folder`, {
      file,
    });
  }
  const existing = collected.histories.get(id);
  if (existing !== undefined) {
    throw new AppError(
      'invalid_input',
      `${file}: prompt '${id}' already has a history file (${existing.file})`,
      { file, files: [existing.file, file] },
    );
  }
  collected.histories.set(id, { entries: parseHistory(value, file), file });
}

function readDocument(collected: Collected, file: string, value: unknown, text: string): void {
  if (value === null) {
    throw new AppError('invalid_input', `${file}: the file is empty`, { file });
  }
  const kind = classifyDocument(value);
  if (kind === 'prompt' || (kind === 'unknown' && typeof value === 'object' && 'id' in value)) {
    const prompt = parsePrompt(value, file);
    collected.claims.push({ prompt, file, role: roleOf(file, prompt) });
  } else if (kind === 'bundle') {
    const bundle = parsePromptBundle(value, file);
    for (const prompt of bundle.prompts) {
      keepBundleMetadata(prompt, bundle.metadata, file);
      collected.claims.push({ prompt, file, role: 'other' });
    }
  } else if (kind === 'schemas') {
    const { schemas } = parseSchemaFile(value, file);
    for (const schema of schemas) {
      // Each schema keeps its YAML as written (cut out of a file of several).
      const source = schemas.length === 1 ? text : schemaSourceOf(text, schema.name);
      collected.schemas.push({ schema, file, source });
    }
  } else {
    throw new AppError(
      'invalid_input',
      `${file}: not a prompt (id and format), a prompts: bundle or a schemas: file`,
      { file },
    );
  }
}

/**
 * Copies a bundle's non-empty top-level metadata into the prompt's metadata, where it is stored
 * and exported with the prompt. A prompt that already holds a different value there is refused.
 */
function keepBundleMetadata(prompt: Prompt, metadata: Record<string, unknown>, file: string) {
  if (Object.keys(metadata).length === 0) return;
  const own = prompt.metadata[BUNDLE_METADATA_KEY];
  if (own !== undefined && canonicalJson(own) !== canonicalJson(metadata)) {
    throw new AppError(
      'invalid_input',
      `${file}: prompt '${prompt.id}' has its own metadata.${BUNDLE_METADATA_KEY}, which differs from the bundle's metadata it would hold`,
      { file, id: prompt.id },
    );
  }
  prompt.metadata[BUNDLE_METADATA_KEY] = copyData(metadata);
}

function assemblePrompt(
  id: string,
  claims: Claim[],
  history: HistoryEntry[],
  conflicts: ImportConflict[],
): ImportedPrompt {
  const byVersion = new Map<string, Claim[]>();
  for (const claim of claims) {
    const list = byVersion.get(claim.prompt.version) ?? [];
    list.push(claim);
    byVersion.set(claim.prompt.version, list);
  }
  const winners: Claim[] = [];
  for (const [version, group] of byVersion) {
    group.sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role] || (a.file < b.file ? -1 : 1));
    const winner = group[0];
    if (winner === undefined) continue;
    winners.push(winner);
    // Most versions come from one file: nothing to compare, so no canonical form to build.
    if (group.length < 2) continue;
    const content = canonicalContent(winner.prompt);
    if (group.slice(1).some((claim) => canonicalContent(claim.prompt) !== content)) {
      conflicts.push({ id, version, files: group.map((claim) => claim.file) });
    }
  }
  winners.sort((a, b) => newestFirst(a.prompt.version, b.prompt.version));
  const named = winners.filter((claim) => claim.role === 'current');
  const current = (named[0] ?? winners[0])?.prompt.version ?? '';
  const meta = new Map(history.map((entry) => [entry.version, entry]));
  return {
    id,
    current,
    versions: winners.map((claim) => {
      // A _history.yaml entry first, then the snapshot's own history fields, then the file.
      const entry = meta.get(claim.prompt.version);
      const snapshot = claim.snapshot;
      return {
        prompt: claim.prompt,
        file: claim.file,
        changelog: entry ? entry.changelog : (snapshot?.changelog ?? claim.changelog ?? null),
        author: entry ? entry.author : (snapshot?.author ?? null),
        created_at: entry?.created_at ?? snapshot?.created_at ?? claim.prompt.created_at,
      };
    }),
  };
}

/** Newest first; `1.0.0` and `01.0.0` are equal numerically, so the text breaks the tie. */
function newestFirst(a: string, b: string): number {
  return compareVersions(b, a) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * One schema per name. Identical definitions merge; differing ones are a conflict that the last
 * file in path order wins (entries arrive in path order), listed winner first.
 */
function uniqueSchemas(found: ImportedSchema[]): {
  schemas: ImportedSchema[];
  schemaConflicts: SchemaConflict[];
} {
  const byName = new Map<string, ImportedSchema[]>();
  for (const entry of found) {
    const list = byName.get(entry.schema.name) ?? [];
    list.push(entry);
    byName.set(entry.schema.name, list);
  }
  const schemas: ImportedSchema[] = [];
  const schemaConflicts: SchemaConflict[] = [];
  for (const name of [...byName.keys()].sort()) {
    const group = byName.get(name) ?? [];
    const winner = group[group.length - 1];
    if (winner === undefined) continue;
    schemas.push(winner);
    if (group.length < 2) continue;
    const definition = canonicalJson(winner.schema);
    if (group.some((entry) => canonicalJson(entry.schema) !== definition)) {
      const others = group.slice(0, -1).map((entry) => entry.file);
      schemaConflicts.push({ name, files: [winner.file, ...others] });
    }
  }
  return { schemas, schemaConflicts };
}
