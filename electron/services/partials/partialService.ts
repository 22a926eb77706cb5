// Shared Handlebars partials stored in the library: CRUD with history, audit and usage.
import type { PartialSummary } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import { checkTemplateSource } from '../../../src-shared/template/templateCheck';
import type { Prompt } from '../../../src-shared/model/prompt';
import { listPartialReferences } from '../../../src-shared/template';
import type { AuditRecord, AuditService } from '../audit/auditService';
import { sha256Hex } from '../store/contentHash';
import type { Database } from '../store/database';
import { checkLibraryName } from '../schemas/libraryName';

/** Largest partial kept, in UTF-8 bytes. */
export const MAX_PARTIAL_BYTES = 1024 * 1024;

/** Dependencies of the partial service. */
export interface PartialServiceDeps {
  clock: () => Date;
  actor: string;
  audit: AuditService;
}

/** Named template snippets used as `{{> name}}`, each change kept in `partial_history`. */
export class PartialService {
  constructor(
    private readonly db: Database,
    private readonly deps: PartialServiceDeps,
  ) {}

  /** Every partial with the prompts whose current template includes it. */
  list(): PartialSummary[] {
    const usage = this.usage();
    const rows = this.db.prepare('SELECT name, updated_at FROM partials ORDER BY name').all() as {
      name: string;
      updated_at: string;
    }[];
    return rows.map((row) => ({ ...row, used_by: usage.get(row.name) ?? [] }));
  }

  /** The content of one partial. */
  get(name: string): string {
    const content = this.content(name);
    if (content === undefined) throw notFound(name);
    return content;
  }

  /** Every partial as name → content, ready for the template engine. */
  all(): Record<string, string> {
    const rows = this.db.prepare('SELECT name, content FROM partials ORDER BY name').all() as {
      name: string;
      content: string;
    }[];
    // fromEntries defines own properties, so no name can reach the prototype.
    return Object.fromEntries(rows.map((row) => [row.name, row.content]));
  }

  /** Creates or replaces a partial; saving identical content changes nothing. */
  save(name: string, content: string): void {
    checkPartial(name, content);
    this.db.transaction(() => {
      const before = this.content(name);
      if (before === content) return;
      const now = this.deps.clock().toISOString();
      this.db
        .prepare(
          `INSERT INTO partials (name, content, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
        )
        .run(name, content, now);
      const afterHash = sha256Hex(content);
      this.history(name, 'save', content, afterHash);
      this.deps.audit.record(partialSaved(name, before, afterHash));
    })();
  }

  /** Removes a partial unless a prompt's current template includes it. */
  delete(name: string): void {
    this.db.transaction(() => {
      const before = this.content(name);
      if (before === undefined) throw notFound(name);
      refuseUsedPartial(name, this.usage().get(name) ?? []);
      this.db.prepare('DELETE FROM partials WHERE name = ?').run(name);
      this.history(name, 'delete', null, null);
      this.deps.audit.record(partialDeleted(name, before));
    })();
  }

  /** Partial name → ids of prompts (current versions) that include it, sorted. */
  private usage(): Map<string, string[]> {
    // Cheap prefilter in SQL; the exact names come from the Handlebars parser.
    const rows = this.db
      .prepare(
        `SELECT p.id, v.document FROM prompts p
         JOIN prompt_versions v ON v.prompt_id = p.id AND v.version = p.current_version
         WHERE v.document LIKE '%{{%>%' ORDER BY p.id`,
      )
      .all() as { id: string; document: string }[];
    return partialUsage(rows.map((row) => JSON.parse(row.document) as Prompt));
  }

  private content(name: string): string | undefined {
    return this.db.prepare('SELECT content FROM partials WHERE name = ?').pluck().get(name) as
      string | undefined;
  }

  private history(
    name: string,
    action: 'save' | 'delete',
    content: string | null,
    hash: string | null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO partial_history (name, action, content, hash, saved_at, actor)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(name, action, content, hash, this.deps.clock().toISOString(), this.deps.actor);
  }
}

/**
 * Checks a partial before it is stored: its name, text within 1 MB, and a template that parses
 * (one that does not would break every prompt that includes it).
 */
export function checkPartial(name: string, content: unknown): asserts content is string {
  checkLibraryName('Partial', name);
  if (typeof content !== 'string') {
    throw new AppError('invalid_input', `Partial '${name}' content must be text`, { name });
  }
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_PARTIAL_BYTES) {
    throw new AppError('too_large', `Partial '${name}' is ${bytes} bytes; the limit is 1 MB`, {
      name,
      bytes,
      limit: MAX_PARTIAL_BYTES,
    });
  }
  checkTemplateSource(content, name);
}

/** Refuses to delete partial `name` while prompts (current versions) include it. */
export function refuseUsedPartial(name: string, users: readonly string[]): void {
  if (users.length === 0) return;
  throw new AppError(
    'conflict',
    `Partial '${name}' is used by ${users.length === 1 ? 'prompt' : 'prompts'} ${users.join(', ')}: remove {{> ${name}}} from them first`,
    { name, used_by: [...users] },
  );
}

/** Partial name → ids of the prompts (in the order given) whose templates include it. */
export function partialUsage(prompts: readonly Prompt[]): Map<string, string[]> {
  const usage = new Map<string, string[]>();
  for (const prompt of prompts) {
    for (const name of referencedPartials(prompt)) {
      const users = usage.get(name) ?? [];
      users.push(prompt.id);
      usage.set(name, users);
    }
  }
  return usage;
}

/** Names of the partials a prompt's templates (and its inline partials) include. */
function referencedPartials(prompt: Prompt): Set<string> {
  const sources = prompt.chat_template
    ? prompt.chat_template.messages.map((message) => message.content)
    : [prompt.template?.content ?? '', ...Object.values(prompt.template?.partials ?? {})];
  const names = new Set<string>();
  for (const source of sources) {
    for (const name of partialNames(source)) names.add(name);
  }
  return names;
}

function partialNames(source: string): string[] {
  if (!source.includes('>')) return [];
  try {
    return listPartialReferences(source);
  } catch {
    // A template that does not parse still counts its plain `{{> name}}` uses.
    return [...source.matchAll(/\{\{~?#?>\s*([^\s}~()]+)/g)].map((match) => match[1] ?? '');
  }
}

function notFound(name: string): AppError {
  return new AppError('not_found', `Partial '${name}' not found`, { name });
}

/** The audit entry of a partial saved (created when there was none before), on both engines. */
export function partialSaved(
  name: string,
  before: string | undefined,
  afterHash: string,
): AuditRecord {
  return {
    action: 'partial_save',
    entity_type: 'partial',
    entity_id: name,
    before_hash: before === undefined ? null : sha256Hex(before),
    after_hash: afterHash,
    summary: before === undefined ? 'created' : 'changed',
  };
}

/** The audit entry of a partial deleted, on both engines. */
export function partialDeleted(name: string, before: string): AuditRecord {
  return {
    action: 'partial_delete',
    entity_type: 'partial',
    entity_id: name,
    before_hash: sha256Hex(before),
    after_hash: null,
  };
}
