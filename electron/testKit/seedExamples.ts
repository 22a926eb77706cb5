// Test kit for the seed's example library: reads its files in place (never copied) for any test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { SourceFile } from '../../src-shared/library/libraryTypes';
import type { Prompt } from '../../src-shared/model/prompt';
import type { ValidationSchema } from '../../src-shared/model/schemaDsl';
import { parsePrompt } from '../../src-shared/model/validatePrompt';
import { parseSchemaFile } from '../../src-shared/model/validateSchemaFile';
import type { RenderContext } from '../../src-shared/render/renderPrompt';
import { createSchemaSet } from '../../src-shared/schema';

/** Where the seed's example files live. */
export const SEED_EXAMPLES = resolve(import.meta.dirname, '../../../shared/seed/examples');

/** The text of one example file, `relPath` below the examples folder (`prompts/greeting.yaml`). */
export function seedText(relPath: string): string {
  return readFileSync(join(SEED_EXAMPLES, relPath), 'utf8');
}

/** The `.yaml` files below `folder` (subfolders included), relative to it with `/`, sorted. */
export function seedYamlFiles(folder: 'prompts' | 'schemas'): string[] {
  return readdirSync(join(SEED_EXAMPLES, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.split(sep).join('/'))
    .sort();
}

/** Every example file, as the import service would hand them over. */
export function seedExampleFiles(): SourceFile[] {
  return readdirSync(SEED_EXAMPLES, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(SEED_EXAMPLES, file)).isFile())
    .map((file) => ({ path: file.split(sep).join('/'), text: seedText(file) }));
}

/** The example prompt `id`, parsed, its errors naming the file. */
export function seedPrompt(id: string): Prompt {
  const file = join(SEED_EXAMPLES, 'prompts', `${id}.yaml`);
  return parsePrompt(parse(readFileSync(file, 'utf8')), file);
}

/** Every schema of every example schema file, parsed. */
export function seedSchemas(): ValidationSchema[] {
  return seedYamlFiles('schemas').flatMap((name) => {
    const file = join(SEED_EXAMPLES, 'schemas', name);
    return parseSchemaFile(parse(readFileSync(file, 'utf8')), file).schemas;
  });
}

/** A render context with `partials` and, unless given, every example schema. */
export function seedRenderContext(
  partials: Record<string, string> = {},
  schemas: ValidationSchema[] = seedSchemas(),
): RenderContext {
  return { partials, schemas: createSchemaSet(schemas) };
}
