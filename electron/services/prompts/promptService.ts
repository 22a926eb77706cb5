// The prompt registry and its history: list, read, save with optimistic concurrency, diff, drafts.
import type {
  Draft,
  DraftSummary,
  PromptPage,
  PromptQuery,
  SavedVersion,
  VersionDiff,
} from '../../../src-shared/contract/dto';
import type { PromptDocument } from '../../../src-shared/contract/documentSchemas';
import { AppError } from '../../../src-shared/errors';
import type { BumpLevel, Prompt, PromptVersionRecord } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import {
  compareVersions,
  nextVersion,
  promptToDiffText,
  unifiedDiff,
} from '../../../src-shared/version';
import type { AuditService } from '../audit/auditService';
import type { Database } from '../store/database';
import { cachedStatement } from '../store/statements';
import { DraftStore } from './draftStore';
import { listPrompts } from './libraryQuery';
import {
  contentChecksum,
  insertVersion,
  readCurrent,
  readVersion,
  removePrompt,
  setCurrent,
} from './versionStore';

/** What a save asks for: the full new document and the version it was edited from. */
export interface SaveRequest {
  document: Prompt;
  /** The current version the edit started from; required for an existing prompt, null for a new one. */
  base?: string | null;
  bump?: BumpLevel;
  changelog?: string | null;
  /** Who saved; defaults to the service's actor. */
  author?: string | null;
}

/** Dependencies of the prompt service. */
export interface PromptServiceDeps {
  clock: () => Date;
  actor: string;
  audit: AuditService;
}

/** A row of prompt_versions as the history query reads it (the prompt id is known). */
type VersionRow = Omit<PromptVersionRecord, 'id'>;

/** Prompts and their immutable versions. Every write is one transaction, audit included. */
export class PromptService {
  private readonly drafts: DraftStore;

  constructor(
    private readonly db: Database,
    private readonly deps: PromptServiceDeps,
  ) {
    this.drafts = new DraftStore(db, deps.clock);
  }

  /** One summary per prompt (its current version), filtered and paged, sorted by id. */
  list(query: PromptQuery = {}): PromptPage {
    return listPrompts(this.db, query);
  }

  /** The current version of a prompt, or the named one. */
  get(id: string, version?: string): Prompt {
    const current = readCurrent(this.db, id);
    if (!current) throw promptNotFound(id, version);
    const wanted = version ?? current.current_version;
    const stored = readVersion(this.db, id, wanted);
    if (!stored) throw promptNotFound(id, wanted);
    return stored.document;
  }

  /** Every version of a prompt, newest first (semver order). */
  history(id: string): PromptVersionRecord[] {
    if (!readCurrent(this.db, id)) throw promptNotFound(id);
    const rows = cachedStatement(
      this.db,
      `SELECT version, changelog, created_at, author, parent_version, checksum
         FROM prompt_versions WHERE prompt_id = ?`,
    ).all(id) as VersionRow[];
    return rows
      .sort((a, b) => compareVersions(b.version, a.version))
      .map((row) => ({ id, ...row }));
  }

  /**
   * Saves a new version. For an existing prompt `base` must be its current version (else a
   * conflict, and nothing is written); the new version is `base` bumped. A new prompt keeps
   * its document's version. Content identical to the current version is refused.
   */
  save(request: Omit<SaveRequest, 'document'> & { document: PromptDocument }): SavedVersion {
    return this.saveParsed({ ...request, document: parsePrompt(request.document) });
  }

  /**
   * `save` for a document that already came out of parsePrompt (a caller that parsed it to scan
   * it first): validating it again would only repeat the work.
   */
  saveParsed(request: SaveRequest): SavedVersion {
    const { document } = request;
    const bump = request.bump ?? 'patch';
    const changelog = request.changelog ?? null;
    const author = request.author ?? this.deps.actor;
    const write = this.db.transaction((): SavedVersion => {
      const now = this.deps.clock().toISOString();
      const current = readCurrent(this.db, document.id);
      const previousRow = current && readVersion(this.db, document.id, current.current_version);
      const { stored, beforeHash } = nextDocument({
        document,
        base: request.base ?? null,
        bump,
        now,
        current: current && {
          version: current.current_version,
          created_at: current.created_at,
          previous: previousRow,
        },
      });
      const previous = current?.current_version ?? null;
      const checksum = insertVersion(this.db, {
        document: stored,
        changelog,
        author,
        created_at: now,
        parent_version: previous,
      });
      setCurrent(this.db, stored);
      this.drafts.delete(stored.id);
      this.deps.audit.record({
        action: current ? 'save' : 'create',
        entity_type: 'prompt',
        entity_id: stored.id,
        version: stored.version,
        before_hash: beforeHash,
        after_hash: checksum,
        summary: changelog ?? (current ? `${bump} bump from ${previous}` : 'created'),
      });
      return { id: stored.id, version: stored.version, previous, created_at: now };
    });
    // IMMEDIATE: take the write lock before reading the base, so another process cannot
    // slip a version in between the check and the write.
    return write.immediate();
  }

  /** Removes a prompt with all its versions and its draft. */
  delete(id: string): void {
    this.db
      .transaction(() => {
        const current = readCurrent(this.db, id);
        if (!current) throw promptNotFound(id);
        const before = readVersion(this.db, id, current.current_version);
        removePrompt(this.db, id);
        this.deps.audit.record({
          action: 'delete',
          entity_type: 'prompt',
          entity_id: id,
          version: current.current_version,
          before_hash: before?.checksum ?? null,
          after_hash: null,
          summary: `deleted with its history`,
        });
      })
      .immediate();
  }

  /** A unified diff and the diffable texts of two versions of one prompt. */
  diff(id: string, from: string, to: string): VersionDiff {
    const left = this.get(id, from);
    const right = this.get(id, to);
    return {
      from,
      to,
      unified: unifiedDiff(left, right),
      left: promptToDiffText(left),
      right: promptToDiffText(right),
    };
  }

  /** The unsaved draft of a prompt, or null. */
  getDraft(id: string): Draft | null {
    return this.drafts.get(id);
  }

  /** Every kept draft, newest first, as the library lists them. */
  listDrafts(): DraftSummary[] {
    return this.drafts.list();
  }

  /** Keeps an unsaved draft (stored as given, up to 1 MB). */
  putDraft(id: string, document: unknown, baseVersion: string | null): void {
    this.drafts.put(id, document, baseVersion);
  }

  /** Forgets the draft of a prompt. */
  deleteDraft(id: string): void {
    this.drafts.delete(id);
  }
}

/** The prompt's state a save starts from: its current version, creation time and stored row. */
export interface SaveBase {
  version: string;
  created_at: string;
  /** The current version's document and checksum (undefined: the row is missing). */
  previous: { document: Prompt; checksum: string } | undefined;
}

/**
 * The document a save stores, on either engine: for an existing prompt `base` must be its
 * current version (else `conflict`) and content must differ (else `invalid_input`); the new
 * version is `base` bumped, keeping the prompt's uid and creation time. A new prompt keeps its
 * document's version.
 */
export function nextDocument(save: {
  document: Prompt;
  base: string | null;
  bump: BumpLevel;
  now: string;
  current: SaveBase | undefined;
}): { stored: Prompt; beforeHash: string | null } {
  const { document, base, current, now } = save;
  if (!current) {
    if (base !== null) throw missingBase(document.id, base);
    return { stored: { ...document, created_at: now, updated_at: now }, beforeHash: null };
  }
  if (base === null || base !== current.version)
    throw staleSave(document.id, base, current.version);
  const previous = current.previous;
  if (!previous)
    throw new AppError('internal', `Prompt '${document.id}' has no current version row`);
  if (contentChecksum(document) === previous.checksum) {
    throw nothingToSave(document.id, current.version);
  }
  return {
    stored: {
      ...document,
      version: nextVersion(current.version, save.bump),
      // One prompt keeps one uid and its first creation time across versions, as in the seed.
      uid: previous.document.uid,
      created_at: current.created_at,
      updated_at: now,
    },
    beforeHash: previous.checksum,
  };
}

/** `not_found` naming every key asked for: the id, and the version when one was asked for. */
export function promptNotFound(id: string, version?: string): AppError {
  if (version === undefined) return new AppError('not_found', `Prompt '${id}' not found`, { id });
  return new AppError('not_found', `Prompt '${id}' version '${version}' not found`, {
    id,
    version,
  });
}

/** The conflict of a save from a base version of a prompt that does not exist. */
export function missingBase(id: string, base: string): AppError {
  return new AppError('conflict', `Prompt '${id}' does not exist`, { id, base, current: null });
}

/** The refusal of a save whose content is the current version's. */
export function nothingToSave(id: string, current: string): AppError {
  return new AppError(
    'invalid_input',
    `Nothing to save: the document is identical to version ${current}`,
    { id, version: current },
  );
}

/** The conflict of a save whose base is not the current version (or names none). */
export function staleSave(id: string, base: string | null, current: string): AppError {
  const message =
    base === null
      ? `Prompt '${id}' already exists at version ${current}. Save with base ${current} to add a version.`
      : `Prompt '${id}' changed since ${base}: the current version is ${current}. Reload it and save again.`;
  return new AppError('conflict', message, { id, base, current });
}
