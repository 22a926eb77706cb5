// What saving a schema would do: the prompts it breaks something for (and what), and the others
// that use it.
import type { SchemaImpactEntry } from '../../../src-shared/contract/dto';
import { ImpactList } from '../../ui/ImpactList';

/** One entry per prompt, its problems across the schemas of the text. */
function byPrompt(entries: readonly SchemaImpactEntry[]): { id: string; notes: string[] }[] {
  const notes = new Map<string, string[]>();
  for (const entry of entries) {
    notes.set(entry.prompt, [...(notes.get(entry.prompt) ?? []), ...entry.problems]);
  }
  return [...notes].map(([id, list]) => ({ id, notes: list }));
}

/** The impact of a schema edit, as two labelled lists. */
export function SchemaImpactList({ entries }: { entries: readonly SchemaImpactEntry[] }) {
  const prompts = byPrompt(entries);
  const broken = prompts.filter((prompt) => prompt.notes.length > 0);
  const fine = prompts.filter((prompt) => prompt.notes.length === 0).map(({ id }) => ({ id }));
  return (
    <ImpactList
      none="No prompt uses this schema."
      groups={[
        {
          intro: `This change breaks something for ${broken.length === 1 ? 'this prompt' : `these ${broken.length} prompts`}:`,
          label: 'Prompts this change breaks',
          items: broken,
          failed: true,
        },
        {
          intro: `${fine.length === 1 ? 'This prompt uses' : 'These prompts use'} the schema; nothing found that breaks:`,
          label: 'Prompts that use this schema',
          items: fine,
        },
      ]}
    />
  );
}
