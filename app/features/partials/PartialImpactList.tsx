// What saving a partial would do: the prompts whose output changes, and those that would break.
import type { PartialImpact } from '../../state/partialsSlice';
import { ImpactList } from '../../ui/ImpactList';

const ids = (list: string[]) => list.map((id) => ({ id }));

/** The impact of an edit, as two labelled lists. */
export function PartialImpactList({ impact }: { impact: PartialImpact }) {
  const { changed, failed } = impact;
  return (
    <ImpactList
      none="No prompt’s rendered output changes."
      groups={[
        {
          intro: `The rendered output of ${changed.length} ${changed.length === 1 ? 'prompt changes' : 'prompts changes'}:`,
          label: 'Prompts whose output changes',
          items: ids(changed),
        },
        {
          intro: `${failed.length === 1 ? 'This prompt' : 'These prompts'} would no longer render:`,
          label: 'Prompts that would fail to render',
          items: ids(failed),
          failed: true,
        },
      ]}
    />
  );
}
