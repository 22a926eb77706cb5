// The port an import and an export go through: what an import reads and writes inside its one
// transaction, and what an export reads. SQLite (sqliteFilesPort) and PostgreSQL (pgImport)
// implement it; LibraryFiles holds the rules, so both engines import and export alike.
import type { TestCase } from '../../../src-shared/evaluation/testCases';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import type { VersionToWrite } from '../../../src-shared/library';
import type { AuditRecord } from '../audit/auditService';
import type { RegistryEntry } from '../prompts/versionEncoding';
import type { VersionRow } from '../prompts/versionStore';

/** A prompt already in the library: its current version and the checksum of each version. */
export interface StoredPrompt {
  current: string;
  checksums: ReadonlyMap<string, string>;
}

/** What an import reads and writes, all inside one transaction. */
export interface ImportWriter {
  /** The prompt as stored, or undefined when the library has no prompt with this id. */
  stored(id: string): Promise<StoredPrompt | undefined>;
  /** Writes one new version row; `file` names where it came from (for refusals). */
  insertVersion(row: VersionRow, file: string): Promise<void>;
  /** Makes a version written by this import current (its registry entry computed already). */
  setRegistry(entry: RegistryEntry): Promise<void>;
  /** Makes a version already stored current. */
  setCurrentStored(id: string, version: string): Promise<void>;
  /** Tells other clients a prompt's current version changed (nothing where none listen). */
  announce(id: string, version: string): Promise<void>;
  audit(entry: AuditRecord): Promise<void>;
  /** Replaces a prompt's test cases; returns how many it now has. */
  replaceTests(id: string, cases: TestCase[], file: string): Promise<number>;
  /** The version a label points at, or undefined. */
  label(id: string, label: string): Promise<string | undefined>;
  setLabel(id: string, label: string, version: string): Promise<void>;
  /** Saves schemas, each compiled against the library after (sources: YAML by name). */
  saveSchemas(
    schemas: readonly ValidationSchema[],
    sources: ReadonlyMap<string, string>,
  ): Promise<void>;
  savePartial(name: string, content: string): Promise<void>;
}

/** One prompt as an export writes it: current version, every version, labels. */
export interface PromptToExport {
  current: Prompt;
  versions: VersionToWrite[];
  labels: Record<string, string>;
}

/** Everything an export writes. */
export interface LibraryToExport {
  /** By id. */
  prompts: PromptToExport[];
  /** By name. */
  schemas: ValidationSchema[];
  /** The YAML schemas were saved from, by name. */
  schemaSources: ReadonlyMap<string, string>;
  partials: Record<string, string>;
  /** Prompts with test cases, by id. */
  tests: { id: string; cases: TestCase[] }[];
}

/** A library as the import and export see it, on one engine. */
export interface LibraryFilesPort {
  /** Runs `work` in one transaction: everything it wrote, or nothing when it throws. */
  importing<T>(work: (writer: ImportWriter) => Promise<T>): Promise<T>;
  /** Reads the whole library for an export. */
  contents(): Promise<LibraryToExport>;
}
