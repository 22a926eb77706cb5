// The Partials panel: shared Handlebars snippets, who uses them, and the prompts a change affects.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { HANDLEBARS_LANGUAGE_ID } from '../../monaco/handlebarsLanguage';
import { Dialog } from '../../ui/Dialog';
import { Toolbar } from '../../ui/Toolbar';
import { useApi, useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { LazyCodeEditor as CodeEditor } from '../schemas/LazyCodeEditor';
import { NewPartialDialog } from './NewPartialDialog';
import { PartialImpactList } from './PartialImpactList';
import { isPartialDirty, partialsStoreFor } from './partialsStore';
import '../schemas/featurePanels.css';

type Confirm = 'save' | 'delete' | 'new' | null;

/** The Partials region. */
export function PartialsPanel() {
  const api = useApi();
  const workbench = useWorkbenchStore();
  const store = partialsStoreFor(api);
  const state = useStore(store);
  const [confirm, setConfirm] = useState<Confirm>(null);

  const visible = useWorkbench((s) => s.ui.activeTab === 'partials');

  useEffect(() => {
    // Reload on each visit: an import or the CLI may have changed the library meanwhile.
    if (visible) void store.getState().loadList();
  }, [store, visible]);

  const dirty = isPartialDirty(state);
  const current = state.list.find((partial) => partial.name === state.selected);

  const askToSave = async (): Promise<void> => {
    const impact = await store.getState().checkImpact();
    if (impact) setConfirm('save');
  };

  const save = async (): Promise<void> => {
    setConfirm(null);
    const name = state.selected;
    if (await store.getState().save()) {
      workbench.getState().notify(`Saved partial ${name ?? ''}`);
      void workbench.getState().loadCatalog();
      // The open prompt may include this partial: show its new output.
      void workbench.getState().renderNow();
    }
  };

  const remove = async (): Promise<void> => {
    setConfirm(null);
    const name = state.selected;
    if (await store.getState().remove()) {
      workbench.getState().notify(`Deleted partial ${name ?? ''}`);
      void workbench.getState().loadCatalog();
    }
  };

  return (
    <section className="pwb-feature feature-panel partials" aria-label="Partials">
      <aside className="feature-panel__side">
        <div className="pane-header">
          <h2 className="pane-header__title">Partials</h2>
          <button type="button" className="button button--small" onClick={() => setConfirm('new')}>
            New partial
          </button>
        </div>
        {state.listStatus === 'error' ? (
          <div className="empty-state" role="alert">
            <p>Could not load the partials: {state.listError?.message}</p>
            <button
              type="button"
              className="button button--small"
              onClick={() => void state.loadList()}
            >
              Retry
            </button>
          </div>
        ) : state.listStatus !== 'ready' ? (
          <p className="hint side-loading">Loading partials…</p>
        ) : state.list.length === 0 && !state.creating ? (
          <div className="empty-state">
            <p>No partials yet.</p>
            <p className="hint">
              A partial is a snippet many prompts share, such as a house style. Create one with New
              partial, then include it in a template as <code>{'{{> name}}'}</code>.
            </p>
          </div>
        ) : (
          <ul className="side-list" aria-label="Partial list">
            {state.creating && state.selected ? (
              <li>
                <button type="button" className="side-list__item" aria-current="true">
                  <span className="side-list__name">{state.selected}</span>
                  <span className="side-list__meta">new, not saved yet</span>
                </button>
              </li>
            ) : null}
            {state.list.map((partial) => (
              <li key={partial.name}>
                <button
                  type="button"
                  className="side-list__item"
                  aria-current={partial.name === state.selected ? 'true' : undefined}
                  onClick={() => void store.getState().select(partial.name)}
                >
                  <span className="side-list__name">{partial.name}</span>
                  <span className="side-list__meta">
                    {partial.used_by.length === 0
                      ? 'not used by any prompt'
                      : `used by ${partial.used_by.join(', ')}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>

      <div className="feature-panel__main">
        {state.selected ? (
          <>
            <div className="pane-header">
              <h3 className="pane-header__title">
                <code>{`{{> ${state.selected}}}`}</code>
                {dirty && !state.creating ? (
                  <span className="dirty-dot" aria-label="Unsaved changes" role="img" />
                ) : null}
              </h3>
              <Toolbar label="Partial actions" className="pane-header__actions">
                <button
                  type="button"
                  className="button button--small button--primary"
                  onClick={() => void askToSave()}
                  disabled={!dirty || state.saving || state.checking}
                >
                  Save partial
                </button>
                <button
                  type="button"
                  className="button button--small button--danger"
                  onClick={() => (state.creating ? void remove() : setConfirm('delete'))}
                >
                  {state.creating ? 'Discard' : 'Delete partial'}
                </button>
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
            <p className="hint partials__usage">
              {current && current.used_by.length > 0
                ? `Used by ${current.used_by.join(', ')}. Saving shows which of them render differently first.`
                : 'No prompt includes this partial yet.'}
            </p>
            <div className="partials__editor">
              <CodeEditor
                value={state.content}
                language={HANDLEBARS_LANGUAGE_ID}
                label="Partial template"
                onChange={(content) => store.getState().setContent(content)}
              />
            </div>
          </>
        ) : state.listStatus === 'ready' && state.list.length > 0 ? (
          <div className="empty-state">
            <p>Pick a partial on the left, or create one with New partial.</p>
          </div>
        ) : null}
      </div>

      {confirm === 'new' ? (
        <NewPartialDialog
          onCreate={(name) => store.getState().startNew(name)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
      {confirm === 'save' && state.impact ? (
        <Dialog
          title="Save partial"
          onClose={() => setConfirm(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
              <button type="button" className="button button--primary" onClick={() => void save()}>
                Save
              </button>
            </>
          }
        >
          <PartialImpactList impact={state.impact} />
        </Dialog>
      ) : null}
      {confirm === 'delete' && state.selected ? (
        <Dialog
          title="Delete partial"
          onClose={() => setConfirm(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
              <button type="button" className="button button--danger" onClick={() => void remove()}>
                Delete
              </button>
            </>
          }
        >
          <p>
            Delete the partial <strong>{state.selected}</strong>?
            {current && current.used_by.length > 0
              ? ` ${current.used_by.join(', ')} include it and will fail to render.`
              : ''}
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}
