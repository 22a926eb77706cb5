// "Import folder…" and "Export folder…": a path on this machine, progress, then the report.
import { useEffect, useId, useState } from 'react';
import type { FolderListing, ImportReport } from '../../../src-shared/contract/dto';
import type { ProgressStep } from '../../../src-shared/contract/events';
import type { FolderOperation } from '../../state/librarySlice';
import { isSecretRefusal, toUiError } from '../../state/uiError';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';
import {
  EXPORT_FORMATS,
  EXPORT_FORMAT_LABELS,
  type ExportFormat,
} from '../../../src-shared/formats/exportFormats';
import { FormDialog } from '../../ui/FormDialog';

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <section aria-label="Import report" className="report">
      <p>
        Imported {report.prompts} {report.prompts === 1 ? 'prompt' : 'prompts'}, {report.versions}{' '}
        {report.versions === 1 ? 'version' : 'versions'} and {report.schemas}{' '}
        {report.schemas === 1 ? 'schema' : 'schemas'}.
        {report.tests > 0 &&
          ` Stored ${report.tests} test ${report.tests === 1 ? 'case' : 'cases'}.`}
        {report.labels > 0 && ` Set ${report.labels} ${report.labels === 1 ? 'label' : 'labels'}.`}
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
      {report.schema_conflicts.length > 0 && (
        <>
          <h3 className="report__heading">
            Schemas defined differently by several files (the last in path order was kept):
          </h3>
          <ul className="report__conflicts">
            {report.schema_conflicts.map((conflict) => (
              <li key={conflict.name}>
                <strong>{conflict.name}</strong>: kept{' '}
                <span className="mono">{conflict.files[0]}</span>, not{' '}
                <span className="mono">{conflict.files.slice(1).join(', ')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {report.skipped.length > 0 && (
        <>
          <h3 className="report__heading">
            {report.skipped.length} {report.skipped.length === 1 ? 'file' : 'files'} not read:
          </h3>
          <ul className="report__files">
            {report.skipped.map((skipped) => (
              <li key={`${skipped.file} ${skipped.item ?? ''}`}>
                <span className="mono">{skipped.file}</span>
                {skipped.item === undefined ? '' : ` ${skipped.item}`}: {skipped.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const count = new Intl.NumberFormat('en-US');

/** "1 file" / "2,000 files". */
const files = (n: number): string => `${count.format(n)} ${n === 1 ? 'file' : 'files'}`;

/** What a running job is doing, in words. */
function stepText(kind: 'import' | 'export', step: ProgressStep | null): string {
  if (!step) return kind === 'import' ? 'Looking for files…' : 'Collecting the library…';
  const { stage, done, total } = step;
  if (stage === 'reading') return `Reading ${count.format(done)} of ${files(total)}`;
  if (kind === 'import') return `Writing ${files(total)} to the library`;
  return `Writing ${count.format(done)} of ${files(total)}`;
}

/**
 * A real progress bar (role progressbar, named "Import progress" or "Export progress") with its
 * count beside it. The count is not a live region: read twenty times a second it would drown a
 * screen reader; the dialog's status line says when the job starts and ends.
 */
function ProgressBar(props: {
  kind: 'import' | 'export';
  step: ProgressStep | null;
  text: string;
}) {
  const { step } = props;
  // Without a step the bar is indeterminate; an empty job shows as complete.
  const max = step ? Math.max(step.total, 1) : undefined;
  const value = step ? (step.total === 0 ? 1 : progressValue(props.kind, step)) : undefined;
  return (
    <div className="progress">
      <progress
        aria-label={props.kind === 'import' ? 'Import progress' : 'Export progress'}
        max={max}
        value={value}
        style={{ flex: 1 }}
      />
      <span>{props.text}</span>
    </div>
  );
}

/** How full the bar is: an import writes in one transaction, so while it does, all is read. */
function progressValue(kind: 'import' | 'export', step: ProgressStep): number {
  return kind === 'import' && step.stage === 'writing' ? step.total : step.done;
}

function OperationState(props: { operation: FolderOperation | null; onOverride: () => void }) {
  const { operation } = props;
  if (!operation) return null;
  if (operation.status === 'running') {
    return (
      <div className="report">
        <p role="status">
          {operation.kind === 'import' ? 'Importing' : 'Exporting'}{' '}
          <span className="mono">{operation.path}</span>…
        </p>
        <ProgressBar
          kind={operation.kind}
          step={operation.progress}
          text={stepText(operation.kind, operation.progress)}
        />
      </div>
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
  const total = operation.kind === 'import' ? operation.report.files : operation.files;
  const done: ProgressStep = { stage: 'writing', done: total, total };
  if (operation.kind === 'import') {
    return (
      <>
        <ProgressBar
          kind="import"
          step={done}
          text={`Read ${count.format(total)} of ${files(total)}`}
        />
        <ImportReportView report={operation.report} />
      </>
    );
  }
  return (
    <>
      <ProgressBar
        kind="export"
        step={done}
        text={`Wrote ${count.format(total)} of ${files(total)}`}
      />
      <p role="status">
        Wrote {files(operation.files)} to <span className="mono">{operation.path}</span>.
      </p>
    </>
  );
}

/** The shared shape of both folder dialogs. */
function FolderDialog({ kind }: { kind: 'import' | 'export' }) {
  const store = useWorkbenchStore();
  const operation = useWorkbench((state) =>
    state.library.operation?.kind === kind ? state.library.operation : null,
  );
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<ExportFormat>('seed');
  const [browsing, setBrowsing] = useState(false);
  const hintId = useId();
  // Where relative paths start, said beside the field (asked once per dialog).
  const [base, setBase] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    store
      .getState()
      .browseFolders()
      .then(
        (listing) => live && setBase(listing.base),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [store]);
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
    else void store.getState().exportFolder(folder, format);
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
          ? 'Prompt and schema YAML files in the seed layout (history folders become versions), and Prompty, Dotprompt, Langfuse JSON and promptfoo files.'
          : format === 'seed'
            ? 'Writes <id>.yaml, <id>/_versions/<version>.yaml and schemas/<name>.yaml.'
            : `Writes the library as ${EXPORT_FORMAT_LABELS[format]}; anything the format cannot say stops the export with its line.`
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
          aria-describedby={hintId}
          placeholder={kind === 'import' ? '~/prompts' : '~/prompt-export'}
          value={path}
          onChange={(event) => setPath(event.target.value)}
        />
      </Field>
      <p className="hint" id={hintId}>
        A folder on the machine serving the library. ~ is your home folder
        {base ? `; a relative path starts at ${base}` : ''}.
      </p>
      <Button small onClick={() => setBrowsing(!browsing)} aria-expanded={browsing}>
        {browsing ? 'Hide folders' : 'Browse folders…'}
      </Button>
      {browsing ? (
        <FolderBrowser
          start={path}
          onPick={(picked) => {
            setPath(picked);
            setBrowsing(false);
          }}
        />
      ) : null}
      {kind === 'export' && (
        <Field label="Export library as">
          <Select
            className="input"
            value={format}
            options={EXPORT_FORMATS.map((value) => ({ value, label: EXPORT_FORMAT_LABELS[value] }))}
            onChange={(value) => setFormat(value as ExportFormat)}
            disabled={running}
          />
        </Field>
      )}
    </FormDialog>
  );
}

/**
 * The folders of the machine the library is served from, one level at a time: the folder field
 * names a path there (in browser mode, the machine running `pwb serve`, not the browser's).
 */
function FolderBrowser(props: { start: string; onPick: (path: string) => void }) {
  const store = useWorkbenchStore();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const show = (path?: string): Promise<void> =>
    store
      .getState()
      .browseFolders(path)
      .then(
        (next) => {
          setProblem(null);
          setListing(next);
        },
        (error: unknown) => setProblem(toUiError(error).message),
      );
  const open = (path?: string): void => void show(path);
  // Starts at the folder typed (when there is one), else where relative paths start.
  const [start] = useState(() => props.start.trim() || undefined);
  useEffect(() => {
    void store
      .getState()
      .browseFolders(start)
      .then(setListing, (error: unknown) => setProblem(toUiError(error).message));
  }, [store, start]);
  return (
    <section className="folder-browser" aria-label="Folders on this machine">
      {problem ? <p className="inline-error">{problem}</p> : null}
      {listing ? (
        <>
          <p className="folder-browser__where mono">{listing.path}</p>
          <div className="folder-browser__actions">
            <Button
              small
              disabled={listing.parent === null}
              onClick={() => listing.parent !== null && open(listing.parent)}
            >
              Up
            </Button>
            <Button small onClick={() => open(listing.home)}>
              Home
            </Button>
            <Button small tone="primary" onClick={() => props.onPick(listing.path)}>
              Use this folder
            </Button>
          </div>
          <ul className="folder-browser__list" aria-label="Folders">
            {listing.folders.length === 0 ? <li className="hint">No folders inside.</li> : null}
            {listing.folders.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className="link-button mono"
                  title={`Open ${name}`}
                  onClick={() => open(`${listing.path}/${name}`)}
                >
                  {name}/
                </button>
              </li>
            ))}
          </ul>
          {listing.truncated ? <p className="hint">Only the first folders are listed.</p> : null}
        </>
      ) : null}
    </section>
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
