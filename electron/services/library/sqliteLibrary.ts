// The storage port over the SQLite services: the same synchronous calls, answered as promises.
import type {
  AuditEntry,
  PromptPage,
  PromptQuery,
  SavedVersion,
} from '../../../src-shared/contract/dto';
import type { LabelEntry, LabelsByPrompt } from '../../../src-shared/model/labels';
import type { Prompt, PromptVersionRecord } from '../../../src-shared/model/prompt';
import type { AuditQuery } from '../audit/auditService';
import type { Services } from '../index';
import type {
  LibraryChange,
  LibraryStore,
  LibraryUser,
  StoreSaveRequest,
  VersionRef,
} from './libraryStore';

/** What the SQLite store wraps: the services of one open library and who uses it. */
export interface SqliteLibraryOptions {
  services: Pick<Services, 'prompts' | 'labels' | 'audit' | 'render'>;
  actor: string;
  /** Closes the services when the store closes (false when the caller keeps them). */
  owned?: { dispose(): Promise<void> };
}

/**
 * A SQLite library as a LibraryStore. Changes are reported to this process's subscribers only:
 * another process's writes are seen by reading again.
 */
export class SqliteLibrary implements LibraryStore {
  readonly engine = 'sqlite' as const;
  private readonly listeners = new Set<(change: LibraryChange) => void>();

  constructor(private readonly options: SqliteLibraryOptions) {}

  private get services() {
    return this.options.services;
  }

  private emit(change: LibraryChange): void {
    for (const listener of this.listeners) listener(change);
  }

  async list(query?: PromptQuery): Promise<PromptPage> {
    return this.services.prompts.list(query);
  }

  async get(id: string, ref: VersionRef = {}): Promise<Prompt> {
    return this.services.prompts.get(id, this.services.render.versionOf(id, ref));
  }

  async history(id: string): Promise<PromptVersionRecord[]> {
    return this.services.prompts.history(id);
  }

  async save(request: StoreSaveRequest): Promise<SavedVersion> {
    const saved = this.services.prompts.save(request);
    this.emit({ kind: 'saved', id: saved.id, version: saved.version });
    return saved;
  }

  async delete(id: string): Promise<void> {
    this.services.prompts.delete(id);
    this.emit({ kind: 'deleted', id });
  }

  async setLabel(id: string, label: string, version: string): Promise<LabelEntry> {
    const entry = this.services.labels.set(id, label, version);
    this.emit({ kind: 'label', id, label, version });
    return entry;
  }

  async removeLabel(id: string, label: string): Promise<void> {
    this.services.labels.remove(id, label);
    this.emit({ kind: 'label', id, label, version: null });
  }

  async labels(id: string): Promise<LabelEntry[]> {
    return this.services.labels.list(id);
  }

  async labelsFor(ids: readonly string[]): Promise<LabelsByPrompt> {
    return Object.fromEntries(this.services.labels.byPrompt(ids));
  }

  async audit(query?: AuditQuery): Promise<AuditEntry[]> {
    return this.services.audit.list(query);
  }

  async whoami(): Promise<LibraryUser> {
    return { user: this.options.actor, role: 'admin' };
  }

  async subscribe(listener: (change: LibraryChange) => void): Promise<() => Promise<void>> {
    const own = (change: LibraryChange) => listener(change);
    this.listeners.add(own);
    return async () => {
      this.listeners.delete(own);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.options.owned?.dispose();
  }
}
