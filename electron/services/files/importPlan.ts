// Splits an import's files into shares that parse apart, and joins the shares' results again.
import type { SecretFinding } from '../../../src-shared/contract/dto';
import { isDocumentPath, splitPath } from '../../../src-shared/library/libraryLayout';
import { VERSION_PATTERN } from '../../../src-shared/model/prompt';
import { testsFileId } from '../../../src-shared/library/readLibrary';
import type { ImportSource } from './folderReader';
import {
  shareError,
  type FindingGroup,
  type PlannedSource,
  packedPrompt,
  packPrompts,
  unpackPrompt,
  type PackedPrompts,
  type PreparedContents,
  type PreparedPrompt,
  type PreparedShare,
  type ReadPartial,
} from './importPreparation';

/** Everything an import writes, read and checked: the same whichever way it was prepared. */
export interface PreparedImport {
  contents: PreparedContents;
  /** Partial files in listing order. */
  partials: ReadPartial[];
  /** Secret findings in the order one pass over all files reports them. */
  findings: SecretFinding[];
}

/** Joined shares, or `overlap` when shares hold parts of one prompt or schema (read them as one). */
export type JoinedShares = { ok: true; prepared: PreparedImport } | { ok: false; overlap: true };

/**
 * The prompt id a file's place in the seed layout points at: `<id>.yaml`,
 * `<id>/_versions/<v>.yaml`, `<id>/<v>.yaml`, `<id>/_history.yaml` and `<id>.tests.yaml` all
 * give `<id>`.
 * Files of one prompt share a key, so they land in one share.
 */
export function layoutKey(path: string): string {
  const testsOf = testsFileId(path);
  if (testsOf !== null) return testsOf;
  const { folders, stem } = splitPath(path);
  const parent = folders[folders.length - 1];
  const grandparent = folders[folders.length - 2];
  if (stem === '_history') return parent ?? stem;
  if (parent === '_versions') return grandparent ?? parent;
  if (parent !== undefined && VERSION_PATTERN.test(stem)) return parent;
  return stem;
}

/**
 * Splits the listed files into at most `count` shares: YAML and JSON files by layout key, partials
 * round robin. Every file keeps its listing position as `order`. Empty shares are dropped.
 */
export function planShares(sources: readonly ImportSource[], count: number): PlannedSource[][] {
  const shares: PlannedSource[][] = Array.from({ length: Math.max(1, count) }, () => []);
  sources.forEach((source, order) => {
    const slot = isDocumentPath(source.path) ? hash(layoutKey(source.path)) : order;
    // A listing's own objects already carry their position: 50,000 copies are worth avoiding.
    const planned = source.order === order ? (source as PlannedSource) : { ...source, order };
    shares[slot % shares.length]?.push(planned);
  });
  return shares.filter((share) => share.length > 0);
}

/** FNV-1a: a cheap, stable spread of keys over shares. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** Everything a joined import holds besides its prompts (those went to the joiner's sink). */
export interface PreparedRest {
  contents: Omit<PreparedContents, 'prompts'>;
  partials: ReadPartial[];
  findings: SecretFinding[];
}

/** The shares joined (prompts excluded), or `overlap` (see joinShares). */
export type JoinedRest = { ok: true; prepared: PreparedRest } | { ok: false; overlap: true };

/**
 * Joins prepared shares one by one as they arrive, so an import need not hold them all: each
 * share's prompts go to `keep` at once (an import stages them on disk), the rest (schemas,
 * conflicts, tests, partials, findings: small) is kept here. `finish` then gives what
 * joinShares gives, without the prompts. Once an overlap is seen, prompts are no longer kept.
 */
export class ShareJoiner {
  private readonly failed: Failure[] = [];
  private readonly done: { index: number; share: Extract<PreparedShare, { ok: true }> }[] = [];
  private readonly owner = new Map<string, number>();
  private readonly schemaNames = new Set<string>();
  private readonly testIds = new Set<string>();
  private overlap = false;

  constructor(
    private readonly plan: readonly PlannedSource[][],
    private readonly keep: (prompts: PackedPrompts) => void,
  ) {}

  /** Takes share `index` of the plan (in any order). */
  add(index: number, share: PreparedShare): void {
    if (!share.ok) {
      this.failed.push(share);
      return;
    }
    if (this.failed.length > 0 || this.overlap) return;
    const { tests, schemas } = share.contents;
    const prompts = share.packed ?? packPrompts(share.contents.prompts);
    for (const { id } of tests) {
      if (this.testIds.has(id)) this.overlap = true;
      this.testIds.add(id);
    }
    for (const id of prompts.ids) {
      if (this.owner.has(id)) this.overlap = true;
      this.owner.set(id, index);
    }
    for (const { schema } of schemas) {
      if (this.schemaNames.has(schema.name)) this.overlap = true;
      this.schemaNames.add(schema.name);
    }
    if (this.overlap) return;
    this.keep(prompts);
    // Only the small parts stay: the prompts are the sink's now.
    const { packed: _moved, ...rest } = share;
    this.done.push({ index, share: { ...rest, contents: { ...share.contents, prompts: [] } } });
  }

  /**
   * Throws the error one pass would meet first (read errors before parse errors, then listing
   * or path order); else the joined rest in one pass's order, or `overlap`.
   */
  finish(): JoinedRest {
    if (this.failed.length > 0) throw shareError(firstFailure(this.failed));
    if (this.overlap) return { ok: false, overlap: true };
    for (const [index, sources] of this.plan.entries()) {
      for (const source of sources) {
        if (splitPath(source.path).stem !== '_history') continue;
        const id = layoutKey(source.path);
        const owner = this.owner.get(id);
        if (owner !== undefined && owner !== index) return { ok: false, overlap: true };
      }
    }
    const done = [...this.done].sort((a, b) => a.index - b.index).map(({ share }) => share);
    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const contents: PreparedRest['contents'] = {
      schemas: done
        .flatMap((share) => share.contents.schemas)
        .sort((a, b) => (a.schema.name < b.schema.name ? -1 : 1)),
      // Each id lives in one share, already in version order there; the sort is stable.
      conflicts: done.flatMap((share) => share.contents.conflicts).sort(byId),
      // Each schema name lives in one share (else the shares overlap and are read as one).
      schemaConflicts: done
        .flatMap((share) => share.contents.schemaConflicts)
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
      tests: done.flatMap((share) => share.contents.tests).sort(byId),
      // A prompt's labels come from the files of its versions, so from the share that owns it.
      labels: done.flatMap((share) => share.contents.labels).sort(byId),
      skipped: done
        .flatMap((share) => share.contents.skipped)
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    };
    const partials = done.flatMap((share) => share.partials).sort((a, b) => a.order - b.order);
    const findings = done
      .flatMap((share) => share.findings)
      .sort(findingOrder)
      .flatMap((group) => group.findings);
    return { ok: true, prepared: { contents, partials, findings } };
  }
}

/**
 * Joins prepared shares into what one pass over all files gives. Throws the error one pass
 * would meet first (read errors before parse errors, then listing or path order). Returns
 * `overlap` when a prompt id or schema name turns up in two shares, or a history file sits in
 * another share than its prompt: only reading all files together settles those.
 */
export function joinShares(
  plan: readonly PlannedSource[][],
  shares: readonly PreparedShare[],
): JoinedShares {
  const prompts: PreparedPrompt[] = [];
  const joiner = new ShareJoiner(plan, (kept) => {
    kept.ids.forEach((_, index) => prompts.push(unpackPrompt(packedPrompt(kept, index))));
  });
  shares.forEach((share, index) => joiner.add(index, share));
  const joined = joiner.finish();
  if (!joined.ok) return joined;
  const { contents, partials, findings } = joined.prepared;
  prompts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, prepared: { contents: { ...contents, prompts }, partials, findings } };
}

/** Prompts by id first (as one pass scans them), then partial files in listing order. */
function findingOrder(a: FindingGroup, b: FindingGroup): number {
  if (a.prompt !== undefined && b.prompt !== undefined) return a.prompt < b.prompt ? -1 : 1;
  if (a.prompt !== undefined) return -1;
  if (b.prompt !== undefined) return 1;
  return (a.partial ?? 0) - (b.partial ?? 0);
}

type Failure = Extract<PreparedShare, { ok: false }>;

function firstFailure(failed: Failure[]): Failure {
  const reads = failed.filter((share) => share.stage === 'read');
  if (reads.length > 0) return reads.reduce((a, b) => (b.order < a.order ? b : a));
  const fileOf = (share: Failure) => String(share.error.details?.['file'] ?? '');
  return failed.reduce((a, b) => (fileOf(b) < fileOf(a) ? b : a));
}
