// The Export panel: the open prompt, as previewed, in each provider's SDK shape, with snippets,
// copy and save to file.
import { useEffect, useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Provider } from '../../../src-shared/contract/dto';
import { selectConvertedVariables } from '../../state/previewSlice';
import { TabList, TabPanel } from '../../ui/Tabs';
import { Toolbar } from '../../ui/Toolbar';
import { Button } from '../../ui/Button';
import { useApi, useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { CodeEditor } from '../../monaco/CodeEditor';
import { copyText, downloadText, exportFileName, payloadText } from './exportFile';
import { ruleViolationOf } from './exportRule';
import { exportStoreFor } from './exportStore';
import { PROVIDER_LABELS, PROVIDER_TABS } from './providers';
import { RuleViolationView } from './RuleViolationView';
import './export.css';

const PROVIDER_ITEMS = PROVIDER_TABS.map((id) => ({ id, title: PROVIDER_LABELS[id] }));
const SNIPPET_ITEMS = [
  { id: 'python', title: 'Python' },
  { id: 'typescript', title: 'TypeScript' },
] as const;

/** How long typing settles before the export is refreshed. */
const REFRESH_DELAY_MS = 150;

/** The Export region. */
export function ExportPanel() {
  const api = useApi();
  const workbench = useWorkbenchStore();
  const store = exportStoreFor(api);
  const state = useStore(store);
  const document = useWorkbench((s) => s.editor.document);
  const promptId = useWorkbench((s) => s.editor.id);
  const values = useWorkbench((s) => s.preview.values);
  const schema = useWorkbench((s) => s.preview.schema);
  // Exports are metric events: do not export on every keystroke while another panel is shown.
  const visible = useWorkbench((s) => s.ui.activeTab === 'export');
  const [snippet, setSnippet] = useState<string>('python');
  const id = useId();

  // Recomputed from the inputs it reads, so the selector need not return a stable object.
  const variables = useMemo(
    () => selectConvertedVariables(workbench.getState()).variables,
    [workbench, document, values, schema],
  );

  useEffect(() => {
    if (!visible) return;
    const timer = setTimeout(
      () => void store.getState().refresh({ document, variables }),
      REFRESH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [store, visible, document, variables, state.provider, state.mergeConsecutive]);

  const text = state.result ? payloadText(state.result.payload) : '';
  // Right after a tab switch the payload shown is still the previous provider's.
  const fresh = state.result !== null && state.result.provider === state.provider;
  const violation = ruleViolationOf(state.error);
  const snippets = state.result?.snippets;

  const copy = async (): Promise<void> => {
    try {
      await copyText(text);
      workbench.getState().notify('Copied');
    } catch (error) {
      workbench
        .getState()
        .notify(error instanceof Error ? error.message : 'Could not copy.', 'error');
    }
  };

  const save = (): void => {
    const name = exportFileName(promptId, state.provider);
    downloadText(name, text);
    workbench.getState().notify(`Saved ${name}`);
  };

  return (
    <section className="pwb-feature export" aria-label="Export">
      <div className="pane-header">
        <h2 className="pane-header__title">Export</h2>
        <TabList
          label="Provider"
          tabs={PROVIDER_ITEMS}
          active={state.provider}
          onSelect={(provider) => state.setProvider(provider as Provider)}
          idPrefix="export-provider"
        />
      </div>
      <TabPanel idPrefix="export-provider" tab={state.provider} className="export__body">
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
              {state.provider === 'anthropic' ? (
                <label className="check-label" htmlFor={`${id}-merge`}>
                  <input
                    id={`${id}-merge`}
                    type="checkbox"
                    className="checkbox"
                    checked={state.mergeConsecutive}
                    onChange={(event) => state.setMergeConsecutive(event.target.checked)}
                  />
                  Merge consecutive messages
                </label>
              ) : null}
              <span className="toolbar__spacer" />
              <Button small tone="primary" onClick={() => void copy()} disabled={!fresh}>
                Copy
              </Button>
              <Button small onClick={save} disabled={!fresh}>
                Save to file
              </Button>
            </Toolbar>
            {state.error ? (
              violation ? (
                <RuleViolationView violation={violation} document={document} />
              ) : (
                <div className="callout callout--error" role="alert">
                  <p className="callout__title">{state.error.message}</p>
                  <p>
                    {state.error.code === 'schema_violation' ||
                    state.error.code === 'template_render'
                      ? 'Fill in the Variables so the prompt renders, then the export follows.'
                      : 'Fix the prompt in the editor; the export follows your edits.'}
                  </p>
                </div>
              )
            ) : null}
            {state.result ? (
              <div className="export__views">
                <div className="export__payload">
                  <h3 className="export__heading">
                    Payload <span className="hint">JSON for {PROVIDER_LABELS[state.provider]}</span>
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
            ) : state.status === 'loading' && !state.error ? (
              <p className="hint">Exporting…</p>
            ) : null}
          </>
        )}
      </TabPanel>
    </section>
  );
}
