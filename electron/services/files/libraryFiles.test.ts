import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../../src-shared/model/prompt';
import { createServices, type Services } from '../index';
import { encodeVersion, registryEntry, templateText } from '../prompts/versionEncoding';
import { writeTree } from './fixtures/writeTree';
import { ImportPool } from './importPool';
import { LibraryFiles } from './libraryFiles';
import { sqliteFilesPort } from './sqliteFilesPort';

const dir = mkdtempSync(join(tmpdir(), 'pwb-library-files-'));
const inline = new ImportPool({ entry: null });
let services: Services;
let files: LibraryFiles;
let folders = 0;

beforeEach(() => {
  folders += 1;
  services = createServices({ dbPath: join(dir, `library-${folders}.db`), actor: 'test' });
  files = new LibraryFiles(sqliteFilesPort(services), { pool: inline });
});
afterEach(() => services.dispose());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXED =
  'uid: 00000000-0000-4000-8000-000000000000\ncreated_at: 2025-01-01T00:00:00.000Z\nupdated_at: 2025-01-01T00:00:00.000Z\n';
const prompt = (id: string, version: string, content: string, tags = 'tags: [alpha]') =>
  `id: ${id}\nversion: ${version}\nformat: text\n${FIXED}metadata:\n  ${tags}\ntemplate:\n  content: ${content}\n`;

function importFolder(tree: Record<string, string>) {
  folders += 1;
  return files.importPaths([writeTree(dir, `folder-${folders}`, tree)]);
}

const count = (sql: string) => (services.db.prepare(sql).pluck().get() as number) ?? 0;

describe('LibraryFiles.importPaths writes', () => {
  it('gives each new prompt a registry row that points at its search entry and its tags', async () => {
    await importFolder({ 'a.yaml': prompt('a', '1.0.0', 'find the walrus') });
    const row = services.db.prepare('SELECT search_rowid FROM prompts WHERE id = ?').get('a') as {
      search_rowid: number;
    };
    const search = services.db
      .prepare('SELECT id, body FROM prompt_search WHERE rowid = ?')
      .get(row.search_rowid);
    expect(search).toEqual({ id: 'a', body: 'find the walrus' });
    expect(services.prompts.list({ search: 'walrus' }).items.map((item) => item.id)).toEqual(['a']);
    expect(services.prompts.list({ tags: ['alpha'] }).total).toBe(1);
  });

  it('indexes each seed example by its current document: registry, tags and search text', async () => {
    await files.importPaths([resolve(__dirname, '../../../../shared/seed/examples/prompts')]);
    const ids = services.prompts.list({ limit: 100 }).items.map((item) => item.id);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const current = services.prompts.get(id);
      const entry = registryEntry(current);
      const row = services.db
        .prepare(
          `SELECT p.current_version, p.format, p.status, p.category, p.description, p.tags,
                  s.body, s.tags AS search_tags
             FROM prompts p JOIN prompt_search s ON s.rowid = p.search_rowid WHERE p.id = ?`,
        )
        .get(id);
      expect(row).toEqual({
        current_version: current.version,
        format: current.format,
        status: current.status,
        category: entry.category,
        description: entry.description,
        tags: JSON.stringify(current.metadata.tags),
        body: templateText(current),
        search_tags: current.metadata.tags.join(' '),
      });
      const tags = services.db
        .prepare('SELECT tag FROM prompt_tags WHERE prompt_id = ? ORDER BY tag')
        .pluck()
        .all(id);
      expect(tags).toEqual([...new Set(current.metadata.tags.map((t) => t.toLowerCase()))].sort());
    }
  });

  it('stores the document and checksum a save of the same prompt would store', async () => {
    await importFolder({ 'a.yaml': prompt('a', '1.0.0', 'hello {{name}}') });
    const stored = services.db
      .prepare('SELECT document, checksum FROM prompt_versions WHERE prompt_id = ?')
      .get('a') as { document: string; checksum: string };
    const document = JSON.parse(stored.document) as Prompt;
    expect(encodeVersion(document)).toEqual({ json: stored.document, checksum: stored.checksum });
  });

  it('skips a version already stored, reports a differing copy, and moves to a newer one', async () => {
    await importFolder({
      'a.yaml': prompt('a', '1.0.0', 'first'),
      'b.yaml': prompt('b', '1.0.0', 'b'),
    });
    const report = await importFolder({
      'a/_versions/1.0.0.yaml': prompt('a', '1.0.0', 'first'),
      'a/_versions/1.1.0.yaml': prompt('a', '1.1.0', 'second text', 'tags: [beta]'),
      'b.yaml': prompt('b', '1.0.0', 'changed'),
    });
    expect(report.versions).toBe(1);
    expect(report.conflicts).toEqual([
      { id: 'b', version: '1.0.0', files: ['(library)', expect.stringContaining('b.yaml')] },
    ]);
    expect(services.prompts.get('a').template?.content).toBe('second text');
    expect(services.prompts.get('b').template?.content).toBe('b');
    expect(services.prompts.list({ search: 'second' }).items.map((item) => item.id)).toEqual(['a']);
    expect(services.prompts.list({ tags: ['alpha'] }).items.map((item) => item.id)).toEqual(['b']);
    expect(services.prompts.history('a').map((record) => record.parent_version)).toEqual([
      '1.0.0',
      null,
    ]);
  });

  it('writes nothing new when the same folder is imported again', async () => {
    const tree = { 'a.yaml': prompt('a', '1.0.0', 'x'), 'b.yaml': prompt('b', '2.0.0', 'y') };
    await importFolder(tree);
    const versionsBefore = count('SELECT COUNT(*) FROM prompt_versions');
    const searchBefore = count('SELECT COUNT(*) FROM prompt_search');
    const report = await importFolder(tree);
    expect(report).toMatchObject({ prompts: 2, versions: 0, conflicts: [] });
    expect(count('SELECT COUNT(*) FROM prompt_versions')).toBe(versionsBefore);
    expect(count('SELECT COUNT(*) FROM prompt_search')).toBe(searchBefore);
  });
});

describe('LibraryFiles.exportTo', () => {
  const tree = (root: string): string[] =>
    readdirSync(root, { recursive: true, encoding: 'utf8' }).map((p) => p.split(sep).join('/'));

  it('replaces each file whole through a synced temporary file, leaving no temporary behind', async () => {
    await importFolder({
      'a.yaml': prompt('a', '1.0.0', 'one'),
      'a/_versions/0.9.0.yaml': prompt('a', '0.9.0', 'zero'),
    });
    const out = join(dir, `export-${folders}`);
    writeTree(out, 'lib', { 'a.yaml': 'stale text', 'notes.txt': 'kept' });
    const steps: number[] = [];
    const result = await files.exportTo(join(out, 'lib'), {
      onProgress: (step) => steps.push(step.done),
    });
    expect(result.files).toBe(4);
    expect(steps).toEqual([0, 1, 2, 3, 4]);
    const written = tree(join(out, 'lib'));
    expect(written.sort()).toEqual(
      [
        'a',
        'a.yaml',
        'a/_history.yaml',
        'a/_versions',
        'a/_versions/0.9.0.yaml',
        'a/_versions/1.0.0.yaml',
        'notes.txt',
      ].sort(),
    );
    expect(readFileSync(join(out, 'lib', 'a.yaml'), 'utf8')).toContain('content: one');
    expect(readFileSync(join(out, 'lib', 'notes.txt'), 'utf8')).toBe('kept');
  });

  it('writes each schema as the YAML it was imported or saved from, comments and all', async () => {
    const seedSchemas = resolve(__dirname, '../../../../shared/seed/examples/schemas');
    await files.importPaths([seedSchemas]);
    const edited = `${services.schemas.yaml('address')}# checked\n`;
    services.schemas.saveYaml(edited);
    const out = join(dir, `export-${folders}`);
    await files.exportTo(out);
    for (const name of readdirSync(seedSchemas)) {
      const written = readFileSync(join(out, 'schemas', name), 'utf8');
      const seed = readFileSync(join(seedSchemas, name), 'utf8');
      expect(written).toBe(name === 'address.yaml' ? `${seed}# checked\n` : seed);
    }
  });

  it('names the file and leaves no temporary file when a folder is in the way', async () => {
    await importFolder({ 'b.yaml': prompt('b', '1.0.0', 'two') });
    const out = join(dir, `export-${folders}`);
    mkdirSync(join(out, 'b.yaml'), { recursive: true });
    writeFileSync(join(out, 'b.yaml', 'inside'), 'x');
    await expect(files.exportTo(out)).rejects.toThrowError(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'Cannot write b.yaml: a folder is in the way',
      }),
    );
    expect(tree(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
