// "Import folder…" and "Export folder…": a path on this machine, progress, then the report.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ImportReport } from '../../../src-shared/contract/dto';
import type { FolderOperation } from '../../state/librarySlice';
import { isSecretRefusal } from '../../state/uiError';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Dialog } from '../../ui/Dialog';

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
            <button
              type="button"
              className="button button--small button--danger"
              onClick={props.onOverride}
            >
              Import anyway
            </button>
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
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const folder = path.trim();
    if (!folder || running) return;
    if (kind === 'import') void store.getState().importFolder(folder);
    else void store.getState().exportFolder(folder);
  };
  const verb = kind === 'import' ? 'Import' : 'Export';
  return (
    <Dialog
      title={`${verb} folder`}
      onClose={close}
      className="dialog--wide"
      description={
        kind === 'import'
          ? 'Prompt and schema YAML files in the seed layout; history folders become versions.'
          : 'Writes <id>.yaml, <id>/_versions/<version>.yaml and schemas/<name>.yaml.'
      }
      footer={
        <>
          <button type="button" className="button" onClick={close} disabled={running}>
            {finished ? 'Close' : 'Cancel'}
          </button>
          <button
            type="submit"
            form={`${kind}-folder-form`}
            className="button button--primary"
            disabled={running || !path.trim()}
          >
            {verb}
          </button>
        </>
      }
    >
      <form id={`${kind}-folder-form`} className="form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Folder path</span>
          <input
            className="input mono"
            data-autofocus
            spellCheck={false}
            placeholder={kind === 'import' ? '/home/me/prompts' : '/home/me/prompt-export'}
            value={path}
            onChange={(event) => setPath(event.target.value)}
          />
        </label>
      </form>
      <OperationState
        operation={operation}
        onOverride={() => void store.getState().importFolder(path.trim(), true)}
      />
    </Dialog>
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
