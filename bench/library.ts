// Builds benchmark libraries: a database of N prompts saved through the service, or a seed folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createServices } from '../electron/services/index';
import type { Prompt } from '../src-shared/model/prompt';
import { libraryDocument } from './prompts';

/**
 * Creates a database at `dbPath` holding `count` prompts. Every prompt goes through
 * `prompts.save` (validation, history row, search index, audit), inside one outer transaction
 * so the build costs one fsync rather than `count`.
 */
export function buildLibraryDb(dbPath: string, count: number): void {
  const services = createServices({ dbPath, actor: 'bench' });
  try {
    services.db.transaction(() => {
      for (let index = 0; index < count; index += 1) {
        services.prompts.save({ document: libraryDocument(index) as unknown as Prompt });
      }
    })();
  } finally {
    services.dispose();
  }
}

/** Writes `count` single-prompt seed files (`<id>.yaml`) into `dir`; returns the file count. */
export function writeSeedFolder(dir: string, count: number): number {
  mkdirSync(dir, { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const document = libraryDocument(index);
    writeFileSync(join(dir, `${String(document['id'])}.yaml`), stringify(document));
  }
  return count;
}
