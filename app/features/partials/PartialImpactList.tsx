// What saving a partial would do: the prompts whose output changes, and those that would break.
import type { PartialImpact } from './partialsStore';

/** The impact of an edit, as two labelled lists. */
export function PartialImpactList({ impact }: { impact: PartialImpact }) {
  if (impact.changed.length === 0 && impact.failed.length === 0) {
    return <p className="hint">No prompt’s rendered output changes.</p>;
  }
  return (
    <div className="partials__impact">
      {impact.changed.length > 0 ? (
        <>
          <p>
            The rendered output of {impact.changed.length}{' '}
            {impact.changed.length === 1 ? 'prompt changes' : 'prompts changes'}:
          </p>
          <ul className="chip-list" aria-label="Prompts whose output changes">
            {impact.changed.map((id) => (
              <li key={id} className="chip">
                {id}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {impact.failed.length > 0 ? (
        <>
          <p className="callout callout--error">
            {impact.failed.length === 1 ? 'This prompt' : 'These prompts'} would no longer render:
          </p>
          <ul className="chip-list" aria-label="Prompts that would fail to render">
            {impact.failed.map((id) => (
              <li key={id} className="chip chip--error">
                {id}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
