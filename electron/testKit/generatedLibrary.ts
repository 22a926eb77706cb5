// Test and bench kit: a generated library folder in the seed layout, as `pwb export` writes one:
// prompts with several versions and their history, test cases, schemas some prompts name and
// partials some include. Built through the SQLite services, so every file is one they accept.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeLibrary } from '../../src-shared/library';
import { parsePrompt } from '../../src-shared/model/validatePrompt';
import { sqliteFilesPort } from '../services/files/sqliteFilesPort';
import { createServices } from '../services/index';

/** What a generated folder holds. */
export interface GeneratedLibrary {
  prompts: number;
  versions: number;
  /** Prompts with test cases (every fourth). */
  withTests: number;
  schemas: number;
  partials: number;
}

const TOPICS = ['invoices', 'refunds', 'onboarding', 'summaries', 'translation', 'security'];
const BRIEFING =
  'Read the whole conversation before answering. Prefer concrete steps over general advice, ' +
  'and say plainly when you do not know something instead of guessing. Keep the answer short ' +
  'enough to read on a phone: a one-line summary first, then at most five numbered steps.';

/** The id of generated prompt `index` (`p00000`…, in id order). */
export function generatedId(index: number): string {
  return `p${String(index).padStart(5, '0')}`;
}

/**
 * Writes a library of `count` prompts into `folder` (without syncing each file: it is only
 * read), each with `versions` versions; ids `p00000`… (see generatedId). Versions are 1.0.0,
 * 1.0.1, … with changelogs `edit N`; every fourth prompt has two test cases; every tenth names
 * one of 20 schemas as its input schema; every fifth includes one of 10 partials.
 */
export async function writeGeneratedLibrary(
  folder: string,
  count: number,
  versions = 3,
): Promise<GeneratedLibrary> {
  const schemas = 20;
  const partials = 10;
  const work = mkdtempSync(join(tmpdir(), 'pwb-generated-'));
  const services = createServices({ dbPath: join(work, 'source.db'), actor: 'generator' });
  try {
    for (let index = 0; index < schemas; index += 1) {
      services.schemas.saveYaml(
        `schemas:\n  - name: generated_schema_${index}\n    version: "1.0.0"\n    fields:\n` +
          `      - name: name\n        type: string\n        required: true\n` +
          `      - name: subject\n        type: string\n`,
      );
    }
    for (let index = 0; index < partials; index += 1) {
      services.partials.save(`generated_partial_${index}`, `Signed, team ${index}, for {{name}}.`);
    }
    let withTests = 0;
    services.db.transaction(() => {
      for (let index = 0; index < count; index += 1) {
        const id = generatedId(index);
        const topic = TOPICS[index % TOPICS.length] ?? 'support';
        const include = index % 5 === 0 ? `\n{{> generated_partial_${index % partials}}}` : '';
        const content = (edit: number) =>
          `Prompt ${id} helps with ${topic} (word${index % 997}). Hello {{name}}, about ` +
          `{{subject}}.\n${BRIEFING}${include}${edit > 0 ? `\nEdit ${edit}.` : ''}`;
        const document = (edit: number) =>
          parsePrompt({
            id,
            version: '1.0.0',
            format: 'text',
            template: { content: content(edit), variables: ['name', 'subject'] },
            status: 'active',
            input_schema: index % 10 === 0 ? `generated_schema_${index % schemas}` : null,
            metadata: {
              description: `Generated prompt ${index} about ${topic}`,
              tags: ['generated', topic, `group${index % 50}`],
              category: `category${index % 20}`,
            },
          });
        let base = services.prompts.save({ document: document(0) }).version;
        for (let edit = 1; edit < versions; edit += 1) {
          base = services.prompts.save({
            document: document(edit),
            base,
            changelog: `edit ${edit}`,
          }).version;
        }
        if (index % 4 === 0) {
          withTests += 1;
          services.tests.replace(id, [
            { name: 'ada', vars: { name: 'Ada', subject: 'tests' }, assert: [] },
            { name: 'bob', vars: { name: 'Bob', subject: 'bills' }, assert: [] },
          ]);
        }
      }
    })();
    const library = await sqliteFilesPort(services).contents();
    const files = writeLibrary(library);
    for (const [name, content] of Object.entries(library.partials)) {
      files.push({ path: `partials/${name}.hbs`, text: content });
    }
    for (const file of files) {
      const path = join(folder, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
    return { prompts: count, versions: count * versions, withTests, schemas, partials };
  } finally {
    await services.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}
