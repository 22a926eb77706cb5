// "New prompt": an id and a format; creates an unsaved draft opened in the editor.
import { useState } from 'react';
import { PROMPT_ID_PATTERN } from '../../../src-shared/model/prompt';
import type { PromptFormat } from '../../../src-shared/model/prompt';
import { useWorkbenchStore } from '../../state/useWorkbench';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';

/** The New prompt dialog. */
export function NewPromptDialog() {
  const store = useWorkbenchStore();
  const [id, setId] = useState('');
  const [format, setFormat] = useState<PromptFormat>('text');
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const close = (): void => store.getState().closeDialog();

  const submit = async (): Promise<void> => {
    const trimmed = id.trim();
    if (!PROMPT_ID_PATTERN.test(trimmed)) {
      setProblem(
        'Use letters, digits, “_”, “.” or “-”, starting with a letter or digit (at most 128).',
      );
      return;
    }
    setChecking(true);
    const exists = await store
      .getState()
      .deps.api.getPrompt({ id: trimmed })
      .then(
        () => true,
        () => false,
      );
    setChecking(false);
    if (exists) {
      setProblem(`A prompt named ${trimmed} already exists.`);
      return;
    }
    close();
    store.getState().newPrompt(trimmed, format);
    store.getState().showTab('editor');
  };

  return (
    <FormDialog
      title="New prompt"
      onClose={close}
      onSubmit={() => void submit()}
      submitLabel="Create"
      submitDisabled={checking}
    >
      <Field label="Prompt id">
        <input
          className="input"
          data-autofocus
          value={id}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'new-prompt-problem' : undefined}
          onChange={(event) => {
            setId(event.target.value);
            setProblem(null);
          }}
        />
      </Field>
      {problem ? (
        <p id="new-prompt-problem" className="inline-error">
          {problem}
        </p>
      ) : null}
      <fieldset className="field">
        <legend className="field__label">Format</legend>
        <div className="radio-row">
          {(['text', 'chat'] as const).map((value) => (
            <label key={value} className="radio">
              <input
                type="radio"
                name="new-prompt-format"
                value={value}
                checked={format === value}
                onChange={() => setFormat(value)}
              />
              {value}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="hint">The prompt stays a draft until you save its first version.</p>
    </FormDialog>
  );
}
