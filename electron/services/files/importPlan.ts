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
  type PreparedContents,
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
    shares[slot % shares.length]?.push({ ...source, order });
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
  const failed = shares.filter((share) => !share.ok);
  if (failed.length > 0) throw shareError(firstFailure(failed));
  const done = shares.filter((share) => share.ok);

  const owner = new Map<string, number>();
  const schemaNames = new Set<string>();
  const testIds = new Set<string>();
  for (const [index, share] of done.entries()) {
    for (const { id } of share.contents.tests) {
      if (testIds.has(id)) return { ok: false, overlap: true };
      testIds.add(id);
    }
    for (const prompt of share.contents.prompts) {
      if (owner.has(prompt.id)) return { ok: false, overlap: true };
      owner.set(prompt.id, index);
    }
    for (const { schema } of share.contents.schemas) {
      if (schemaNames.has(schema.name)) return { ok: false, overlap: true };
      schemaNames.add(schema.name);
    }
  }
  for (const [index, sources] of plan.entries()) {
    for (const source of sources) {
      if (splitPath(source.path).stem !== '_history') continue;
      const id = layoutKey(source.path);
      if (owner.has(id) && owner.get(id) !== index) return { ok: false, overlap: true };
    }
  }

  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const contents: PreparedContents = {
    prompts: done.flatMap((share) => share.contents.prompts).sort(byId),
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
