import { describe, expect, it } from 'vitest';
import { seedExampleFiles as exampleFiles } from '../../electron/testKit/seedExamples';
import { AppError } from '../errors';
import { parsePrompt } from '../model/validatePrompt';
import type { LibraryContents, LibraryToWrite } from './libraryTypes';
import { readLibrary } from './readLibrary';
import { writeLibrary } from './writeLibrary';

/** What an export would hand to writeLibrary for a library that was read. */
function toWrite(library: LibraryContents): LibraryToWrite {
  return {
    prompts: library.prompts.map((prompt) => {
      const current = prompt.versions.find((version) => version.prompt.version === prompt.current);
      if (current === undefined) throw new Error(`no current version for ${prompt.id}`);
      return {
        current: current.prompt,
        versions: prompt.versions.map(({ prompt: version, changelog, author, created_at }) => ({
          prompt: version,
          changelog,
          author,
          created_at,
        })),
      };
    }),
    schemas: library.schemas.map((entry) => entry.schema),
  };
}

/** The parts of a library that must survive a round trip (file paths change by design). */
function essence(library: LibraryContents) {
  return {
    prompts: library.prompts.map((prompt) => ({
      id: prompt.id,
      current: prompt.current,
      versions: prompt.versions.map(({ prompt: version, changelog, author, created_at }) => ({
        version,
        changelog,
        author,
        created_at,
      })),
    })),
    schemas: library.schemas.map((entry) => entry.schema),
  };
}

describe('writeLibrary', () => {
  const original = readLibrary(exampleFiles());
  const written = writeLibrary(toWrite(original));

  it('writes <id>.yaml, every version under _versions, a history file and one file per schema', () => {
    const paths = written.map((file) => file.path);
    expect(paths).toContain('evolving_prompt.yaml');
    expect(paths).toContain('evolving_prompt/_versions/1.0.0.yaml');
    expect(paths).toContain('evolving_prompt/_versions/1.1.0.yaml');
    expect(paths).toContain('evolving_prompt/_versions/2.0.0.yaml');
    expect(paths).toContain('evolving_prompt/_history.yaml');
    expect(paths).toContain('schemas/user_with_address.yaml');
    expect(paths.filter((file) => file.startsWith('schemas/'))).toHaveLength(11);
    expect(paths).toHaveLength(8 + 11 + 8 + 11);
  });

  it('sorts its output by path and is deterministic', () => {
    const paths = written.map((file) => file.path);
    expect(paths).toEqual([...paths].sort());
    const shuffled = toWrite(original);
    shuffled.prompts.reverse();
    shuffled.schemas.reverse();
    for (const prompt of shuffled.prompts) prompt.versions.reverse();
    expect(writeLibrary(shuffled)).toEqual(written);
  });

  it('round-trips the examples: readLibrary(writeLibrary(readLibrary(examples))) keeps everything', () => {
    const again = readLibrary(written);
    expect(again.conflicts).toEqual([]);
    expect(essence(again)).toEqual(essence(original));
  });

  it('keeps changelogs, authors and dates through _history.yaml', () => {
    const library = toWrite(original);
    const evolving = library.prompts.find((prompt) => prompt.current.id === 'evolving_prompt');
    evolving!.versions[0]!.changelog = 'Add an output format';
    evolving!.versions[0]!.author = 'ana';
    evolving!.versions[2]!.created_at = '2024-01-01T00:00:00Z';
    const again = readLibrary(writeLibrary(library));
    const versions = again.prompts.find((prompt) => prompt.id === 'evolving_prompt')?.versions;
    expect(versions?.[0]).toMatchObject({ changelog: 'Add an output format', author: 'ana' });
    expect(versions?.[2]?.created_at).toBe('2024-01-01T00:00:00Z');
    const history = written.find((file) => file.path === 'evolving_prompt/_history.yaml')?.text;
    expect(history?.indexOf('version: 2.0.0')).toBeLessThan(
      history?.indexOf('version: 1.0.0') ?? -1,
    );
  });

  it('keeps metadata extras such as the marketing_email changelog list', () => {
    const again = readLibrary(written);
    const email = again.prompts.find((prompt) => prompt.id === 'marketing_email');
    expect(email?.versions[0]?.prompt.metadata.changelog).toHaveLength(2);
  });

  it('keeps a current version that is not the highest', () => {
    const old = parsePrompt({
      id: 'a',
      version: '1.0.0',
      format: 'text',
      template: { content: 'old' },
    });
    const newer = parsePrompt({
      id: 'a',
      version: '2.0.0',
      format: 'text',
      template: { content: 'new' },
    });
    const entry = (prompt: typeof old) => ({
      prompt,
      changelog: null,
      author: null,
      created_at: prompt.created_at,
    });
    const again = readLibrary(
      writeLibrary({
        prompts: [{ current: old, versions: [entry(old), entry(newer)] }],
        schemas: [],
      }),
    );
    expect(again.prompts[0]?.current).toBe('1.0.0');
    expect(again.prompts[0]?.versions.map((version) => version.prompt.version)).toEqual([
      '2.0.0',
      '1.0.0',
    ]);
  });

  it('refuses names that cannot be file names', () => {
    const prompt = {
      ...parsePrompt({ id: 'a', format: 'text', template: { content: 'x' } }),
      id: '../escape',
    };
    expect(() =>
      writeLibrary({ prompts: [{ current: prompt, versions: [] }], schemas: [] }),
    ).toThrow(AppError);
    const schema = { ...original.schemas[0]!.schema, name: '../../etc/x' };
    expect(() => writeLibrary({ prompts: [], schemas: [schema] })).toThrow(
      /cannot be used as a file name/,
    );
  });

  it('refuses a prompt or a version listed twice', () => {
    const prompt = parsePrompt({ id: 'a', format: 'text', template: { content: 'x' } });
    const entry = { prompt, changelog: null, author: null, created_at: prompt.created_at };
    expect(() =>
      writeLibrary({ prompts: [{ current: prompt, versions: [entry, entry] }], schemas: [] }),
    ).toThrow(/listed twice/);
    expect(() =>
      writeLibrary({
        prompts: [
          { current: prompt, versions: [] },
          { current: prompt, versions: [] },
        ],
        schemas: [],
      }),
    ).toThrow(/listed twice/);
  });
});
