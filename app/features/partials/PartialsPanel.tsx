// The Partials panel: shared Handlebars snippets, who uses them, and the prompts a change affects.
import { useEffect, useState } from 'react';
import { HANDLEBARS_LANGUAGE_ID } from '../../monaco/handlebarsLanguage';
import { Button } from '../../ui/Button';
import { CollectionPanel } from '../../ui/CollectionPanel';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ItemHeader } from '../../ui/ItemHeader';
import { SideList, SideListItem } from '../../ui/SideList';
import { isSecretRefusal } from '../../state/uiError';
import { isPartialDirty } from '../../state/partialsSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { CodeEditor } from '../../monaco/CodeEditor';
import { NewPartialDialog } from './NewPartialDialog';
import { PartialImpactList } from './PartialImpactList';
import { usedByText } from '../../ui/usedBy';

type Confirm = 'save' | 'delete' | 'new' | null;

/** The Partials region. */
export function PartialsPanel() {
  const store = useWorkbenchStore();
  const state = useWorkbench((s) => s.partials);
  const actions = store.getState();
  const [confirm, setConfirm] = useState<Confirm>(null);

  const visible = useWorkbench((s) => s.ui.activeTab === 'partials');

  useEffect(() => {
    // Reload on each visit: an import or the CLI may have changed the library meanwhile.
    if (visible) void store.getState().loadPartials();
  }, [store, visible]);

  const dirty = isPartialDirty(state);
  const current = state.list.find((partial) => partial.name === state.selected);

  const askToSave = async (): Promise<void> => {
    const impact = await actions.checkPartialImpact();
    if (impact) setConfirm('save');
  };

  const save = async (allowSecrets = false): Promise<void> => {
    setConfirm(null);
    const name = state.selected;
    if (await actions.savePartial(allowSecrets)) {
      actions.notify(`Saved partial ${name ?? ''}`);
    }
  };

  const remove = async (): Promise<void> => {
    setConfirm(null);
    const name = state.selected;
    if (await actions.deletePartial()) {
      actions.notify(`Deleted partial ${name ?? ''}`);
    }
  };

  const list = (
    <SideList label="Partial list">
      {state.creating && state.selected ? (
        <SideListItem name={state.selected} meta="new, not saved yet" current />
      ) : null}
      {state.list.map((partial) => (
        <SideListItem
          key={partial.name}
          name={partial.name}
          meta={usedByText(partial.used_by)}
          current={partial.name === state.selected}
          onSelect={() => void actions.selectPartial(partial.name)}
        />
      ))}
    </SideList>
  );

  const item = state.selected ? (
    <>
      <ItemHeader
        title={<code>{`{{> ${state.selected}}}`}</code>}
        dirty={dirty && !state.creating}
        actionsLabel="Partial actions"
        errors={[state.saveError, state.loadError]}
        actions={
          <>
            <Button
              small
              tone="primary"
              onClick={() => void askToSave()}
              disabled={!dirty || state.saving || state.checking}
            >
              Save partial
            </Button>
            <Button
              small
              tone="danger"
              onClick={() => (state.creating ? void remove() : setConfirm('delete'))}
            >
              {state.creating ? 'Discard' : 'Delete partial'}
            </Button>
          </>
        }
      />
      {isSecretRefusal(state.saveError) ? (
        <div className="partials__override">
          <Button small tone="danger" onClick={() => void save(true)} disabled={state.saving}>
            Save anyway
          </Button>
        </div>
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
          ariaLabel="Partial template"
          onChange={(content) => actions.setPartialContent(content)}
        />
      </div>
    </>
  ) : null;

  return (
    <CollectionPanel
      label="Partials"
      className="partials"
      noun={{ one: 'partial', many: 'partials' }}
      onNew={() => setConfirm('new')}
      status={state.listStatus}
      error={state.listError}
      onRetry={() => void actions.loadPartials()}
      empty={state.list.length === 0 && !state.creating}
      emptyHint={
        <>
          A partial is a snippet many prompts share, such as a house style. Create one with New
          partial, then include it in a template as <code>{'{{> name}}'}</code>.
        </>
      }
      list={list}
      item={item}
      pickHint="Pick a partial on the left, or create one with New partial."
    >
      {confirm === 'new' ? (
        <NewPartialDialog
          onCreate={(name) => actions.startNewPartial(name)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
      {confirm === 'save' && state.impact ? (
        <ConfirmDialog
          title="Save partial"
          confirmLabel="Save"
          tone="primary"
          onConfirm={() => void save()}
          onClose={() => setConfirm(null)}
        >
          <PartialImpactList impact={state.impact} />
        </ConfirmDialog>
      ) : null}
      {confirm === 'delete' && state.selected ? (
        <ConfirmDialog
          title="Delete partial"
          confirmLabel="Delete"
          tone="danger"
          onConfirm={() => void remove()}
          onClose={() => setConfirm(null)}
        >
          <p>
            Delete the partial <strong>{state.selected}</strong>?
            {current && current.used_by.length > 0
              ? ` ${current.used_by.join(', ')} include it and will fail to render.`
              : ''}
          </p>
        </ConfirmDialog>
      ) : null}
    </CollectionPanel>
  );
}
