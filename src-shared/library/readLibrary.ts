// Reads a seed-layout library from in-memory files: prompts with history, schemas, conflicts.
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';
import { parsePrompt } from '../model/validatePrompt';
import { parseSchemaFile } from '../model/validateSchemaFile';
import { canonicalContent, canonicalJson } from '../version/canonicalContent';
import { compareVersions } from '../version/versionNumbers';
import { classifyDocument, parsePromptBundle } from '../yaml/documents';
import { parseYaml } from '../yaml/parseYaml';
import { isHistoryDocument, parseHistory } from './historyFile';
import { ROLE_RANK, isYamlPath, roleOf, splitPath, type FileRole } from './libraryLayout';
import type {
  HistoryEntry,
  ImportConflict,
  ImportedPrompt,
  LibraryContents,
  SourceFile,
} from './libraryTypes';

/** One file's claim to hold a prompt at a version. */
interface Claim {
  prompt: Prompt;
  file: string;
  role: FileRole;
}

interface Collected {
  claims: Claim[];
  histories: Map<string, { entries: HistoryEntry[]; file: string }>;
  schemas: { schema: ValidationSchema; file: string }[];
}

/**
 * Reads single-prompt files, `prompts:` bundles, `schemas:` files and `_history.yaml` files at
 * any depth (`.yaml`/`.yml`; other files are ignored). A top-level `<id>.yaml` names the current
 * version, else the highest version is current. Same id and version with the same content
 * (ignoring uid and timestamps) merge silently; different content is a conflict that keeps the
 * winner (`<id>.yaml`, then `_versions/`, then legacy `<id>/<v>.yaml`, then path order). Any
 * invalid file fails the whole read with AppError('invalid_input', …, { file }).
 */
export function readLibrary(files: SourceFile[]): LibraryContents {
  const collected = collect(files);
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
  return { prompts, schemas: uniqueSchemas(collected.schemas), conflicts };
}

function collect(files: SourceFile[]): Collected {
  const collected: Collected = { claims: [], histories: new Map(), schemas: [] };
  const sorted = files.filter((file) => isYamlPath(file.path)).sort(byPath);
  sorted.forEach((file, index) => {
    if (index > 0 && sorted[index - 1]?.path === file.path) {
      throw new AppError('invalid_input', `${file.path}: the same file is listed twice`, {
        file: file.path,
      });
    }
    const value = parseYaml(file.text, file.path);
    const { folders, stem } = splitPath(file.path);
    if (stem === '_history' && isHistoryDocument(value)) {
      addHistory(collected, file.path, folders[folders.length - 1], value);
      return;
    }
    readDocument(collected, file.path, value);
  });
  return collected;
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

function readDocument(collected: Collected, file: string, value: unknown): void {
  if (value === null) {
    throw new AppError('invalid_input', `${file}: the file is empty`, { file });
  }
  const kind = classifyDocument(value);
  if (kind === 'prompt' || (kind === 'unknown' && typeof value === 'object' && 'id' in value)) {
    const prompt = parsePrompt(value, file);
    collected.claims.push({ prompt, file, role: roleOf(file, prompt) });
  } else if (kind === 'bundle') {
    for (const prompt of parsePromptBundle(value, file).prompts) {
      collected.claims.push({ prompt, file, role: 'other' });
    }
  } else if (kind === 'schemas') {
    for (const schema of parseSchemaFile(value, file).schemas) {
      collected.schemas.push({ schema, file });
    }
  } else {
    throw new AppError(
      'invalid_input',
      `${file}: not a prompt (id and format), a prompts: bundle or a schemas: file`,
      { file },
    );
  }
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
      const entry = meta.get(claim.prompt.version);
      return {
        prompt: claim.prompt,
        file: claim.file,
        changelog: entry?.changelog ?? null,
        author: entry?.author ?? null,
        created_at: entry?.created_at ?? claim.prompt.created_at,
      };
    }),
  };
}

/** Newest first; `1.0.0` and `01.0.0` are equal numerically, so the text breaks the tie. */
function newestFirst(a: string, b: string): number {
  return compareVersions(b, a) || (a < b ? -1 : a > b ? 1 : 0);
}

function uniqueSchemas(
  found: { schema: ValidationSchema; file: string }[],
): { schema: ValidationSchema; file: string }[] {
  const byName = new Map<string, { schema: ValidationSchema; file: string }>();
  for (const entry of found) {
    const existing = byName.get(entry.schema.name);
    if (existing === undefined) {
      byName.set(entry.schema.name, entry);
    } else if (canonicalJson(existing.schema) !== canonicalJson(entry.schema)) {
      throw new AppError(
        'invalid_input',
        `${entry.file}: schema '${entry.schema.name}' is also defined, differently, in ${existing.file}`,
        { file: entry.file, files: [existing.file, entry.file] },
      );
    }
  }
  return [...byName.values()].sort((a, b) => (a.schema.name < b.schema.name ? -1 : 1));
}
