// What saving a partial would do: the prompts whose output changes, and those that would break.
import type { PartialImpact } from '../../state/partialsSlice';

/** One group of affected prompts: a sentence, then the ids as chips. */
function PromptChips(props: { intro: string; label: string; ids: string[]; failed?: boolean }) {
  return (
    <>
      <p className={props.failed ? 'callout callout--error' : undefined}>{props.intro}</p>
      <ul className="chip-list" aria-label={props.label}>
        {props.ids.map((id) => (
          <li key={id} className={props.failed ? 'chip chip--error' : 'chip'}>
            {id}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The impact of an edit, as two labelled lists. */
export function PartialImpactList({ impact }: { impact: PartialImpact }) {
  const { changed, failed } = impact;
  if (changed.length === 0 && failed.length === 0) {
    return <p className="hint">No prompt’s rendered output changes.</p>;
  }
  return (
    <div className="partials__impact">
      {changed.length > 0 ? (
        <PromptChips
          intro={`The rendered output of ${changed.length} ${changed.length === 1 ? 'prompt changes' : 'prompts changes'}:`}
          label="Prompts whose output changes"
          ids={changed}
        />
      ) : null}
      {failed.length > 0 ? (
        <PromptChips
          intro={`${failed.length === 1 ? 'This prompt' : 'These prompts'} would no longer render:`}
          label="Prompts that would fail to render"
          ids={failed}
          failed
        />
      ) : null}
    </div>
  );
}
