// "Save version": pick patch/minor/major (each showing the version it makes), write a changelog,
// and when someone saved meanwhile, merge (reviewed here before saving) or discard.
import { useState } from 'react';
import { BUMP_LEVELS } from '../../../src-shared/model/prompt';
import type { BumpLevel } from '../../../src-shared/model/prompt';
import { nextVersion } from '../../../src-shared/version/versionNumbers';
import { mayEdit } from '../../commands/workbenchCommands';
import { isSecretRefusal } from '../../state/uiError';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { MergeReview } from './MergeReview';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';

/** The Save version dialog. */
export function SaveVersionDialog() {
  const store = useWorkbenchStore();
  const { base, document, conflict, merge, saving, saveError, changelog } = useWorkbench(
    (state) => state.editor,
  );
  // A role lowered to viewer while the dialog is open (learnt from the refusal) ends the offer.
  const mayWrite = useWorkbench(mayEdit);
  const [bump, setBump] = useState<BumpLevel>('patch');
  const setChangelog = store.getState().setChangelog;
  const close = (): void => store.getState().closeDialog();
  const isNew = base === null;

  const save = async (allowSecrets: boolean): Promise<void> => {
    const outcome = await store.getState().saveVersion(bump, changelog, allowSecrets);
    if (outcome === 'saved') close();
  };

  return (
    <FormDialog
      title="Save version"
      onClose={close}
      onSubmit={() => void save(false)}
      submitLabel="Save"
      submitDisabled={saving || conflict !== null || !mayWrite}
      className={merge ? 'dialog--merge' : undefined}
    >
      {merge ? <MergeReview /> : null}
      {isNew ? (
        <p className="hint">
          First version of <strong>{document?.id}</strong>: {document?.version}.
        </p>
      ) : (
        <fieldset className="field">
          <legend className="field__label">Change ({base} now)</legend>
          <div className="bump-options">
            {BUMP_LEVELS.map((level) => (
              <div
                key={level}
                className={`bump-option ${bump === level ? 'bump-option--checked' : ''}`}
              >
                <input
                  id={`bump-${level}`}
                  type="radio"
                  name="bump"
                  value={level}
                  checked={bump === level}
                  aria-describedby={`bump-${level}-result`}
                  onChange={() => setBump(level)}
                />
                {/* The radio's name is the level alone; the resulting version is its description. */}
                <label htmlFor={`bump-${level}`}>{level}</label>
                <span id={`bump-${level}-result`} className="bump-option__result mono">
                  <span className="visually-hidden">{level} </span>→{' '}
                  {base ? nextVersion(base, level) : ''}
                </span>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <Field label="Changelog">
        <textarea
          className="input"
          rows={3}
          data-autofocus
          value={changelog}
          placeholder="What changed, for whoever reads the history"
          onChange={(event) => setChangelog(event.target.value)}
        />
      </Field>
      {conflict ? (
        <div className="notice notice--warning" role="alert">
          <p>
            Someone saved {conflict.current} meanwhile. Merge brings their changes into yours (where
            you both changed the same lines you choose what stays); discarding loads{' '}
            {conflict.current} and drops your edits.
          </p>
          <div className="notice__actions">
            <Button small tone="primary" onClick={() => void store.getState().mergeWithCurrent()}>
              Merge
            </Button>
            <Button
              small
              tone="danger"
              onClick={() => {
                void store.getState().discardChanges();
                close();
              }}
            >
              Discard my changes
            </Button>
          </div>
        </div>
      ) : null}
      {saveError ? (
        <div className="inline-error" role="alert">
          <p>{saveError.message}</p>
          {isSecretRefusal(saveError) ? (
            <div className="notice__actions">
              <Button small tone="danger" onClick={() => void save(true)}>
                Save anyway
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </FormDialog>
  );
}
