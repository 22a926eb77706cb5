// Import and export by file type: which files belong to another tool, and the library written
// in another tool's format. The seed layout itself stays with src-shared/library.
import type { TestCase } from '../evaluation/testCases';
import type { Prompt } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';
import type { SourceFile } from '../library/libraryTypes';
import { readDotprompt, writeDotprompt } from './dotprompt';
import type { ConvertedFile, ExportFormat } from './formatTypes';
import { isLangfuseDocument, readLangfuse, writeLangfuse } from './langfuse';
import { isPromptfooConfig, readPromptfoo, writePromptfoo } from './promptfoo';
import { readPrompty, writePrompty } from './prompty';

/** True for a path another tool's reader may take: `.prompty`, `.prompt`, `.json`, promptfoo configs. */
export function isFormatPath(path: string): boolean {
  return /\.(prompty|prompt|json)$/i.test(path) || isPromptfooConfig(path);
}

/**
 * Reads one file of another tool, or returns null when the file is not one (a `.json` file
 * that is not a Langfuse object, such as a seed snapshot, is left to the seed reader).
 */
export async function readFormatFile(file: SourceFile): Promise<ConvertedFile | null> {
  const path = file.path;
  if (/\.prompty$/i.test(path)) return readPrompty(file.text, path);
  if (/\.prompt$/i.test(path)) return readDotprompt(file.text, path);
  // Its test cases become the cases of each prompt it names (stored by the import).
  if (isPromptfooConfig(path)) return readPromptfoo(file.text, path);
  if (/\.json$/i.test(path)) {
    let value: unknown;
    try {
      value = JSON.parse(file.text);
    } catch {
      // Not JSON at all: not a Langfuse file; the seed reader decides what it is.
      return null;
    }
    return isLangfuseDocument(value) ? readLangfuse(value, path) : null;
  }
  return null;
}

/** The converted contents of several files, and the files left for the seed reader. */
export interface FormatImport {
  seedFiles: SourceFile[];
  converted: { file: string; contents: ConvertedFile }[];
}

/** Splits files into other tools' files (read here) and the rest (for the seed reader). */
export async function readFormatFiles(files: readonly SourceFile[]): Promise<FormatImport> {
  const seedFiles: SourceFile[] = [];
  const converted: FormatImport['converted'] = [];
  for (const file of files) {
    const contents = isFormatPath(file.path) ? await readFormatFile(file) : null;
    if (contents === null) seedFiles.push(file);
    else converted.push({ file: file.path, contents });
  }
  return { seedFiles, converted };
}

/**
 * A library to write in another format: prompts with their versions (newest first) and labels
 * (label → version), schemas, partials and test cases.
 */
export interface LibraryForExport {
  prompts: {
    current: Prompt;
    versions: { prompt: Prompt; changelog: string | null }[];
    labels?: Readonly<Record<string, string>>;
  }[];
  schemas: ValidationSchema[];
  partials: Readonly<Record<string, string>>;
  tests?: readonly { id: string; cases: readonly TestCase[] }[];
}

/**
 * Writes the library in `format` (not `seed`): `<id>.prompty`, `<id>.prompt` (an id `a.b` is
 * Dotprompt prompt a, variant b), `<id>.json` with every version and its labels for Langfuse,
 * or one `promptfooconfig.yaml` with the test cases. Anything a format cannot say fails the
 * whole export (export_rule).
 */
export function exportLibraryAs(
  format: Exclude<ExportFormat, 'seed'>,
  library: LibraryForExport,
): SourceFile[] {
  const byName = new Map(library.schemas.map((schema) => [schema.name, schema]));
  const lookup = (name: string) => byName.get(name);
  switch (format) {
    case 'prompty':
      return library.prompts.map(({ current }) => ({
        path: `${current.id}.prompty`,
        text: writePrompty(current, lookup),
      }));
    case 'dotprompt':
      return library.prompts.map(({ current }) => ({
        path: `${current.id}.prompt`,
        text: writeDotprompt(current, lookup),
      }));
    case 'langfuse':
      return library.prompts.map(({ versions, labels }) => ({
        path: `${versions[0]?.prompt.id ?? 'prompt'}.json`,
        text: `${JSON.stringify(writeLangfuse([...versions].reverse(), library.partials, labels), null, 2)}\n`,
      }));
    case 'promptfoo':
      return [
        {
          path: 'promptfooconfig.yaml',
          text: writePromptfoo(
            library.prompts.map(({ current }) => current),
            library.tests,
          ),
        },
      ];
  }
}
