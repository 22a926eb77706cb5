// "Move label": points a label (production, staging or a custom name) of the open prompt at a
// version. The name is checked as the library checks it; a refusal by the library is a notice.
import { useState } from 'react';
import { BUILT_IN_LABELS, isLabelName } from '../../../src-shared/model/labels';
import { PRODUCTION, mayMoveLabel } from '../../state/historySlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { Select, optionsOf } from '../../ui/Select';

const NAME_RULE =
  'Use a lower-case letter, then up to 31 lower-case letters, digits, “_” or “-” (for example staging or canary-eu).';

/** The Move label dialog, opened on `version` with `label` (default staging) filled in. */
export function MoveLabelDialog({ version, label }: { version: string; label?: string }) {
  const store = useWorkbenchStore();
  const id = useWorkbench((state) => state.history.id);
  const versions = useWorkbench((state) => state.history.versions);
  const labels = useWorkbench((state) => state.history.labels);
  const connection = useWorkbench((whole) => whole.connection);
  const refusedLabels = useWorkbench((whole) => whole.refusedLabels);
  const [name, setName] = useState(label ?? 'staging');
  const [target, setTarget] = useState(version);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = (): void => store.getState().closeDialog();
  const suggestions = [
    ...new Set([...BUILT_IN_LABELS, ...labels.map((entry) => entry.label)]),
  ].filter((candidate) => mayMoveLabel({ connection, refusedLabels }, candidate));
  const now = labels.find((entry) => entry.label === name.trim())?.version;

  const submit = async (): Promise<void> => {
    const chosen = name.trim();
    if (!isLabelName(chosen)) {
      setProblem(NAME_RULE);
      return;
    }
    if (!mayMoveLabel(store.getState(), chosen)) {
      setProblem(
        chosen === PRODUCTION
          ? 'Only publishers and admins may move production.'
          : 'Your role may not move labels.',
      );
      return;
    }
    setBusy(true);
    const moved = await store.getState().moveLabel(chosen, target);
    setBusy(false);
    if (moved) close();
  };

  return (
    <FormDialog
      title="Move label"
      onClose={close}
      onSubmit={() => void submit()}
      submitLabel="Move label"
      submitDisabled={busy || !id}
    >
      <Field label="Label">
        <input
          className="input mono"
          data-autofocus
          list="move-label-names"
          value={name}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'move-label-problem' : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(null);
          }}
        />
      </Field>
      <datalist id="move-label-names">
        {suggestions.map((candidate) => (
          <option key={candidate} value={candidate} />
        ))}
      </datalist>
      {problem ? (
        <p id="move-label-problem" className="inline-error">
          {problem}
        </p>
      ) : null}
      <Field label="Version">
        <Select
          className="input"
          value={target}
          options={optionsOf(versions.map((entry) => entry.version))}
          onChange={setTarget}
        />
      </Field>
      <p className="hint">
        {now
          ? `${name.trim()} points at ${now} now; applications asking for it get ${target} after the move.`
          : `Applications asking for ${id ?? 'this prompt'} by this label get ${target}.`}{' '}
        Every move is recorded in the audit log.
      </p>
    </FormDialog>
  );
}
