// The Schemas panel: the library's schemas, each editable as seed YAML or as a fields table (both
// edit the same text), the prompts a change affects shown before it is saved, and test data
// validated against the schema by the service.
import { useEffect, useMemo, useState } from 'react';
import { Button } from '../../ui/Button';
import { CollectionPanel } from '../../ui/CollectionPanel';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ItemHeader } from '../../ui/ItemHeader';
import { TabList, TabPanel } from '../../ui/Tabs';
import { isSchemaDirty } from '../../state/schemasSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { CodeEditor } from '../../monaco/CodeEditor';
import { FieldsTable } from './FieldsTable';
import { SchemaImpactList } from './SchemaImpactList';
import { SchemaList } from './SchemaList';
import { schemaInText } from './schemaText';
import { TestDataPane } from './TestDataPane';
import { markersForError } from './yamlPosition';

const VIEWS = [
  { id: 'fields', title: 'Fields' },
  { id: 'yaml', title: 'YAML' },
] as const;

/** The Schemas region. */
export function SchemasPanel() {
  const store = useWorkbenchStore();
  const state = useWorkbench((s) => s.schemas);
  const actions = store.getState();
  const [view, setView] = useState<string>('fields');
  const [confirm, setConfirm] = useState<'save' | 'delete' | null>(null);
  const visible = useWorkbench((s) => s.ui.activeTab === 'schemas');

  useEffect(() => {
    // Reload on each visit: an import or the CLI may have changed the library meanwhile.
    if (visible) void store.getState().loadSchemas();
  }, [store, visible]);

  const markers = useMemo(
    () => (state.saveError ? markersForError(state.text, state.saveError) : []),
    [state.saveError, state.text],
  );
  // The table shows the schema the YAML defines now, not the one last saved.
  const inText = useMemo(
    () => schemaInText(state.text, state.selected),
    [state.text, state.selected],
  );
  const dirty = isSchemaDirty(state);
  const shownView = state.creating ? 'yaml' : view;
  const current = state.list.find((schema) => schema.name === state.selected);

  /** Saving a schema prompts use first shows what the change does to them. */
  const askToSave = async (): Promise<void> => {
    if (state.creating) return save();
    const impact = await actions.checkSchemaImpact();
    if (impact === null) setView('yaml');
    else if (impact.length === 0) await save();
    else setConfirm('save');
  };

  const save = async (): Promise<void> => {
    setConfirm(null);
    const names = await actions.saveSchema();
    if (names) {
      actions.notify(`Saved schema ${names.join(', ')}`);
    } else {
      setView('yaml');
    }
  };

  const remove = async (): Promise<void> => {
    const name = state.selected;
    setConfirm(null);
    if (await actions.deleteSchema()) {
      actions.notify(`Deleted schema ${name ?? ''}`);
    }
  };

  const item =
    state.selected || state.creating ? (
      <>
        <ItemHeader
          title={
            <>
              {state.creating ? 'New schema' : state.selected}
              {current ? <span className="side-list__badge">{current.version}</span> : null}
            </>
          }
          dirty={dirty && !state.creating}
          actionsLabel="Schema actions"
          errors={[state.saveError, state.loadError]}
          actions={
            <>
              <Button
                small
                tone="primary"
                onClick={() => void askToSave()}
                disabled={state.saving || state.checking || !dirty}
              >
                Save schema
              </Button>
              {state.creating ? (
                <Button small onClick={() => void actions.cancelNewSchema()}>
                  Cancel
                </Button>
              ) : (
                <Button small tone="danger" onClick={() => setConfirm('delete')}>
                  Delete schema
                </Button>
              )}
            </>
          }
        >
          <TabList
            label="Schema view"
            tabs={state.creating ? VIEWS.filter((v) => v.id === 'yaml') : VIEWS}
            active={shownView}
            onSelect={setView}
            idPrefix="schema-view"
          />
        </ItemHeader>
        <div className="schemas__body">
          <TabPanel idPrefix="schema-view" tab={shownView} className="schemas__view">
            {shownView === 'yaml' ? (
              <CodeEditor
                value={state.text}
                language="yaml"
                ariaLabel="Schema YAML"
                onChange={(text) => actions.setSchemaText(text)}
                markers={markers}
              />
            ) : !state.schema && !state.loadError ? (
              <p className="hint">Loading…</p>
            ) : inText.ok ? (
              <FieldsTable schema={inText.schema} onEdit={(edits) => actions.editSchema(edits)} />
            ) : (
              <div className="callout callout--error schemas__text-error">
                <p className="callout__title">The table cannot show this YAML</p>
                <p>{inText.message}</p>
                <p>Fix it in the YAML tab; the table follows.</p>
              </div>
            )}
          </TabPanel>
          {state.creating ? null : (
            <TestDataPane
              text={state.testText}
              onText={(text) => actions.setSchemaTestText(text)}
              onValidate={() => void actions.validateSchemaTestData()}
              onFillExample={() => void actions.fillSchemaExample()}
              validating={state.validating}
              inputError={state.testInputError}
              result={state.testResult}
              error={state.testError}
            />
          )}
        </div>
      </>
    ) : null;

  return (
    <CollectionPanel
      label="Schemas"
      className="schemas"
      noun={{ one: 'schema', many: 'schemas' }}
      onNew={() => actions.startNewSchema()}
      status={state.listStatus}
      error={state.listError}
      onRetry={() => void actions.loadSchemas()}
      empty={state.list.length === 0 && !state.creating}
      emptyHint={
        <>
          Create one with New schema, or import a folder of seed YAML files from the library.
          Prompts name schemas as <code>input_schema</code> and <code>output_schema</code>.
        </>
      }
      list={
        <SchemaList
          schemas={state.list}
          selected={state.selected}
          onSelect={(name) => void actions.selectSchema(name)}
        />
      }
      item={item}
      pickHint="Pick a schema on the left to see its fields and test data against it."
    >
      {confirm === 'save' && state.impact ? (
        <ConfirmDialog
          title="Save schema"
          confirmLabel={
            state.impact.some((entry) => entry.problems.length > 0) ? 'Save anyway' : 'Save'
          }
          tone="primary"
          onConfirm={() => void save()}
          onClose={() => setConfirm(null)}
        >
          <SchemaImpactList entries={state.impact} />
        </ConfirmDialog>
      ) : null}
      {confirm === 'delete' && state.selected ? (
        <ConfirmDialog
          title="Delete schema"
          confirmLabel="Delete"
          tone="danger"
          onConfirm={() => void remove()}
          onClose={() => setConfirm(null)}
          description={
            current && current.used_by.length > 0
              ? `${current.used_by.join(', ')} use this schema; their renders will fail until you pick another.`
              : 'No prompt uses this schema.'
          }
        >
          <p>
            Delete the schema <strong>{state.selected}</strong>? This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </CollectionPanel>
  );
}
