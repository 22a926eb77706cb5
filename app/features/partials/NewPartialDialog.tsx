// Asks for the name of a new partial.
import { useId, useState } from 'react';
import { FormDialog } from '../../ui/FormDialog';

/** Props of the New partial dialog; `onCreate` returns why a name is refused, or null. */
export interface NewPartialDialogProps {
  onCreate: (name: string) => string | null;
  onClose: () => void;
}

/** The "New partial" dialog with its "Partial name" textbox. */
export function NewPartialDialog({ onCreate, onClose }: NewPartialDialogProps) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const create = (): void => {
    const refused = onCreate(name.trim());
    if (refused) setProblem(refused);
    else onClose();
  };
  return (
    <FormDialog
      title="New partial"
      onClose={onClose}
      onSubmit={create}
      submitLabel="Create"
      formClassName="form-row"
    >
      <label htmlFor={`${id}-name`}>Partial name</label>
      <input
        id={`${id}-name`}
        className="input"
        data-autofocus
        value={name}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          setName(event.target.value);
          setProblem(null);
        }}
      />
      <p id={`${id}-help`} className={problem ? 'field-error' : 'hint'}>
        {problem ?? 'Prompts include it as {{> name}}.'}
      </p>
    </FormDialog>
  );
}
