// "Test data": JSON to check against the open schema, and the validated value or field errors.
import { useId } from 'react';
import type { SchemaTestResult } from '../../../src-shared/contract/dto';
import { issuesOf } from '../../state/uiError';
import type { UiError } from '../../state/uiError';
import { Button } from '../../ui/Button';

/** Props of the test data pane. */
export interface TestDataPaneProps {
  text: string;
  onText: (text: string) => void;
  onValidate: () => void;
  onFillExample: () => void;
  validating: boolean;
  inputError: string | null;
  result: SchemaTestResult | null;
  error: UiError | null;
}

/** The Test data box, its buttons and the outcome of the last validation. */
export function TestDataPane(props: TestDataPaneProps) {
  const id = useId();
  const issues = props.result && !props.result.ok ? props.result.issues : issuesOf(props.error);
  return (
    <section className="schemas__test" aria-labelledby={`${id}-title`}>
      <div className="pane-header">
        <h3 id={`${id}-title`} className="pane-header__title">
          Test data
        </h3>
        <Button small tone="quiet" onClick={props.onFillExample}>
          Fill example
        </Button>
        <Button small tone="primary" onClick={props.onValidate} disabled={props.validating}>
          Validate
        </Button>
      </div>
      <textarea
        id={`${id}-data`}
        className="code-textarea"
        aria-label="Test data"
        spellCheck={false}
        value={props.text}
        onChange={(event) => props.onText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            props.onValidate();
          }
        }}
      />
      <div className="schemas__outcome" aria-live="polite">
        {props.inputError ? (
          <p className="callout callout--error" role="alert">
            {props.inputError}
          </p>
        ) : null}
        {props.result?.ok ? (
          <div className="callout callout--ok">
            <p className="callout__title">Valid. This is the data a render receives:</p>
            <figure className="code-figure" aria-label="Validated value">
              <pre className="code-block">{JSON.stringify(props.result.value, null, 2)}</pre>
            </figure>
          </div>
        ) : null}
        {issues.length > 0 ? (
          <div className="callout callout--error">
            <p className="callout__title">
              {props.result && !props.result.ok ? props.result.message : props.error?.message}
            </p>
            <ul className="issue-list" aria-label="Field errors">
              {issues.map((issue, index) => (
                <li key={`${issue.path}-${issue.rule}-${index}`} className="issue-list__item">
                  <code className="issue-list__path">{issue.path || '(whole value)'}</code>
                  <span className="chip">{issue.rule}</span>
                  <span>{issue.message}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : props.error ? (
          <p className="callout callout--error" role="alert">
            {props.error.message}
          </p>
        ) : null}
        {!props.result && !props.error && !props.inputError ? (
          <p className="hint">
            Type JSON above and press Validate (Ctrl+Enter): you get the value with defaults filled
            in, or each field that breaks a rule.
          </p>
        ) : null}
      </div>
    </section>
  );
}
