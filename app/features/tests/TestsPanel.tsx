// The Tests panel: the open prompt's test cases, each with its variables (the Variables form's
// rows) and assertions, saved together.
import { useEffect, useMemo } from 'react';
import { selectVariableFields } from '../../state/previewSlice';
import { canHoldTests } from '../../state/testsSlice';
import { issuesOf } from '../../state/uiError';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { CollectionPanel } from '../../ui/CollectionPanel';
import { ItemHeader } from '../../ui/ItemHeader';
import { SideList, SideListItem } from '../../ui/SideList';
import { VariableRow } from '../variables/VariablesPanel';
import { convertValues } from '../variables/variableFields';
import type { RawValue } from '../variables/variableFields';
import { AssertionEditor } from './AssertionEditor';
import { NeedsSavedPrompt } from './NeedsSavedPrompt';
import { fieldValue } from './caseDrafts';
import type { CaseDraft } from './caseDrafts';
import './tests.css';

function assertionCount(draft: CaseDraft): string {
  const count = draft.assert.length;
  return count === 0 ? 'no assertions' : count === 1 ? '1 assertion' : `${count} assertions`;
}

/** The case being edited: name, description, variables and assertions. */
function CaseEditor({ index, draft }: { index: number; draft: CaseDraft }) {
  const store = useWorkbenchStore();
  const actions = store.getState();
  const fields = useWorkbench(selectVariableFields);
  const state = useWorkbench((s) => s.tests);
  const values = useMemo(() => {
    const raw: Record<string, RawValue> = {};
    for (const field of fields) {
      const value = fieldValue(draft, field.name);
      if (value !== undefined) raw[field.name] = value;
    }
    return raw;
  }, [fields, draft]);
  const problems = useMemo(() => convertValues(fields, values).problems, [fields, values]);
  const serverIssues = issuesOf(state.error).filter((issue) =>
    issue.path.startsWith(`tests.${index}.`),
  );
  return (
    <>
      <ItemHeader
        title={draft.name || 'Unnamed case'}
        dirty={state.dirty}
        actionsLabel="Test case actions"
        errors={[state.error]}
        actions={
          <>
            <Button
              small
              tone="primary"
              disabled={!state.dirty || state.saving}
              onClick={() => void actions.saveTests()}
            >
              Save test cases
            </Button>
            <Button small disabled={!state.dirty} onClick={() => actions.revertTests()}>
              Revert
            </Button>
            <Button small tone="danger" onClick={() => actions.removeCase(index)}>
              Delete test case
            </Button>
          </>
        }
      />
      {state.problems.length > 0 || serverIssues.length > 0 ? (
        <ul className="callout callout--error tests__problems" role="alert">
          {state.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
          {serverIssues.map((issue) => (
            <li key={issue.path}>
              {issue.path.replace(/^tests\.\d+\./, '')}: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="tests__case">
        <div className="tests__names">
          <label className="field">
            <span className="field__label">Case name</span>
            <input
              className="input input--small"
              value={draft.name}
              onChange={(event) => actions.setCase(index, { name: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">Description</span>
            <input
              className="input input--small"
              value={draft.description}
              onChange={(event) => actions.setCase(index, { description: event.target.value })}
            />
          </label>
        </div>
        <section className="tests__section" aria-label="Case variables">
          <h4 className="tests__heading">Variables</h4>
          {fields.length === 0 ? (
            <p className="hint">The template has no variables.</p>
          ) : (
            <div className="variables__form">
              {fields.map((field) => (
                <VariableRow
                  key={field.name}
                  field={field}
                  value={values[field.name]}
                  errors={problems[field.name] ? [problems[field.name] as string] : []}
                  onChange={(value) => actions.setCaseVariable(index, field.name, value)}
                />
              ))}
            </div>
          )}
        </section>
        <section className="tests__section" aria-label="Assertions">
          <h4 className="tests__heading">
            Assertions <span className="hint">(a case passes when every one passes)</span>
          </h4>
          {draft.assert.length === 0 ? (
            <p className="hint">No assertions yet: this case passes whatever the answer.</p>
          ) : null}
          {draft.assert.map((assertion, at) => (
            <AssertionEditor
              key={at}
              assertion={assertion}
              number={at + 1}
              onChange={(changes) => actions.setAssertion(index, at, changes)}
              onRemove={() => actions.removeAssertion(index, at)}
            />
          ))}
          <Button small onClick={() => actions.addAssertion(index)}>
            Add assertion
          </Button>
        </section>
      </div>
    </>
  );
}

/** The Tests region. */
export function TestsPanel() {
  const store = useWorkbenchStore();
  const actions = store.getState();
  const state = useWorkbench((s) => s.tests);
  const id = useWorkbench((s) => s.editor.id);
  const canTest = useWorkbench(canHoldTests);
  const visible = useWorkbench((s) => s.ui.activeTab === 'tests');

  useEffect(() => {
    if (visible && id && canTest) void store.getState().loadTests(id);
  }, [store, visible, id, canTest]);

  if (!id || !canTest) {
    return (
      <NeedsSavedPrompt
        label="Tests"
        className="tests"
        promptOpen={id !== null}
        openHint="Open a prompt to see its test cases."
      />
    );
  }

  const open = state.id === id && state.selected !== null ? state.drafts[state.selected] : null;
  const list = (
    <SideList label="Test cases">
      {state.drafts.map((draft, index) => (
        <SideListItem
          key={index}
          name={draft.name || 'Unnamed case'}
          meta={assertionCount(draft)}
          current={index === state.selected}
          onSelect={() => actions.selectCase(index)}
        />
      ))}
    </SideList>
  );
  return (
    <CollectionPanel
      label="Tests"
      className="tests"
      noun={{ one: 'test case', many: 'test cases' }}
      onNew={() => actions.addCase()}
      status={state.id === id ? state.status : 'loading'}
      error={state.error}
      onRetry={() => void actions.loadTests(id)}
      empty={state.drafts.length === 0}
      emptyHint={
        <>
          A test case is a set of variables and what the answer must satisfy. Type values in the
          Variables panel and press Save as test case, or start one here with New test case.
          {state.dirty ? (
            <Button small tone="primary" onClick={() => void actions.saveTests()}>
              Save test cases
            </Button>
          ) : null}
        </>
      }
      list={list}
      item={
        open && state.selected !== null ? <CaseEditor index={state.selected} draft={open} /> : null
      }
      pickHint="Pick a test case on the left, or add one with New test case."
    />
  );
}
