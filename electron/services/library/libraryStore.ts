// The library's storage port: prompts and their versions, labels and the audit log, asynchronous
// so one interface serves SQLite (synchronous underneath) and PostgreSQL (a pool).
import type {
  AuditEntry,
  PromptPage,
  PromptQuery,
  SavedVersion,
} from '../../../src-shared/contract/dto';
import type { PromptDocument } from '../../../src-shared/contract/documentSchemas';
import type { LabelEntry, LabelsByPrompt } from '../../../src-shared/model/labels';
import type { BumpLevel, Prompt, PromptVersionRecord } from '../../../src-shared/model/prompt';
import type { AuditQuery } from '../audit/auditService';

/** Which engine holds a library. */
export type LibraryEngine = 'sqlite' | 'postgres';

/** Team roles (PostgreSQL); a SQLite library's user may do everything, as an admin. */
export const LIBRARY_ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;
export type LibraryRole = (typeof LIBRARY_ROLES)[number];

/** A save through the port: the document as a user wrote it and the version it was edited from. */
export interface StoreSaveRequest {
  document: PromptDocument;
  /** The current version the edit started from; required for an existing prompt. */
  base?: string | null;
  bump?: BumpLevel;
  changelog?: string | null;
}

import type { LibraryChange } from '../../../src-shared/contract/events';

export type { LibraryChange };

/** Which version a read names: one of `version` or `label`, or neither for the current one. */
export interface VersionRef {
  version?: string;
  label?: string;
}

/** Who is connected and what they may do. */
export interface LibraryUser {
  user: string;
  role: LibraryRole;
}

/**
 * One library on one engine. Every write is one transaction with its audit entry; a stale save
 * is `conflict`, a refusal by the database `forbidden`.
 */
export interface LibraryStore {
  readonly engine: LibraryEngine;
  list(query?: PromptQuery): Promise<PromptPage>;
  /** The current version of a prompt, or the one `ref` names. */
  get(id: string, ref?: VersionRef): Promise<Prompt>;
  /** Every version, newest first (semver order). */
  history(id: string): Promise<PromptVersionRecord[]>;
  save(request: StoreSaveRequest): Promise<SavedVersion>;
  delete(id: string): Promise<void>;
  setLabel(id: string, label: string, version: string): Promise<LabelEntry>;
  removeLabel(id: string, label: string): Promise<void>;
  /** Labels set on a prompt: production, staging, then custom ones by name. */
  labels(id: string): Promise<LabelEntry[]>;
  /** Labels of many prompts in one read (the library list): id → label → version. */
  labelsFor(ids: readonly string[]): Promise<LabelsByPrompt>;
  /** The audit log, newest first. */
  audit(query?: AuditQuery): Promise<AuditEntry[]>;
  whoami(): Promise<LibraryUser>;
  /** Calls `listener` for changes written by other clients (and this one); returns the undo. */
  subscribe(listener: (change: LibraryChange) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
