import { describe, expect, it } from 'vitest';
import { seedExampleFiles as exampleFiles } from '../../electron/testKit/seedExamples';
import { caught } from '../testKit/caught';
import type { AppError } from '../errors';
import { readLibrary } from './readLibrary';
import type { SourceFile } from './libraryTypes';

/** A minimal single-prompt document. */
function doc(id: string, version: string, content = `Hello from ${id}`): string {
  return `id: ${id}\nversion: ${version}\nformat: text\ntemplate:\n  content: ${JSON.stringify(content)}\n`;
}

function failure(files: SourceFile[]): AppError {
  const error = caught(() => readLibrary(files));
  expect(error.code).toBe('invalid_input');
  return error;
}

describe('readLibrary over the seed examples', () => {
  const library = readLibrary(exampleFiles());
  const byId = new Map(library.prompts.map((prompt) => [prompt.id, prompt]));

  it('finds the 8 prompts with their current versions', () => {
    expect(library.prompts.map((prompt) => [prompt.id, prompt.current])).toEqual([
      ['code_review', '1.0.0'],
      ['customer_support', '1.0.0'],
      ['data_analysis', '1.0.0'],
      ['evolving_prompt', '2.0.0'],
      ['greeting', '1.0.0'],
      ['marketing_email', '1.0.1'],
      ['simple_task', '1.0.1'],
      ['text_summarization', '1.0.0'],
    ]);
  });

  it('reads the history folders newest first', () => {
    const versions = (id: string) =>
      byId.get(id)?.versions.map((version) => version.prompt.version);
    expect(versions('evolving_prompt')).toEqual(['2.0.0', '1.1.0', '1.0.0']);
    expect(versions('simple_task')).toEqual(['1.0.1', '1.0.0']);
    expect(byId.get('evolving_prompt')?.versions[2]?.prompt.template?.content).toBe(
      'Basic version: {{input}}',
    );
    expect(byId.get('evolving_prompt')?.versions[2]?.file).toBe(
      'prompts/evolving_prompt/_versions/1.0.0.yaml',
    );
  });

  it('reads the 11 schemas', () => {
    expect(library.schemas).toHaveLength(11);
    expect(library.schemas.find((entry) => entry.schema.name === 'address')?.file).toBe(
      'schemas/address.yaml',
    );
  });

  it('reports exactly the two conflicts, the top-level file winning', () => {
    expect(library.conflicts).toEqual([
      {
        id: 'data_analysis',
        version: '1.0.0',
        files: [
          'prompts/data_analysis.yaml',
          'prompts/data_analysis/_versions/1.0.0.yaml',
          'prompts/data_analysis/1.0.0.yaml',
        ],
      },
      {
        id: 'greeting',
        version: '1.0.0',
        files: [
          'prompts/greeting.yaml',
          'prompts/greeting/_versions/1.0.0.yaml',
          'prompts/greeting/1.0.0.yaml',
        ],
      },
    ]);
    expect(byId.get('greeting')?.versions[0]?.prompt.template?.content).toContain(
      'Your role is {{role}}',
    );
  });

  it('merges legacy copies that differ only in uid and timestamps, keeping the current file', () => {
    const review = byId.get('code_review');
    expect(review?.versions).toHaveLength(1);
    expect(review?.versions[0]?.file).toBe('prompts/code_review.yaml');
    expect(review?.versions[0]?.prompt.uid).toBe('591e9d19-fa10-41a0-a067-75541f26d0b7');
  });

  it('leaves history metadata empty when there is no _history.yaml, dating versions by the file', () => {
    const version = byId.get('simple_task')?.versions[1];
    expect(version).toMatchObject({
      changelog: null,
      author: null,
      created_at: '2025-11-26T21:57:20.363250',
    });
  });
});

describe('readLibrary layout rules', () => {
  it('lets <id>.yaml name the current version even when a newer one exists', () => {
    const library = readLibrary([
      { path: 'a.yaml', text: doc('a', '1.0.0') },
      { path: 'a/_versions/2.0.0.yaml', text: doc('a', '2.0.0', 'newer') },
    ]);
    expect(library.prompts[0]).toMatchObject({ id: 'a', current: '1.0.0' });
    expect(library.prompts[0]?.versions.map((version) => version.prompt.version)).toEqual([
      '2.0.0',
      '1.0.0',
    ]);
  });

  it('takes the highest version (numeric order) as current without <id>.yaml', () => {
    const library = readLibrary([
      { path: 'a/_versions/1.9.0.yaml', text: doc('a', '1.9.0') },
      { path: 'a/_versions/1.10.0.yaml', text: doc('a', '1.10.0') },
      { path: 'a/1.2.0.yml', text: doc('a', '1.2.0') },
    ]);
    expect(library.prompts[0]?.current).toBe('1.10.0');
    expect(library.prompts[0]?.versions.map((version) => version.prompt.version)).toEqual([
      '1.10.0',
      '1.9.0',
      '1.2.0',
    ]);
  });

  it('prefers _versions over a legacy file when they conflict', () => {
    const library = readLibrary([
      { path: 'a/1.0.0.yaml', text: doc('a', '1.0.0', 'legacy') },
      { path: 'a/_versions/1.0.0.yaml', text: doc('a', '1.0.0', 'snapshot') },
    ]);
    expect(library.conflicts).toEqual([
      { id: 'a', version: '1.0.0', files: ['a/_versions/1.0.0.yaml', 'a/1.0.0.yaml'] },
    ]);
    expect(library.prompts[0]?.versions[0]?.prompt.template?.content).toBe('snapshot');
  });

  it('picks the first path in sorted order between equally ranked files', () => {
    const library = readLibrary([
      { path: 'z/other.yaml', text: doc('a', '1.0.0', 'from z') },
      { path: 'b/other.yaml', text: doc('a', '1.0.0', 'from b') },
    ]);
    expect(library.conflicts[0]?.files).toEqual(['b/other.yaml', 'z/other.yaml']);
    expect(library.prompts[0]?.versions[0]?.prompt.template?.content).toBe('from b');
  });

  it('accepts prompts, bundles and schema files at any depth, .yml too, and lists other files as skipped', () => {
    const library = readLibrary([
      { path: 'deep/er/still/greet.yml', text: doc('greet', '1.0.0') },
      {
        path: 'team/bundle.yaml',
        text: `prompts:\n- ${doc('b1', '1.0.0').trimEnd().replace(/\n/g, '\n  ')}\n`,
      },
      {
        path: 'x/y/s.yml',
        text: 'schemas:\n- name: s\n  fields:\n  - name: f\n    type: string\n',
      },
      { path: 'README.md', text: '# not yaml' },
      { path: 'logo.png', text: '\u0000PNG' },
    ]);
    expect(library.prompts.map((prompt) => prompt.id)).toEqual(['b1', 'greet']);
    expect(library.schemas.map((entry) => entry.schema.name)).toEqual(['s']);
    expect(library.skipped.map((entry) => entry.file)).toEqual(['README.md', 'logo.png']);
  });

  it('refuses a version file whose version differs from its name', () => {
    const error = failure([{ path: 'a/_versions/1.0.0.yaml', text: doc('a', '1.0.1') }]);
    expect(error.message).toBe(
      "a/_versions/1.0.0.yaml: holds version 1.0.1 but its file name says '1.0.0'",
    );
    expect(error.details).toEqual({ file: 'a/_versions/1.0.0.yaml' });
  });

  it('refuses a file in another prompt’s folder', () => {
    expect(failure([{ path: 'b/_versions/1.0.0.yaml', text: doc('a', '1.0.0') }]).message).toMatch(
      /^b\/_versions\/1\.0\.0\.yaml: holds prompt 'a' but sits in the folder 'b'/,
    );
    expect(failure([{ path: 'x/1.0.0.yaml', text: doc('a', '1.0.0') }]).details).toEqual({
      file: 'x/1.0.0.yaml',
    });
  });

  it('fails the whole read on any invalid file, naming it', () => {
    const good = { path: 'a.yaml', text: doc('a', '1.0.0') };
    expect(failure([good, { path: 'bad.yaml', text: 'id: [' }]).details?.file).toBe('bad.yaml');
    expect(failure([good, { path: 'p.yaml', text: 'id: p\nformat: chat\n' }]).message).toMatch(
      /^p\.yaml: invalid prompt: chat_template: Chat format requires chat_template/,
    );
    expect(failure([good, { path: 'e.yaml', text: '' }]).message).toBe('e.yaml: the file is empty');
    expect(failure([good, { path: 'n.yaml', text: 'title: x\n' }]).message).toMatch(
      /^n\.yaml: not a prompt/,
    );
    expect(failure([good, { path: 'i.yaml', text: 'id: i\n' }]).message).toMatch(
      /^i\.yaml: invalid prompt: format: format is required/,
    );
  });

  it('merges a schema defined identically twice; one defined differently is a conflict the last file wins', () => {
    const schema = (type: string) =>
      `schemas:\n- name: s\n  fields:\n  - name: f\n    type: ${type}\n`;
    const same = readLibrary([
      { path: 'a.yaml', text: schema('string') },
      { path: 'b.yaml', text: schema('string') },
    ]);
    expect(same.schemas).toHaveLength(1);
    expect(same.schemaConflicts).toEqual([]);
    const clash = readLibrary([
      { path: 'c.yaml', text: schema('integer') },
      { path: 'a.yaml', text: schema('string') },
      { path: 'b.yaml', text: schema('string') },
    ]);
    expect(clash.schemaConflicts).toEqual([{ name: 's', files: ['c.yaml', 'a.yaml', 'b.yaml'] }]);
    expect(clash.schemas).toEqual([
      { schema: expect.objectContaining({ name: 's' }), file: 'c.yaml', source: schema('integer') },
    ]);
    expect(clash.schemas[0]?.schema.fields[0]?.type).toBe('integer');
  });

  it('reads _history.yaml metadata onto the matching versions', () => {
    const library = readLibrary([
      { path: 'a.yaml', text: doc('a', '1.0.1') },
      { path: 'a/_versions/1.0.0.yaml', text: doc('a', '1.0.0', 'old') },
      {
        path: 'a/_history.yaml',
        text: "- version: 1.0.1\n  changelog: Fix tone\n  author: ana\n  created_at: '2024-02-01T00:00:00Z'\n",
      },
    ]);
    expect(library.prompts[0]?.versions[0]).toMatchObject({
      changelog: 'Fix tone',
      author: 'ana',
      created_at: '2024-02-01T00:00:00Z',
    });
    expect(library.prompts[0]?.versions[1]).toMatchObject({ changelog: null, author: null });
  });

  it('refuses a malformed _history.yaml, naming it', () => {
    const error = failure([
      { path: 'a.yaml', text: doc('a', '1.0.0') },
      { path: 'a/_history.yaml', text: '- version: 1.0\n  created_at: x\n' },
    ]);
    expect(error.message).toMatch(/^a\/_history\.yaml: invalid history file: 0\.version/);
  });

  it('refuses the same path listed twice', () => {
    const file = { path: 'a.yaml', text: doc('a', '1.0.0') };
    expect(failure([file, file]).message).toBe('a.yaml: the same file is listed twice');
  });
});

/** A seed `PromptVersion` JSON snapshot (§1.7) of `doc`'s prompt. */
function snapshot(id: string, version: string, content: string, extra = {}): string {
  return JSON.stringify({
    prompt: { id, version, format: 'text', template: { content } },
    version,
    created_at: '2025-11-26T22:42:52.448065',
    created_by: 'ana',
    changelog: `Snapshot of ${version}`,
    parent_version: null,
    checksum: 'ab'.repeat(32),
    ...extra,
  });
}

describe('readLibrary JSON version snapshots', () => {
  it('reads <id>/_versions/<v>.json as a version, with its changelog, author and date', () => {
    const library = readLibrary([
      { path: 'a.yaml', text: doc('a', '2.0.0') },
      { path: 'a/_versions/1.0.0.json', text: snapshot('a', '1.0.0', 'first {{x}}') },
    ]);
    expect(library.prompts[0]?.current).toBe('2.0.0');
    expect(library.prompts[0]?.versions[1]).toMatchObject({
      file: 'a/_versions/1.0.0.json',
      changelog: 'Snapshot of 1.0.0',
      author: 'ana',
      created_at: '2025-11-26T22:42:52.448065',
      prompt: expect.objectContaining({ version: '1.0.0', template: expect.anything() }),
    });
    expect(library.prompts[0]?.versions[1]?.prompt.template?.content).toBe('first {{x}}');
    expect(library.skipped).toEqual([]);
  });

  it('reads version-store files (<id>_<v>.json) by their content', () => {
    const library = readLibrary([
      { path: 'store/a_1.2.0.json', text: snapshot('a', '1.2.0', 'x') },
    ]);
    expect(library.prompts.map((prompt) => [prompt.id, prompt.current])).toEqual([['a', '1.2.0']]);
  });

  it('applies the YAML conflict rules: <id>.yaml wins, then _versions YAML, then JSON', () => {
    const library = readLibrary([
      { path: 'a.yaml', text: doc('a', '1.0.0', 'top') },
      { path: 'a/_versions/1.0.0.json', text: snapshot('a', '1.0.0', 'json') },
      { path: 'a/_versions/1.0.0.yaml', text: doc('a', '1.0.0', 'yaml') },
      { path: 'b/_versions/1.0.0.json', text: snapshot('b', '1.0.0', 'json') },
      { path: 'b/_versions/1.0.0.yaml', text: doc('b', '1.0.0', 'yaml') },
      { path: 'c/_versions/1.0.0.json', text: snapshot('c', '1.0.0', 'same') },
      { path: 'c/_versions/1.0.0.yaml', text: doc('c', '1.0.0', 'same') },
    ]);
    expect(library.conflicts).toEqual([
      {
        id: 'a',
        version: '1.0.0',
        files: ['a.yaml', 'a/_versions/1.0.0.yaml', 'a/_versions/1.0.0.json'],
      },
      { id: 'b', version: '1.0.0', files: ['b/_versions/1.0.0.yaml', 'b/_versions/1.0.0.json'] },
    ]);
    const content = (id: string) =>
      library.prompts.find((prompt) => prompt.id === id)?.versions[0]?.prompt.template?.content;
    expect([content('a'), content('b'), content('c')]).toEqual(['top', 'yaml', 'same']);
  });

  it('lists other JSON as skipped, but refuses non-snapshot JSON in _versions', () => {
    const library = readLibrary([
      { path: 'package.json', text: '{"name":"x"}' },
      { path: 'a.yaml', text: doc('a', '1.0.0') },
    ]);
    expect(library.skipped).toEqual([
      {
        file: 'package.json',
        reason: 'a .json file that is not a seed version snapshot (prompt, version, checksum)',
      },
    ]);
    expect(failure([{ path: 'a/_versions/1.0.0.json', text: '{"name":"x"}' }]).message).toMatch(
      /^a\/_versions\/1\.0\.0\.json: a \.json file in _versions must be a seed version snapshot/,
    );
  });

  it('refuses a snapshot that is invalid, disagrees with itself or with its file name', () => {
    expect(failure([{ path: 's.json', text: '{"prompt": ' }]).details?.file).toBe('s.json');
    expect(
      failure([{ path: 's.json', text: snapshot('a', '1.0.0', 'x', { version: '2.0.0' }) }])
        .message,
    ).toBe(
      "s.json: invalid version snapshot: version: version 2.0.0 differs from the prompt's own version 1.0.0 [mismatch]",
    );
    expect(
      failure([{ path: 's.json', text: snapshot('a', '1.0.0', 'x', { extra: 1 }) }]).message,
    ).toMatch(/^s\.json: invalid version snapshot: extra:/);
    expect(failure([{ path: 's.json', text: snapshot('a', '1.0.0', '') }]).message).toMatch(
      /^s\.json: invalid version snapshot: prompt\.template\.content/,
    );
    expect(
      failure([{ path: 'a/_versions/1.0.1.json', text: snapshot('a', '1.0.0', 'x') }]).message,
    ).toBe("a/_versions/1.0.1.json: holds version 1.0.0 but its file name says '1.0.1'");
  });
});

describe('readLibrary bundle metadata', () => {
  const bundle = (metadata: string, own = '') =>
    `version: "2.1.0"\nmetadata: ${metadata}\nprompts:\n- id: b1\n  format: text\n  template:\n    content: Hi\n${own}`;

  it("keeps a bundle's top-level metadata in each of its prompts", () => {
    const library = readLibrary([{ path: 'team.yaml', text: bundle('{owner: ana, tags: [x]}') }]);
    expect(library.prompts[0]?.versions[0]?.prompt.metadata.bundle_metadata).toEqual({
      owner: 'ana',
      tags: ['x'],
    });
    const bare = readLibrary([{ path: 'team.yaml', text: bundle('{}') }]);
    expect(bare.prompts[0]?.versions[0]?.prompt.metadata).not.toHaveProperty('bundle_metadata');
  });

  it('refuses a prompt whose own bundle_metadata differs from its bundle’s', () => {
    const own = '  metadata:\n    bundle_metadata: {owner: bo}\n';
    expect(failure([{ path: 'team.yaml', text: bundle('{owner: ana}', own) }]).message).toMatch(
      /^team\.yaml: prompt 'b1' has its own metadata\.bundle_metadata/,
    );
    const same = '  metadata:\n    bundle_metadata: {owner: ana}\n';
    expect(
      readLibrary([{ path: 'team.yaml', text: bundle('{owner: ana}', same) }]).prompts,
    ).toHaveLength(1);
  });
});
