// The Export panel: the open prompt, as previewed, in each provider's SDK shape, with snippets,
// copy and save to file.
import { useEffect, useId, useState } from 'react';
import {
  selectExportError,
  selectExportPending,
  selectExportResult,
} from '../../state/exportSlice';
import { TabList, TabPanel } from '../../ui/Tabs';
import { Toolbar } from '../../ui/Toolbar';
import { Button } from '../../ui/Button';
import { isDirty } from '../../state/editorSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { CodeEditor } from '../../monaco/CodeEditor';
import { copyText, downloadText, exportFileName, payloadText } from './exportFile';
import { ruleViolationOf } from './exportRule';
import { PROVIDER_LABELS, PROVIDER_TABS, isProvider } from './providers';
import { RuleViolationView } from './RuleViolationView';
import './export.css';

const SNIPPET_ITEMS = [
  { id: 'python', title: 'Python' },
  { id: 'typescript', title: 'TypeScript' },
] as const;

/** How long typing settles before the export is refreshed. */
const REFRESH_DELAY_MS = 150;

/** The Export region. */
export function ExportPanel() {
  const store = useWorkbenchStore();
  const actions = store.getState();
  const provider = useWorkbench((s) => s.export.provider);
  const mergeConsecutive = useWorkbench((s) => s.export.mergeConsecutive);
  // Only an answer for the provider and options chosen now: never the previous tab's payload.
  const result = useWorkbench(selectExportResult);
  const error = useWorkbench(selectExportError);
  const pending = useWorkbench(selectExportPending);
  const document = useWorkbench((s) => s.editor.document);
  const promptId = useWorkbench((s) => s.editor.id);
  const base = useWorkbench((s) => s.editor.base);
  const dirty = useWorkbench((s) => isDirty(s.editor));
  const values = useWorkbench((s) => s.preview.values);
  const schema = useWorkbench((s) => s.preview.schema);
  // Exports are metric events: do not export on every keystroke while another panel is shown.
  const visible = useWorkbench((s) => s.ui.activeTab === 'export');
  const [snippet, setSnippet] = useState<string>('python');
  const id = useId();

  // The export follows the working copy and the variables (the provider's verb exports itself).
  useEffect(() => {
    if (!visible) return;
    const timer = setTimeout(() => void store.getState().refreshExport(), REFRESH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [store, visible, document, values, schema]);

  const text = result ? payloadText(result.payload) : '';
  const violation = ruleViolationOf(error);
  const snippets = result?.snippets;

  // What is exported, in the words of the status bar: the prompt, its version, unsaved changes.
  const exported = promptId
    ? `${promptId} ${base ? `${base}${dirty ? ' with unsaved changes' : ''}` : '(new prompt)'}`
    : '';

  const copy = async (): Promise<void> => {
    try {
      await copyText(text);
      actions.notify(`Copied the ${PROVIDER_LABELS[provider]} payload of ${exported} (JSON)`);
    } catch (error) {
      actions.notify(error instanceof Error ? error.message : 'Could not copy.', 'error');
    }
  };

  const save = (): void => {
    const name = exportFileName(promptId, provider);
    downloadText(name, text);
    actions.notify(`Saved ${name}`);
  };

  return (
    <section className="pwb-feature export" aria-label="Export">
      <div className="pane-header">
        <h2 className="pane-header__title">
          Export
          {exported ? <span className="export__subject">{exported}</span> : null}
        </h2>
        <TabList
          label="Provider"
          tabs={PROVIDER_TABS}
          active={provider}
          onSelect={(tab) => {
            if (isProvider(tab)) actions.setExportProvider(tab);
          }}
          idPrefix="export-provider"
        />
      </div>
      <TabPanel idPrefix="export-provider" tab={provider} className="export__body">
        {!document ? (
          <div className="empty-state">
            <p>Open a prompt from the library to export it.</p>
            <p className="hint">
              The export uses the editor’s current text and the values in Variables, exactly as the
              Preview renders them.
            </p>
          </div>
        ) : (
          <>
            <Toolbar label="Export actions" className="export__actions">
              {provider === 'anthropic' ? (
                <label className="check-label" htmlFor={`${id}-merge`}>
                  <input
                    id={`${id}-merge`}
                    type="checkbox"
                    className="checkbox"
                    checked={mergeConsecutive}
                    onChange={(event) => actions.setExportMergeConsecutive(event.target.checked)}
                  />
                  Merge consecutive messages
                </label>
              ) : null}
              <span className="toolbar__spacer" />
              <Button small tone="primary" onClick={() => void copy()} disabled={!result}>
                Copy
              </Button>
              <Button small onClick={save} disabled={!result}>
                Save to file
              </Button>
            </Toolbar>
            {error ? (
              violation ? (
                <RuleViolationView violation={violation} document={document} />
              ) : (
                <div className="callout callout--error" role="alert">
                  <p className="callout__title">{error.message}</p>
                  <p>
                    {error.code === 'schema_violation' || error.code === 'template_render'
                      ? 'Fill in the Variables so the prompt renders, then the export follows.'
                      : 'Fix the prompt in the editor; the export follows your edits.'}
                  </p>
                </div>
              )
            ) : null}
            {result ? (
              <div className="export__views">
                <div className="export__payload">
                  <h3 className="export__heading">
                    Payload <span className="hint">JSON for {PROVIDER_LABELS[provider]}</span>
                  </h3>
                  <CodeEditor value={text} language="json" ariaLabel="Payload JSON" readOnly />
                </div>
                <div className="export__snippets">
                  <div className="export__heading">
                    <TabList
                      label="Snippet language"
                      tabs={SNIPPET_ITEMS}
                      active={snippet}
                      onSelect={setSnippet}
                      idPrefix="export-snippet"
                    />
                  </div>
                  <TabPanel idPrefix="export-snippet" tab={snippet} className="export__snippet">
                    <CodeEditor
                      value={
                        snippet === 'python'
                          ? (snippets?.python ?? '')
                          : (snippets?.typescript ?? '')
                      }
                      language={snippet}
                      ariaLabel={`${snippet === 'python' ? 'Python' : 'TypeScript'} snippet`}
                      readOnly
                    />
                  </TabPanel>
                </div>
              </div>
            ) : pending ? (
              <p className="hint export__pending" role="status">
                Exporting for {PROVIDER_LABELS[provider]}…
              </p>
            ) : null}
          </>
        )}
      </TabPanel>
    </section>
  );
}
