// Writes a library in the seed's folder layout: current file, every version, history, schemas.
import { AppError } from '../errors';
import { PROMPT_ID_PATTERN, VERSION_PATTERN } from '../model/prompt';
import { compareVersions } from '../version/versionNumbers';
import { stringifyPrompt, stringifySchemaFile, stringifyYaml } from '../yaml/stringifyDocuments';
import { HISTORY_FILE_NAME, stringifyHistory } from './historyFile';
import type { LibraryToWrite, SourceFile } from './libraryTypes';

// Schema names are alphanumeric after removing _ and - (the DSL rule), so they are safe names.
const SCHEMA_NAME_PATTERN = /^[\p{L}\p{N}_-]+$/u;

/**
 * The files of a library in the seed layout: `<id>.yaml` (current), `<id>/_versions/<v>.yaml`
 * for every version, `<id>/_history.yaml` (changelogs, authors, dates; newest first) and
 * `schemas/<name>.yaml`, and `<id>.tests.yaml` (`tests:`) for each prompt with test cases. Sorted by path, so the output is deterministic.
 */
export function writeLibrary(contents: LibraryToWrite): SourceFile[] {
  const files: SourceFile[] = [];
  const ids = new Set<string>();
  for (const entry of contents.prompts) {
    const id = entry.current.id;
    assertSafe(PROMPT_ID_PATTERN.test(id), `prompt id '${id}'`);
    if (ids.has(id)) throw new AppError('invalid_input', `Prompt '${id}' is listed twice`, { id });
    ids.add(id);
    files.push({ path: `${id}.yaml`, text: stringifyPrompt(entry.current) });
    const versions = [...entry.versions].sort((a, b) =>
      compareVersions(b.prompt.version, a.prompt.version),
    );
    const seen = new Set<string>();
    for (const version of versions) {
      const label = version.prompt.version;
      assertSafe(VERSION_PATTERN.test(label), `version '${label}' of '${id}'`);
      if (version.prompt.id !== id) {
        throw new AppError(
          'invalid_input',
          `A version of '${id}' holds prompt '${version.prompt.id}'`,
          { id },
        );
      }
      if (seen.has(label)) {
        throw new AppError('invalid_input', `Version ${label} of '${id}' is listed twice`, { id });
      }
      seen.add(label);
      files.push({ path: `${id}/_versions/${label}.yaml`, text: stringifyPrompt(version.prompt) });
    }
    if (versions.length > 0) {
      const history = versions.map((version) => ({
        version: version.prompt.version,
        changelog: version.changelog,
        author: version.author,
        created_at: version.created_at,
      }));
      files.push({ path: `${id}/${HISTORY_FILE_NAME}`, text: stringifyHistory(history) });
    }
  }
  const names = new Set<string>();
  for (const schema of contents.schemas) {
    assertSafe(SCHEMA_NAME_PATTERN.test(schema.name), `schema name '${schema.name}'`);
    if (names.has(schema.name)) {
      throw new AppError('invalid_input', `Schema '${schema.name}' is listed twice`, {
        schema: schema.name,
      });
    }
    names.add(schema.name);
    files.push({
      path: `schemas/${schema.name}.yaml`,
      text:
        contents.schemaSources?.get(schema.name) ??
        stringifySchemaFile({ version: '1.0.0', metadata: {}, schemas: [schema] }),
    });
  }
  for (const { id, cases } of contents.tests ?? []) {
    if (!ids.has(id)) {
      throw new AppError('invalid_input', `Test cases of '${id}', a prompt not exported`, { id });
    }
    if (cases.length > 0)
      files.push({ path: `${id}.tests.yaml`, text: stringifyYaml({ tests: cases }) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Names become file paths, so anything outside the safe pattern is refused. */
function assertSafe(ok: boolean, what: string): void {
  if (!ok) throw new AppError('invalid_input', `The ${what} cannot be used as a file name`);
}
