import { beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../cli/cliTestKit';
import { sampleLibraryDir } from './sampleLibrary';

describe('the first-run sample library', () => {
  const box = cliSandbox();
  let ids: string[] = [];

  beforeAll(async () => {
    const dir = sampleLibraryDir();
    expect(dir).not.toBeNull();
    const run = await box.pwb('import', dir ?? '', '--json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({
      conflicts: [],
      schema_conflicts: [],
      skipped: [],
    });
    ids = (JSON.parse((await box.pwb('list', '--json')).stdout) as { id: string }[]).map(
      (row) => row.id,
    );
  });

  it('holds the three sample prompts', () => {
    expect(ids).toEqual(['code_explainer', 'release_notes', 'support_triage']);
  });

  it('renders every prompt, every version, with no variables given: its input schema has example values', async () => {
    for (const id of ids) {
      const versions = JSON.parse((await box.pwb('history', id, '--json')).stdout) as {
        version: string;
      }[];
      for (const { version } of versions) {
        const run = await box.pwb('render', id, '--version', version);
        expect(run.stderr, `${id} ${version}`).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).not.toBe('');
      }
    }
    const notes = await box.pwb('render', 'release_notes');
    expect(notes.stdout).toContain('Write release notes for Acme Notes version 2.4.');
    expect(notes.stdout).toContain('- Dark mode follows the system setting');
    const triage = JSON.parse((await box.pwb('render', 'support_triage')).stdout);
    expect(triage[1].content).toContain('Ticket from Dana Kim');
  });

  it('lets given values replace the examples', async () => {
    const run = await box.pwb(
      'render',
      'code_explainer',
      '--var',
      'language=go',
      '--var',
      'code=x',
    );
    expect(JSON.parse(run.stdout)[1].content).toContain('Explain this go code');
  });

  it('exports every prompt for every target without variables', async () => {
    for (const id of ids) {
      for (const to of ['openai', 'anthropic', 'langchain', 'litellm']) {
        const run = await box.pwb('convert', id, '--to', to);
        expect(run.stderr, `${id} → ${to}`).toBe('');
      }
    }
  });
});
