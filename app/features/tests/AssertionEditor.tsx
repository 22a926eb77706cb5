// One assertion of a test case: its type and, per type, the value it takes and its weight.
import { useId } from 'react';
import { ASSERTION_TYPES, ASSERTION_VALUES } from '../../../src-shared/evaluation/testCases';
import type { AssertionType } from '../../../src-shared/evaluation/testCases';
import { Button } from '../../ui/Button';
import { Select, optionsOf } from '../../ui/Select';
import type { AssertionDraft } from './caseDrafts';

/** What the value field of each kind is called and what it hints. */
const VALUE_FIELD = {
  text: { label: 'Value', hint: '' },
  texts: { label: 'Values', hint: 'one a line' },
  number: { label: 'Limit', hint: '' },
  none: null,
} as const;

/** A line under the type saying what it checks. */
const TYPE_HINT: Record<AssertionType, string> = {
  equals: 'the whole answer is exactly this text',
  contains: 'the answer contains this text',
  icontains: 'the answer contains this text, ignoring case',
  'contains-any': 'the answer contains at least one of these',
  'contains-all': 'the answer contains every one of these',
  'not-contains': 'the answer does not contain this text',
  'starts-with': 'the answer starts with this text',
  regex: 'the answer matches this regular expression',
  'is-json': 'the answer is valid JSON',
  'matches-output-schema': "the answer is JSON valid against the prompt's output schema",
  'max-latency-ms': 'the answer took at most this many milliseconds',
  'max-cost-usd': 'the call cost at most this many dollars',
  'max-output-tokens': 'the answer used at most this many tokens',
  'llm-rubric': 'a judge model decides whether the answer meets this rubric',
};

/** Props of the editor of one assertion. */
export interface AssertionEditorProps {
  assertion: AssertionDraft;
  /** 1-based, as people count. */
  number: number;
  onChange: (patch: Partial<AssertionDraft>) => void;
  onRemove: () => void;
}

/** The fields of one assertion, grouped and named "Assertion N". */
export function AssertionEditor({ assertion, number, onChange, onRemove }: AssertionEditorProps) {
  const id = useId();
  const field = VALUE_FIELD[ASSERTION_VALUES[assertion.type]];
  return (
    <fieldset className="assertion" aria-label={`Assertion ${number}`}>
      <div className="assertion__row">
        <label className="assertion__field">
          <span className="field__label">Type</span>
          <Select
            value={assertion.type}
            options={optionsOf(ASSERTION_TYPES)}
            onChange={(type) => onChange({ type: type as AssertionType })}
            aria-describedby={`${id}-hint`}
          />
        </label>
        {field ? (
          <label className="assertion__field assertion__field--grow">
            <span className="field__label">
              {field.label}
              {field.hint ? <span className="hint"> ({field.hint})</span> : null}
            </span>
            {ASSERTION_VALUES[assertion.type] === 'number' ? (
              <input
                className="input input--small"
                inputMode="decimal"
                value={assertion.value}
                onChange={(event) => onChange({ value: event.target.value })}
              />
            ) : (
              <textarea
                className="input input--small"
                rows={
                  ASSERTION_VALUES[assertion.type] === 'texts' || assertion.type === 'llm-rubric'
                    ? 3
                    : 1
                }
                spellCheck={assertion.type === 'llm-rubric'}
                value={assertion.value}
                onChange={(event) => onChange({ value: event.target.value })}
              />
            )}
          </label>
        ) : null}
        <label className="assertion__field assertion__field--weight">
          <span className="field__label">Weight</span>
          <input
            className="input input--small"
            inputMode="decimal"
            placeholder="1"
            value={assertion.weight}
            onChange={(event) => onChange({ weight: event.target.value })}
          />
        </label>
        <Button small tone="quiet" onClick={onRemove} aria-label={`Remove assertion ${number}`}>
          Remove
        </Button>
      </div>
      <p id={`${id}-hint`} className="hint assertion__hint">
        {TYPE_HINT[assertion.type]}
      </p>
    </fieldset>
  );
}
