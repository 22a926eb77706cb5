// The heavy half of an import, for a worker thread or inline: read files, parse them, scan them.
import { AppError, type SerializedError } from '../../../src-shared/errors';
import type { SecretFinding } from '../../../src-shared/contract/dto';
import {
  readLibrary,
  type ImportConflict,
  type ImportedPrompt,
  type LibraryContents,
} from '../../../src-shared/library';
import {
  encodeVersion,
  registryEntry,
  type EncodedVersion,
  type RegistryEntry,
} from '../prompts/versionEncoding';
import { promptScanTargets, scanGroups, type ScanTarget } from '../secrets/secretScanner';
import { readFormatFiles } from '../../../src-shared/formats/formatFiles';
import { readSource, type ImportSource } from './folderReader';

/** A listed file and its position in the whole import (messages and findings keep that order). */
export interface PlannedSource extends ImportSource {
  order: number;
}

/** One share of an import's files; `scan` asks for the secret scan. */
export interface PreparationTask {
  sources: PlannedSource[];
  scan: boolean;
}

/** Findings of one prompt (by id) or one partial file (by its order), kept apart for merging. */
export interface FindingGroup {
  prompt?: string;
  partial?: number;
  findings: SecretFinding[];
}

/** A partial file as read: name from its path, text as is. */
export interface ReadPartial {
  order: number;
  path: string;
  text: string;
}

/** A version as the write needs it: its row text and checksum, and where it came from. */
export interface PreparedVersion extends EncodedVersion {
  version: string;
  file: string;
  changelog: string | null;
  author: string | null;
  created_at: string;
}

/**
 * A prompt as the write needs it: its versions newest first, and the registry entry of its
 * current one. Threads send this rather than the documents: the writing thread then copies in
 * and keeps a few strings a version, not a tree of objects.
 */
export interface PreparedPrompt {
  id: string;
  current: string;
  versions: PreparedVersion[];
  registry: RegistryEntry;
}

/** A share's prompts, schemas, conflicts and skipped files, ready to write and report. */
export interface PreparedContents {
  prompts: PreparedPrompt[];
  schemas: LibraryContents['schemas'];
  conflicts: ImportConflict[];
  schemaConflicts: LibraryContents['schemaConflicts'];
  tests: LibraryContents['tests'];
  labels: LibraryContents['labels'];
  skipped: LibraryContents['skipped'];
}

/**
 * Prompts packed for the trip from a thread: each prompt's JSON in one byte buffer (moved, not
 * copied, and outside the receiving thread's heap), `ends[i]` the end of prompt `ids[i]`.
 */
export interface PackedPrompts {
  ids: string[];
  ends: number[];
  bytes: Uint8Array;
}

/** What preparing a share gives: its contents, partials and findings, or the error. */
export type PreparedShare =
  | {
      ok: true;
      contents: PreparedContents;
      partials: ReadPartial[];
      findings: FindingGroup[];
      /** The prompts when a thread packed them (contents.prompts is then empty). */
      packed?: PackedPrompts;
    }
  | { ok: false; stage: 'read' | 'parse'; order: number; error: SerializedError; bug?: string };

const PARTIAL_SUFFIX = '.hbs';

/**
 * Reads, parses and (if asked) scans one share of an import. Never throws: an error comes back
 * as data, so it crosses a worker boundary with its code, message and details intact.
 */
export async function prepareShare(task: PreparationTask): Promise<PreparedShare> {
  const texts: { source: PlannedSource; text: string }[] = [];
  for (const source of task.sources) {
    try {
      texts.push({ source, text: readSource(source) });
    } catch (error) {
      return failure('read', source.order, error);
    }
  }
  const documents = texts.filter(({ source }) => !source.path.endsWith(PARTIAL_SUFFIX));
  const partials = texts
    .filter(({ source }) => source.path.endsWith(PARTIAL_SUFFIX))
    .map(({ source, text }) => ({ order: source.order, path: source.path, text }));
  let contents: LibraryContents;
  try {
    // Other tools' files (Prompty, Dotprompt, Langfuse, promptfoo) are converted first.
    const formats = await readFormatFiles(
      documents.map(({ source, text }) => ({ path: source.path, text })),
    );
    const read = readLibrary(formats.seedFiles, {
      versions: formats.converted.flatMap(({ file, contents: converted }) =>
        converted.versions.map((version) => ({ ...version, file })),
      ),
      schemas: formats.converted.flatMap(({ file, contents: converted }) =>
        converted.schemas.map((schema) => ({ schema, file })),
      ),
      tests: formats.converted.flatMap(({ file, contents: converted }) =>
        converted.tests.map((tests) => ({ ...tests, file })),
      ),
      labels: formats.converted.flatMap(({ file, contents: converted }) =>
        converted.labels.map((label) => ({ ...label, file })),
      ),
    });
    const left = formats.converted.flatMap(({ contents: converted }) => converted.skipped);
    contents = { ...read, skipped: [...read.skipped, ...left] };
  } catch (error) {
    return failure('parse', -1, error);
  }
  try {
    const findings = task.scan ? await scanShare(contents, partials) : [];
    const prepared = { ...contents, prompts: contents.prompts.map(preparePrompt) };
    return { ok: true, contents: prepared, partials, findings };
  } catch (error) {
    return failure('parse', -1, error);
  }
}

/** Encodes every version and the current one's registry entry (see PreparedPrompt). */
function preparePrompt(prompt: ImportedPrompt): PreparedPrompt {
  const current = prompt.versions.find((entry) => entry.prompt.version === prompt.current);
  if (current === undefined) throw new Error(`prompt '${prompt.id}' lacks its current version`);
  return {
    id: prompt.id,
    current: prompt.current,
    versions: prompt.versions.map(({ prompt: document, file, changelog, author, created_at }) => ({
      version: document.version,
      file,
      changelog,
      author,
      created_at,
      ...encodeVersion(document),
    })),
    registry: registryEntry(current.prompt),
  };
}

/** Scans what one pass would: every version kept of each prompt, then each partial file. */
async function scanShare(
  contents: LibraryContents,
  partials: readonly ReadPartial[],
): Promise<FindingGroup[]> {
  const keys: ({ prompt: string } | { partial: number })[] = [];
  const groups: ScanTarget[][] = [];
  for (const prompt of contents.prompts) {
    keys.push({ prompt: prompt.id });
    groups.push(
      prompt.versions.flatMap((entry) => promptScanTargets(entry.prompt, `${entry.file}: `)),
    );
  }
  for (const partial of partials) {
    keys.push({ partial: partial.order });
    groups.push([{ location: partial.path, text: partial.text }]);
  }
  const found = await scanGroups(groups);
  return keys.flatMap((key, index) => {
    const findings = found[index] ?? [];
    return findings.length > 0 ? [{ ...key, findings }] : [];
  });
}

const encoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Packs prompts into one buffer (see PackedPrompts). */
export function packPrompts(prompts: readonly PreparedPrompt[]): PackedPrompts {
  const texts = prompts.map((prompt) => encoder.encode(JSON.stringify(prompt)));
  const bytes = new Uint8Array(texts.reduce((sum, text) => sum + text.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const text of texts) {
    bytes.set(text, at);
    at += text.length;
    ends.push(at);
  }
  return { ids: prompts.map((prompt) => prompt.id), ends, bytes };
}

/** A share with its prompts packed, for posting from a thread with `bytes` transferred. */
export function packShare(share: PreparedShare): PreparedShare {
  if (!share.ok) return share;
  const packed = packPrompts(share.contents.prompts);
  return { ...share, contents: { ...share.contents, prompts: [] }, packed };
}

/** A share with its packed prompts (if any) back in `contents.prompts`. */
export function unpackShare(share: PreparedShare): PreparedShare {
  if (!share.ok || share.packed === undefined) return share;
  const { packed, ...rest } = share;
  const prompts = packed.ids.map((_, index) => unpackPrompt(packedPrompt(packed, index)));
  return { ...rest, contents: { ...share.contents, prompts } };
}

/** One packed prompt's JSON as bytes, and the prompt decoded from such bytes. */
export function packedPrompt(packed: PackedPrompts, index: number): Uint8Array {
  return packed.bytes.subarray(index === 0 ? 0 : (packed.ends[index - 1] ?? 0), packed.ends[index]);
}

export function unpackPrompt(bytes: Uint8Array): PreparedPrompt {
  return JSON.parse(textDecoder.decode(bytes)) as PreparedPrompt;
}

/** Prepares tasks one after another on this thread; `onDone` hears each task's index. */
export async function prepareHere(
  tasks: readonly PreparationTask[],
  onDone: (task: number) => void = () => undefined,
): Promise<PreparedShare[]> {
  const shares: PreparedShare[] = [];
  await prepareEach(tasks, (index, share) => {
    shares.push(share);
    onDone(index);
  });
  return shares;
}

/** Prepares tasks one after another on this thread, handing each result on as it is ready. */
export async function prepareEach(
  tasks: readonly PreparationTask[],
  onResult: (task: number, share: PreparedShare) => void,
): Promise<void> {
  for (const [index, task] of tasks.entries()) onResult(index, await prepareShare(task));
}

function failure(stage: 'read' | 'parse', order: number, error: unknown): PreparedShare {
  if (error instanceof AppError) return { ok: false, stage, order, error: error.toJSON() };
  // A bug, not a verdict on the files: its stack travels along for the log, never the page.
  const thrown = error instanceof Error ? error : new Error(String(error));
  const serialized = { code: 'internal' as const, message: thrown.message };
  return { ok: false, stage, order, error: serialized, bug: thrown.stack ?? thrown.message };
}

/** Turns a failed share back into what the import throws: the same AppError, or the bug. */
export function shareError(failed: Extract<PreparedShare, { ok: false }>): Error {
  if (failed.bug !== undefined) {
    const bug = new Error(failed.error.message);
    bug.stack = failed.bug;
    return bug;
  }
  return new AppError(failed.error.code, failed.error.message, failed.error.details);
}
