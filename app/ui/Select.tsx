// A small drop-down over a list of options, each a value and the text shown for it.
import type { SelectHTMLAttributes } from 'react';

/** One option of a select. */
export interface SelectOption {
  value: string;
  label: string;
}

/** Props of a select: native props (id, aria-label…), its options, and the chosen value. */
export interface SelectProps extends Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'onChange' | 'value' | 'children'
> {
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
}

/** Options from plain values shown as themselves. */
export const optionsOf = (values: readonly string[]): SelectOption[] =>
  values.map((value) => ({ value, label: value }));

/** A compact select; `onChange` receives the chosen value. */
export function Select({ value, options, onChange, className, ...native }: SelectProps) {
  return (
    <select
      {...native}
      className={className ?? 'input input--small'}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
