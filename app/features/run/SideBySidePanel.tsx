// The "Side by side" region: several versions (unsaved changes included) × several models, the
// answers in columns, and a word diff between any two of them.
import { useId, useState } from 'react';
import { selectRun } from '../../state/runSlice';
import type { RunAnswer } from '../../state/runSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { EmptyState } from '../../ui/EmptyState';
import { Select } from '../../ui/Select';
import { AnswerView } from './AnswerView';
import { RunPaneFrame, useTargetOptions } from './RunPaneFrame';
import { WordDiff } from './WordDiff';

const cellName = (answer: RunAnswer): string => `${answer.label} · ${answer.model}`;

function DiffPicker({ answers }: { answers: readonly RunAnswer[] }) {
  const id = useId();
  const [left, setLeft] = useState(0);
  const [right, setRight] = useState(1);
  const options = answers.map((answer, index) => ({
    value: String(index),
    label: cellName(answer),
  }));
  const before = answers[left];
  const after = answers[right];
  return (
    <section className="compare__diff" aria-label="Compare answers">
      <div className="compare__diff-controls">
        <label className="inline-field" htmlFor={`${id}-left`}>
          Word diff of
        </label>
        <Select
          id={`${id}-left`}
          aria-label="First answer"
          value={String(left)}
          options={options}
          onChange={(value) => setLeft(Number(value))}
        />
        <label className="inline-field" htmlFor={`${id}-right`}>
          and
        </label>
        <Select
          id={`${id}-right`}
          aria-label="Second answer"
          value={String(right)}
          options={options}
          onChange={(value) => setRight(Number(value))}
        />
      </div>
      {before && after ? (
        <WordDiff
          before={before.text}
          after={after.text}
          beforeLabel={cellName(before)}
          afterLabel={cellName(after)}
        />
      ) : null}
    </section>
  );
}

/** The Side by side region. */
export function SideBySidePanel() {
  const store = useWorkbenchStore();
  const document = useWorkbench((state) => state.editor.document);
  const run = useWorkbench(selectRun);
  const options = useTargetOptions();
  const { targets } = run.compare;
  const answers = run.compare.answers;
  const columns = [...new Set(answers.map((answer) => answer.target))];

  const toggle = (target: string, on: boolean): void =>
    store
      .getState()
      .setCompareTargets(on ? [...targets, target] : targets.filter((t) => t !== target));

  return (
    <RunPaneFrame
      title="Side by side"
      className="compare"
      noPromptHint="Open a prompt, then compare its versions’ answers here."
      targets={
        <fieldset className="compare__targets">
          <legend>Versions</legend>
          {options.map((option) => (
            <label key={option.value} className="run__check">
              <input
                type="checkbox"
                checked={targets.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      }
      chosen={run.compare.models}
      onModelsChange={(next) => store.getState().setCompareModels(next)}
      start={{
        label: 'Run side by side',
        disabled: targets.length === 0,
        run: (models) => {
          store.getState().setCompareModels(models);
          void store.getState().runComparison();
        },
      }}
    >
      {answers.length === 0 ? (
        <EmptyState hint="Tick two or more versions (unsaved changes included), pick models, and run them side by side with the current variables.">
          No answers yet.
        </EmptyState>
      ) : (
        <>
          <div className="compare__columns" style={{ '--columns': columns.length } as never}>
            {columns.map((target) => {
              const label = answers.find((answer) => answer.target === target)?.label ?? target;
              return (
                <section key={target} className="compare__column" aria-label={label}>
                  <h3 className="compare__column-title">{label}</h3>
                  {answers
                    .filter((answer) => answer.target === target)
                    .map((answer) => (
                      <AnswerView
                        key={answer.job}
                        answer={answer}
                        showTarget
                        hasOutputSchema={Boolean(document?.output_schema)}
                      />
                    ))}
                </section>
              );
            })}
          </div>
          {answers.length >= 2 ? <DiffPicker answers={answers} /> : null}
        </>
      )}
    </RunPaneFrame>
  );
}
