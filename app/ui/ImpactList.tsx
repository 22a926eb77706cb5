// What saving a shared piece (a partial, a schema) would do to the prompts that use it: groups
// of prompt ids as chips, each with what breaks for it when there is something to say.
import type { ReactNode } from 'react';

/** One group of affected prompts: a sentence, then the ids (with notes, when given). */
export interface ImpactGroup {
  intro: string;
  /** The accessible name of the group's list. */
  label: string;
  items: { id: string; notes?: readonly string[] }[];
  /** True for prompts the change breaks. */
  failed?: boolean;
}

function Chip({ id, failed }: { id: string; failed?: boolean }) {
  return <span className={failed ? 'chip chip--error' : 'chip'}>{id}</span>;
}

function Group({ group }: { group: ImpactGroup }) {
  const noted = group.items.some((item) => (item.notes ?? []).length > 0);
  let list: ReactNode;
  if (noted) {
    list = (
      <ul className="impact__list" aria-label={group.label}>
        {group.items.map((item) => (
          <li key={item.id} className="impact__item">
            <Chip id={item.id} failed={group.failed} />
            <ul className="impact__notes">
              {(item.notes ?? []).map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    );
  } else {
    list = (
      <ul className="chip-list" aria-label={group.label}>
        {group.items.map((item) => (
          <li key={item.id} className={group.failed ? 'chip chip--error' : 'chip'}>
            {item.id}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      <p className={group.failed ? 'callout callout--error' : undefined}>{group.intro}</p>
      {list}
    </>
  );
}

/** The groups that have prompts in them, or `none` when no group has any. */
export function ImpactList({ groups, none }: { groups: readonly ImpactGroup[]; none: string }) {
  const shown = groups.filter((group) => group.items.length > 0);
  if (shown.length === 0) return <p className="hint">{none}</p>;
  return (
    <div className="impact">
      {shown.map((group) => (
        <Group key={group.label} group={group} />
      ))}
    </div>
  );
}
