// What the Tests and Evaluation regions show while no stored prompt is open: test cases and runs
// belong to a prompt in the library.
import { EmptyState } from '../../ui/EmptyState';

/** Props: the region's name and class, whether a (new) prompt is open, and what it would do. */
export interface NeedsSavedPromptProps {
  label: string;
  className: string;
  promptOpen: boolean;
  /** Said when no prompt is open ("Open a prompt to evaluate it."). */
  openHint: string;
}

/** The region, empty, saying what to do first. */
export function NeedsSavedPrompt({
  label,
  className,
  promptOpen,
  openHint,
}: NeedsSavedPromptProps) {
  return (
    <section className={`pwb-feature ${className}`} aria-label={label}>
      <EmptyState hint="Test cases and runs belong to a prompt in the library: save it once first.">
        {promptOpen ? 'This prompt is not saved yet.' : openHint}
      </EmptyState>
    </section>
  );
}
