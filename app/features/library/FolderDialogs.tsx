// "Import folder…" and "Export folder…": a path on this machine, progress, then the report.
import { useState } from 'react';
import type { ImportReport } from '../../../src-shared/contract/dto';
import type { FolderOperation } from '../../state/librarySlice';
import { isSecretRefusal } from '../../state/uiError';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <section aria-label="Import report" className="report">
      <p>
        Imported {report.prompts} {report.prompts === 1 ? 'prompt' : 'prompts'}, {report.versions}{' '}
        {report.versions === 1 ? 'version' : 'versions'} and {report.schemas}{' '}
        {report.schemas === 1 ? 'schema' : 'schemas'}.
      </p>
      {report.conflicts.length === 0 ? (
        <p>No conflicts.</p>
      ) : (
        <>
          <h3 className="report__heading">
            {report.conflicts.length} {report.conflicts.length === 1 ? 'conflict' : 'conflicts'}:
            files disagree on the same version (the top-level file was kept)
          </h3>
          <ul className="report__conflicts">
            {report.conflicts.map((conflict) => (
              <li key={`${conflict.id}@${conflict.version}`}>
                <strong>{conflict.id}</strong> <span className="mono">{conflict.version}</span>
                <ul className="report__files">
                  {conflict.files.map((file) => (
                    <li key={file} className="mono">
                      {file}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function OperationState(props: { operation: FolderOperation | null; onOverride: () => void }) {
  const { operation } = props;
  if (!operation) return null;
  if (operation.status === 'running') {
    return (
      <p role="status" className="progress">
        <span className="spinner" aria-hidden="true" />
        {operation.kind === 'import' ? 'Importing' : 'Exporting'} {operation.path}…
      </p>
    );
  }
  if (operation.status === 'error') {
    return (
      <div role="alert" className="inline-error report">
        <p>{operation.error.message}</p>
        {operation.kind === 'import' && isSecretRefusal(operation.error) ? (
          <div className="notice__actions">
            <Button small tone="danger" onClick={props.onOverride}>
              Import anyway
            </Button>
          </div>
        ) : null}
      </div>
    );
  }
  if (operation.kind === 'import') return <ImportReportView report={operation.report} />;
  return (
    <p role="status">
      Wrote {operation.files} {operation.files === 1 ? 'file' : 'files'} to{' '}
      <span className="mono">{operation.path}</span>.
    </p>
  );
}

/** The shared shape of both folder dialogs. */
function FolderDialog({ kind }: { kind: 'import' | 'export' }) {
  const store = useWorkbenchStore();
  const operation = useWorkbench((state) =>
    state.library.operation?.kind === kind ? state.library.operation : null,
  );
  const [path, setPath] = useState('');
  const running = operation?.status === 'running';
  const finished = operation?.status === 'done';
  const close = (): void => {
    if (running) return;
    store.getState().clearFolderOperation();
    store.getState().closeDialog();
  };
  const submit = (): void => {
    const folder = path.trim();
    if (!folder || running) return;
    if (kind === 'import') void store.getState().importFolder(folder);
    else void store.getState().exportFolder(folder);
  };
  const verb = kind === 'import' ? 'Import' : 'Export';
  return (
    <FormDialog
      title={`${verb} folder`}
      onClose={close}
      onSubmit={submit}
      submitLabel={verb}
      submitDisabled={running || !path.trim()}
      cancelLabel={finished ? 'Close' : 'Cancel'}
      cancelDisabled={running}
      className="dialog--wide"
      description={
        kind === 'import'
          ? 'Prompt and schema YAML files in the seed layout; history folders become versions.'
          : 'Writes <id>.yaml, <id>/_versions/<version>.yaml and schemas/<name>.yaml.'
      }
      after={
        <OperationState
          operation={operation}
          onOverride={() => void store.getState().importFolder(path.trim(), true)}
        />
      }
    >
      <Field label="Folder path">
        <input
          className="input mono"
          data-autofocus
          spellCheck={false}
          placeholder={kind === 'import' ? '/home/me/prompts' : '/home/me/prompt-export'}
          value={path}
          onChange={(event) => setPath(event.target.value)}
        />
      </Field>
    </FormDialog>
  );
}

/** The Import folder dialog. */
export function ImportFolderDialog() {
  return <FolderDialog kind="import" />;
}

/** The Export folder dialog. */
export function ExportFolderDialog() {
  return <FolderDialog kind="export" />;
}
