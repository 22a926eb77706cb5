// "New prompt": an id and a format; opens a new prompt in the editor (kept until first saved), or
// offers back the new prompt already kept under that id.
import { useState } from 'react';
import { PROMPT_ID_PATTERN } from '../../../src-shared/model/prompt';
import type { PromptFormat } from '../../../src-shared/model/prompt';
import { requestEditorFocus } from '../../monaco/editorFocus';
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
  /** The id under which a new prompt is already kept (never saved): offered back, not replaced. */
  const [kept, setKept] = useState<string | null>(null);
  const close = (): void => store.getState().closeDialog();
  const openKept = (keptId: string): void => {
    close();
    void store.getState().openPrompt(keptId);
    store.getState().showTab('editor');
  };

  const submit = async (): Promise<void> => {
    const trimmed = id.trim();
    if (kept !== null && kept === trimmed) {
      openKept(kept);
      return;
    }
    if (!PROMPT_ID_PATTERN.test(trimmed)) {
      setProblem(
        'Use letters, digits, “_”, “.” or “-”, starting with a letter or digit (at most 128).',
      );
      return;
    }
    setChecking(true);
    const { api } = store.getState().deps;
    const [exists, draft] = await Promise.all([
      api.getPrompt({ id: trimmed }).then(
        () => true,
        () => false,
      ),
      api.getDraft({ id: trimmed }).catch(() => null),
    ]);
    setChecking(false);
    if (exists) {
      setProblem(`A prompt named ${trimmed} already exists.`);
      return;
    }
    if (draft) {
      setKept(trimmed);
      return;
    }
    close();
    store.getState().newPrompt(trimmed, format);
    // Typing starts in the new prompt: its template, or the last (empty) message of a chat. The
    // editor is built after this render, so the request is in time.
    const messages = store.getState().editor.document?.chat_template?.messages.length;
    requestEditorFocus(messages ? `Message ${messages}` : 'Template');
    store.getState().showTab('editor');
  };

  return (
    <FormDialog
      title="New prompt"
      onClose={close}
      onSubmit={() => void submit()}
      submitLabel={kept ? `Open ${kept}` : 'Create'}
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
            setKept(null);
          }}
        />
      </Field>
      {problem ? (
        <p id="new-prompt-problem" className="inline-error">
          {problem}
        </p>
      ) : null}
      {kept ? (
        <div className="notice notice--warning" role="alert">
          <p>
            A new prompt named <strong>{kept}</strong> was started and never saved; it is kept with
            what you typed. Open it to carry on; Discard in the editor starts afresh.
          </p>
        </div>
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
      <p className="hint">
        Until you save its first version it is a new prompt, kept as you type and listed in the
        library as “new prompt, not saved”.
      </p>
    </FormDialog>
  );
}
