// The Schemas panel: the library's schemas, each editable as seed YAML or read as a fields table,
// and test data validated against it by the service.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { Dialog } from '../../ui/Dialog';
import { TabList, tabId, tabPanelId } from '../../ui/Tabs';
import { Toolbar } from '../../ui/Toolbar';
import { useApi, useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { LazyCodeEditor as CodeEditor } from './LazyCodeEditor';
import { FieldsTable } from './FieldsTable';
import { SchemaList } from './SchemaList';
import { isSchemaDirty, schemasStoreFor } from './schemasStore';
import { TestDataPane } from './TestDataPane';
import { markersForError } from './yamlPosition';
import './featurePanels.css';

const VIEWS = [
  { id: 'fields', title: 'Fields' },
  { id: 'yaml', title: 'YAML' },
] as const;

/** The Schemas region. */
export function SchemasPanel() {
  const api = useApi();
  const workbench = useWorkbenchStore();
  const store = schemasStoreFor(api);
  const state = useStore(store);
  const [view, setView] = useState<string>('fields');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const visible = useWorkbench((s) => s.ui.activeTab === 'schemas');

  useEffect(() => {
    // Reload on each visit: an import or the CLI may have changed the library meanwhile.
    if (visible) void store.getState().loadList();
  }, [store, visible]);

  const markers = useMemo(
    () => (state.saveError ? markersForError(state.text, state.saveError) : []),
    [state.saveError, state.text],
  );
  const dirty = isSchemaDirty(state);
  const shownView = state.creating ? 'yaml' : view;
  const current = state.list.find((schema) => schema.name === state.selected);

  const save = async (): Promise<void> => {
    const names = await store.getState().save();
    if (names) {
      workbench.getState().notify(`Saved schema ${names.join(', ')}`);
      void workbench.getState().loadCatalog();
    } else {
      setView('yaml');
    }
  };

  const remove = async (): Promise<void> => {
    const name = state.selected;
    setConfirmDelete(false);
    if (await store.getState().remove()) {
      workbench.getState().notify(`Deleted schema ${name ?? ''}`);
      void workbench.getState().loadCatalog();
    }
  };

  return (
    <section className="pwb-feature feature-panel schemas" aria-label="Schemas">
      <aside className="feature-panel__side">
        <div className="pane-header">
          <h2 className="pane-header__title">Schemas</h2>
          <button
            type="button"
            className="button button--small"
            onClick={() => store.getState().startNew()}
          >
            New schema
          </button>
        </div>
        {state.listStatus === 'error' ? (
          <div className="empty-state" role="alert">
            <p>Could not load the schemas: {state.listError?.message}</p>
            <button
              type="button"
              className="button button--small"
              onClick={() => void state.loadList()}
            >
              Retry
            </button>
          </div>
        ) : state.listStatus !== 'ready' ? (
          <p className="hint side-loading">Loading schemas…</p>
        ) : state.list.length === 0 && !state.creating ? (
          <div className="empty-state">
            <p>No schemas yet.</p>
            <p className="hint">
              Create one with New schema, or import a folder of seed YAML files from the library.
              Prompts name schemas as <code>input_schema</code> and <code>output_schema</code>.
            </p>
          </div>
        ) : (
          <SchemaList
            schemas={state.list}
            selected={state.selected}
            onSelect={(name) => void store.getState().select(name)}
          />
        )}
      </aside>

      <div className="feature-panel__main">
        {state.selected || state.creating ? (
          <>
            <div className="pane-header">
              <h3 className="pane-header__title">
                {state.creating ? 'New schema' : state.selected}
                {current ? <span className="side-list__badge">{current.version}</span> : null}
                {dirty && !state.creating ? (
                  <span className="dirty-dot" aria-label="Unsaved changes" role="img" />
                ) : null}
              </h3>
              <TabList
                label="Schema view"
                tabs={state.creating ? VIEWS.filter((v) => v.id === 'yaml') : VIEWS}
                active={shownView}
                onSelect={setView}
                idPrefix="schema-view"
              />
              <Toolbar label="Schema actions" className="pane-header__actions">
                <button
                  type="button"
                  className="button button--small button--primary"
                  onClick={() => void save()}
                  disabled={state.saving || !dirty}
                >
                  Save schema
                </button>
                {state.creating ? (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void store.getState().cancelNew()}
                  >
                    Cancel
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => setConfirmDelete(true)}
                  >
                    Delete schema
                  </button>
                )}
              </Toolbar>
            </div>
            {state.saveError ? (
              <p className="callout callout--error" role="alert">
                {state.saveError.message}
              </p>
            ) : null}
            {state.loadError ? (
              <p className="callout callout--error" role="alert">
                {state.loadError.message}
              </p>
            ) : null}
            <div className="schemas__body">
              <div
                role="tabpanel"
                id={tabPanelId('schema-view', shownView)}
                aria-labelledby={tabId('schema-view', shownView)}
                className="schemas__view"
              >
                {shownView === 'yaml' ? (
                  <CodeEditor
                    value={state.text}
                    language="yaml"
                    label="Schema YAML"
                    onChange={(text) => store.getState().setText(text)}
                    markers={markers}
                  />
                ) : state.schema ? (
                  <FieldsTable schema={state.schema} />
                ) : (
                  <p className="hint">Loading…</p>
                )}
              </div>
              {state.creating ? null : (
                <TestDataPane
                  text={state.testText}
                  onText={(text) => store.getState().setTestText(text)}
                  onValidate={() => void store.getState().validate()}
                  onFillExample={() => store.getState().fillExample()}
                  validating={state.validating}
                  inputError={state.testInputError}
                  result={state.testResult}
                  error={state.testError}
                />
              )}
            </div>
          </>
        ) : state.listStatus === 'ready' && state.list.length > 0 ? (
          <div className="empty-state">
            <p>Pick a schema on the left to see its fields and test data against it.</p>
          </div>
        ) : null}
      </div>

      {confirmDelete && state.selected ? (
        <Dialog
          title="Delete schema"
          onClose={() => setConfirmDelete(false)}
          description={
            current && current.used_by.length > 0
              ? `${current.used_by.join(', ')} use this schema; their renders will fail until you pick another.`
              : 'No prompt uses this schema.'
          }
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
              <button type="button" className="button button--danger" onClick={() => void remove()}>
                Delete
              </button>
            </>
          }
        >
          <p>
            Delete the schema <strong>{state.selected}</strong>? This cannot be undone.
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}
