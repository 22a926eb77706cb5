// A dialog around one form: Cancel and a submit button below it, wired to the form by id.
import { useId } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';
import type { DialogProps } from './Dialog';

/** Props of a form dialog; `children` are the form's fields. */
export interface FormDialogProps extends Omit<DialogProps, 'footer'> {
  /** Called on submit (button, Enter); the page does not navigate. */
  onSubmit: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
  /** The Cancel button's text, e.g. "Close" once the work is done. */
  cancelLabel?: string;
  cancelDisabled?: boolean;
  /** The form element's class (layout of the fields). */
  formClassName?: string;
  /** Shown below the form, outside it (progress, a report). */
  after?: ReactNode;
}

/** A modal dialog whose footer submits the form it holds. */
export function FormDialog(props: FormDialogProps) {
  const { onSubmit, submitLabel, submitDisabled, cancelLabel, cancelDisabled, ...rest } = props;
  const { formClassName, after, children, ...dialog } = rest;
  const formId = `${useId()}-form`;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSubmit();
  };
  const footer = (
    <>
      <Button onClick={dialog.onClose} disabled={cancelDisabled}>
        {cancelLabel ?? 'Cancel'}
      </Button>
      <Button type="submit" form={formId} tone="primary" disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </>
  );
  // Ctrl/Cmd+Enter submits like the button does: the browser's checks of required fields
  // included, and nothing while the button is disabled.
  const submitShortcut = submitDisabled
    ? undefined
    : () => (document.getElementById(formId) as HTMLFormElement | null)?.requestSubmit();
  return (
    <Dialog {...dialog} footer={footer} onSubmitShortcut={submitShortcut}>
      <form id={formId} className={formClassName ?? 'form'} onSubmit={submit}>
        {children}
      </form>
      {after}
    </Dialog>
  );
}
