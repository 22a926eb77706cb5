import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from './fixtures/writeTree';
import { AppError } from '../../../src-shared/errors';
import { hostileFiles } from '../../hardening/hostileFiles';
import { dumpLibrary } from '../../hardening/libraryDump';
import { createServices } from '../index';
import { ImportPool } from './importPool';
import { LibraryFiles, type ImportOptions, type ImportProgress } from './libraryFiles';
import { sqliteFilesPort } from './sqliteFilesPort';

const EXAMPLES = resolve(import.meta.dirname, '../../../../shared/seed/examples');
const dir = mkdtempSync(join(tmpdir(), 'pwb-threaded-import-'));
const threads = new ImportPool({ size: 2 });
const inline = new ImportPool({ entry: null });
let databases = 0;

afterAll(async () => {
  await threads.dispose();
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Imports `paths` into a fresh library through `pool` (threads for any size); dumps it after. */
async function importWith(pool: ImportPool, paths: string[], options: ImportOptions = {}) {
  databases += 1;
  const services = createServices({
    dbPath: join(dir, `library-${databases}.db`),
    clock: () => new Date('2026-01-02T03:04:05.000Z'),
    actor: 'test',
  });
  const files = new LibraryFiles(sqliteFilesPort(services), {
    pool,
    threadsFromFiles: 0,
    threadsFromBytes: 0,
  });
  try {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await files.importPaths(paths, options) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    return { outcome, dump: dumpLibrary(services.db) };
  } finally {
    services.dispose();
  }
}

/** The same import on threads and inline: both outcomes and both libraries after it. */
async function importBothWays(paths: string[], options: ImportOptions = {}) {
  const threaded = await importWith(threads, paths, options);
  const single = await importWith(inline, paths, options);
  return { threaded, single };
}

function errorOf(outcome: Outcome): AppError {
  if (outcome.ok) throw new Error('expected the import to fail');
  expect(outcome.error).toBeInstanceOf(AppError);
  return outcome.error as AppError;
}

const folder = (name: string, files: Record<string, string | Uint8Array>) =>
  writeTree(dir, name, files);

// Fixed uid and times: parsing fills missing ones with fresh values, and dumps must compare.
const FIXED =
  'uid: 00000000-0000-4000-8000-000000000000\ncreated_at: 2025-01-01T00:00:00.000Z\nupdated_at: 2025-01-01T00:00:00.000Z\n';
const prompt = (id: string, extra = '') =>
  `id: ${id}\nformat: text\n${FIXED}template:\n  content: "Hello {{name}} from ${id}"\n${extra}`;

describe('imports on worker threads', () => {
  it('runs on threads here (the worker entry is found from the TypeScript source)', async () => {
    expect(await threads.mode()).toBe('threads');
    expect(await inline.mode()).toBe('inline');
  });

  it('imports the seed examples exactly as a single-threaded import does', async () => {
    const { threaded, single } = await importBothWays([join(EXAMPLES, 'prompts')]);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.outcome).toMatchObject({ ok: true, value: { prompts: 8 } });
    expect(threaded.dump).toBe(single.dump);
  });

  it('imports prompts and schemas given together, with the same report and library', async () => {
    const paths = [join(EXAMPLES, 'prompts'), join(EXAMPLES, 'schemas')];
    const { threaded, single } = await importBothWays(paths);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.dump).toBe(single.dump);
  });

  it('settles a prompt split over bundle files in different shares as one pass would', async () => {
    const files: Record<string, string> = {};
    // Bundles named apart land in different shares, yet claim the same ids and versions.
    for (let index = 0; index < 12; index += 1) {
      files[`bundle-${index}.yaml`] =
        `prompts:\n  - id: shared\n    version: 1.0.${index % 3}\n    format: text\n${FIXED.replace(/^/gm, '    ')}\n    template:\n      content: "Copy ${index}"\n`;
    }
    files['shared.yaml'] = prompt('shared', 'version: 1.0.1\n');
    const { threaded, single } = await importBothWays([folder('bundles', files)]);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.outcome).toMatchObject({ ok: true, value: { prompts: 1, versions: 3 } });
    expect(threaded.dump).toBe(single.dump);
  });

  it('keeps a history file with its prompt when the prompt comes from a bundle', async () => {
    const history =
      '- version: 1.0.0\n  changelog: first\n  author: Ann\n  created_at: 2025-01-01T00:00:00.000Z\n';
    const files: Record<string, string> = {
      'solo/_history.yaml': history,
      'zz-bundle.yaml': `prompts:\n  - ${prompt('solo').trimEnd().replaceAll('\n', '\n    ')}\n`,
    };
    for (let index = 0; index < 8; index += 1)
      files[`other-${index}.yaml`] = prompt(`other${index}`);
    const { threaded, single } = await importBothWays([folder('history', files)]);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.dump).toBe(single.dump);
    expect(threaded.dump).toContain('first');
  });

  it('reports one schema defined differently in two files as a conflict the last file wins, like one pass', async () => {
    const schema = (type: string) =>
      `schemas:\n  - name: twice\n    fields:\n      - name: x\n        type: ${type}\n`;
    const files: Record<string, string> = {
      'a.yaml': schema('string'),
      'b.yaml': schema('integer'),
    };
    for (let index = 0; index < 8; index += 1) files[`p${index}.yaml`] = prompt(`p${index}`);
    const { threaded, single } = await importBothWays([folder('schemas-twice', files)]);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.outcome).toMatchObject({
      ok: true,
      value: {
        schema_conflicts: [
          { name: 'twice', files: ['schemas-twice/b.yaml', 'schemas-twice/a.yaml'] },
        ],
      },
    });
    expect(threaded.dump).toBe(single.dump);
    expect(threaded.dump).toContain('integer');
  });

  it('reports the first invalid file in path order, with the same code, message and details', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 20; index += 1) files[`p${index}.yaml`] = prompt(`p${index}`);
    files['p13.yaml'] = 'id: p13\nformat: text\n  bad: [indent\n';
    files['p7.yaml'] = 'id: p7\nformat: nonsense\n';
    const { threaded, single } = await importBothWays([folder('two-bad', files)]);
    const error = errorOf(threaded.outcome);
    expect(error.toJSON()).toEqual(errorOf(single.outcome).toJSON());
    expect(error.details).toMatchObject({ file: 'two-bad/p13.yaml' });
    expect(threaded.dump).toBe(single.dump);
  });

  for (const file of hostileFiles()) {
    it(`refuses ${file.title} from a thread exactly as inline`, async () => {
      const files = { [file.name]: file.content, 'fine.yaml': prompt('fine') };
      const name = `hostile-${file.name.replace(/\W/g, '_')}`;
      const { threaded, single } = await importBothWays([folder(name, files)]);
      const error = errorOf(threaded.outcome);
      expect(error.toJSON()).toEqual(errorOf(single.outcome).toJSON());
      expect(error.code).toBe(file.code);
      expect(error.message.replace(`${name}/`, '')).toMatch(file.message);
      expect(threaded.dump).toBe(single.dump);
    });
  }

  it('refuses planted secrets with the same findings in the same order, and writes nothing', async () => {
    const key = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
    const token = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
    const files: Record<string, string> = {
      'partials/footer.hbs': `Signed, ${token}`,
      'm-first.yaml': prompt('m_first', `metadata:\n  description: "${token}"\n`),
    };
    for (let index = 0; index < 10; index += 1) files[`k${index}.yaml`] = prompt(`k${index}`);
    files['k4.yaml'] = prompt('k4', `metadata:\n  description: "aws ${key}"\n`);
    const { threaded, single } = await importBothWays([folder('secrets', files)]);
    const error = errorOf(threaded.outcome);
    expect(error.code).toBe('forbidden');
    expect(error.toJSON()).toEqual(errorOf(single.outcome).toJSON());
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain(key);
    expect(threaded.dump).toBe(single.dump);
    expect(threaded.dump).not.toContain('m_first');
  });

  it('imports planted secrets when allowed, on threads as inline', async () => {
    const token = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
    const root = folder('allowed', {
      'a.yaml': prompt('a', `metadata:\n  description: "${token}"\n`),
    });
    const { threaded, single } = await importBothWays([root], { allowSecrets: true });
    expect(threaded.outcome).toMatchObject({ ok: true, value: { prompts: 1 } });
    expect(threaded.dump).toBe(single.dump);
  });

  it('tells its progress: every file read, then the write', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 30; index += 1) files[`p${index}.yaml`] = prompt(`p${index}`);
    const seen: ImportProgress[] = [];
    const { outcome } = await importWith(threads, [folder('progress', files)], {
      onProgress: (progress) => seen.push(progress),
    });
    expect(outcome.ok).toBe(true);
    const reading = seen.filter((progress) => progress.stage === 'reading');
    expect(reading.length).toBeGreaterThanOrEqual(1);
    expect(reading.map((progress) => progress.done)).toEqual(
      [...reading.map((progress) => progress.done)].sort((a, b) => a - b),
    );
    expect(reading.at(-1)).toEqual({ stage: 'reading', done: 30, total: 30 });
    expect(seen.at(-1)).toEqual({ stage: 'writing', done: 30, total: 30 });
  });

  it('reads a big import in several shares a thread, with the same result as one pass', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 400; index += 1) files[`q${index}.yaml`] = prompt(`q${index}`);
    const seen: ImportProgress[] = [];
    const paths = [folder('shares', files)];
    const threaded = await importWith(threads, paths, { onProgress: (p) => seen.push(p) });
    const single = await importWith(inline, paths);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.dump).toBe(single.dump);
    // The initial event, then one per share: 400 files on two threads make eight shares.
    expect(seen.filter((progress) => progress.stage === 'reading')).toHaveLength(9);
  });

  it('copies a whole example library twice into one folder and still finds every conflict', async () => {
    const root = join(dir, 'twice');
    cpSync(join(EXAMPLES, 'prompts'), join(root, 'first'), { recursive: true });
    cpSync(join(EXAMPLES, 'prompts'), join(root, 'second'), { recursive: true });
    const { threaded, single } = await importBothWays([root]);
    expect(threaded.outcome).toEqual(single.outcome);
    expect(threaded.dump).toBe(single.dump);
  });
});
