// The in-memory shapes of a seed-layout library folder, as read and written by this folder.
import type { TestCase } from '../evaluation/testCases';
import type { Prompt } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';

/** One file of a library folder: `path` relative to the import root, `/` separators. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One version of a prompt found on disk, with its optional history metadata. */
export interface ImportedVersion {
  prompt: Prompt;
  file: string;
  changelog: string | null;
  author: string | null;
  created_at: string;
}

/** A prompt with every distinct version found, newest first (semver order). */
export interface ImportedPrompt {
  id: string;
  current: string;
  versions: ImportedVersion[];
}

/** Files that claim the same id and version with different content; the winner first. */
export interface ImportConflict {
  id: string;
  version: string;
  files: string[];
}

/** Files that define one schema name differently; the winner (the last in path order) first. */
export interface SchemaConflict {
  name: string;
  files: string[];
}

/** A file a read did not take in, and why (nothing is ignored without a word). */
export interface SkippedFile {
  file: string;
  /** The part of the file left out (a promptfoo test, a prompt file reference); absent for the whole file. */
  item?: string;
  reason: string;
}

/** The test cases one file gives a prompt: the whole set, replacing the prompt's cases. */
export interface ImportedTests {
  id: string;
  file: string;
  cases: TestCase[];
}

/** A label another tool's file sets: prompt `id`'s `label` points at `version`. */
export interface ImportedLabel {
  id: string;
  label: string;
  version: string;
  file: string;
}

/** Prompt versions, schemas, test cases and labels already read from other tools' files (src-shared/formats). */
export interface ConvertedContents {
  versions: { prompt: Prompt; file: string; changelog: string | null }[];
  schemas: { schema: ValidationSchema; file: string }[];
  tests?: ImportedTests[];
  labels?: ImportedLabel[];
}

/** A schema read from a file; `source` is its YAML as written (absent for other formats). */
export interface ImportedSchema {
  schema: ValidationSchema;
  file: string;
  source?: string;
}

/** Everything read from a library folder. */
export interface LibraryContents {
  prompts: ImportedPrompt[];
  schemas: ImportedSchema[];
  conflicts: ImportConflict[];
  schemaConflicts: SchemaConflict[];
  /** Test case files (`<id>.tests.yaml`), by id. */
  tests: ImportedTests[];
  /** Labels set by other tools' files (Langfuse), by id. */
  labels: ImportedLabel[];
  /** Files not read, by path. */
  skipped: SkippedFile[];
}

/** One version to write, with its history metadata. */
export interface VersionToWrite {
  prompt: Prompt;
  changelog: string | null;
  author: string | null;
  created_at: string;
}

/** What `writeLibrary` writes: each prompt's current version and its history, and the schemas. */
export interface LibraryToWrite {
  prompts: { current: Prompt; versions: VersionToWrite[] }[];
  schemas: ValidationSchema[];
  /** The YAML schemas were saved from, by name: written as it is instead of generated. */
  schemaSources?: ReadonlyMap<string, string>;
  /** Each prompt's test cases, written as `<id>.tests.yaml`. */
  tests?: { id: string; cases: TestCase[] }[];
}

/** One entry of a `<id>/_history.yaml` file (our addition; the seed ignores the file). */
export interface HistoryEntry {
  version: string;
  changelog: string | null;
  author: string | null;
  created_at: string;
}
