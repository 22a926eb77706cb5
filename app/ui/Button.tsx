// The workbench's button: one place that turns a tone and a size into the button classes.
import type { ButtonHTMLAttributes } from 'react';

/** Props of a button: any native button prop, plus its look. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Primary for the main action, danger for a destructive one, quiet for a minor one. */
  tone?: 'primary' | 'danger' | 'quiet';
  /** The compact size used in headers, toolbars and lists. */
  small?: boolean;
}

/** A button of type "button" unless told otherwise (so it never submits a form by accident). */
export function Button({ tone, small, className, type = 'button', ...native }: ButtonProps) {
  const classes = [
    'button',
    small ? 'button--small' : '',
    tone ? `button--${tone}` : '',
    className,
  ];
  return <button type={type} className={classes.filter(Boolean).join(' ')} {...native} />;
}
