// Label chips: the named pointers (`production`, `staging`, custom) set on a version or a prompt.

/** How a chip names a label that points at `version`, beside a row showing `shown`. */
export function labelText(label: string, version: string, shown?: string): string {
  return shown === undefined || version === shown ? label : `${label} ${version}`;
}

/** Chips that offer removing a label: which ones, and what a press does. */
export interface ChipRemoval {
  /** Whether this user may remove `label` (the role allows it; the library has the last word). */
  may(label: string): boolean;
  remove(label: string): void;
}

/**
 * The chips of `labels` (name → version); a label pointing at another version than `shown`
 * names that version too. Built-in labels first, then by name. With `removal`, a chip the user
 * may remove has a button "Remove label NAME from VERSION".
 */
export function LabelChips({
  labels,
  shown,
  removal,
}: {
  labels: Readonly<Record<string, string>>;
  shown?: string;
  removal?: ChipRemoval;
}) {
  const names = orderedLabels(Object.keys(labels));
  if (names.length === 0) return null;
  return (
    <span className="label-chips">
      {names.map((label) => (
        <span
          key={label}
          className={`label-chip ${label === 'production' ? 'label-chip--production' : ''}`}
        >
          {labelText(label, labels[label] ?? '', shown)}
          {removal?.may(label) ? (
            <button
              type="button"
              className="label-chip__remove"
              aria-label={`Remove label ${label} from ${labels[label] ?? ''}`}
              title={`Remove label ${label}`}
              onClick={() => removal.remove(label)}
            >
              ×
            </button>
          ) : null}
        </span>
      ))}
    </span>
  );
}

const BUILT_IN_ORDER: Readonly<Record<string, number>> = { production: 0, staging: 1 };

/** Label names as chips show them: production, staging, then the others by name. */
export function orderedLabels(names: readonly string[]): string[] {
  return [...names].sort(
    (a, b) => (BUILT_IN_ORDER[a] ?? 2) - (BUILT_IN_ORDER[b] ?? 2) || a.localeCompare(b),
  );
}

/** What a list of chips says, for an accessible name: "production, staging 1.0.0". */
export function labelsSaid(labels: Readonly<Record<string, string>>, shown?: string): string {
  return orderedLabels(Object.keys(labels))
    .map((label) => labelText(label, labels[label] ?? '', shown))
    .join(', ');
}
