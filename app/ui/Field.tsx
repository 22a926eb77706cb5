// A labelled form field: the label wraps its control, so the control is named by it.
import type { ReactNode } from 'react';

/** Props of a field; `children` is the one control (input, select, textarea). */
export interface FieldProps {
  label: string;
  /** A field sized for a number rather than a line of text. */
  narrow?: boolean;
  children: ReactNode;
}

/** A label above its control. */
export function Field({ label, narrow, children }: FieldProps) {
  return (
    <label className={narrow ? 'field field--narrow' : 'field'}>
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}
