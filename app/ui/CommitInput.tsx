// A text input that hands its value over on Enter or when left, not on every keystroke.
import { useState } from 'react';
import type { InputHTMLAttributes, KeyboardEvent } from 'react';

/** Props of a text cell that writes its value when left or on Enter; Escape puts it back. */
interface CommitInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
> {
  value: string;
  onCommit: (value: string) => void;
}

/** A text input whose value reaches the YAML on Enter or blur, not on every keystroke. */
export function CommitInput({ value, onCommit, className, ...native }: CommitInputProps) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The YAML changed underneath (typed there, or another edit): show its value.
    setShown(value);
    setDraft(value);
  }
  const commit = (): void => {
    if (draft !== value) onCommit(draft);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape' && draft !== value) {
      event.stopPropagation();
      setDraft(value);
    }
  };
  return (
    <input
      {...native}
      className={className ?? 'input input--small'}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
