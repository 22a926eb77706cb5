// The "Run" region: the open prompt (unsaved changes or any version) with the current variables,
// sent to one or more models; answers stream in, Stop cancels, chat prompts continue turn by turn.
import { useId, useMemo, useState } from 'react';
import { selectConvertedVariables } from '../../state/previewSlice';
import { WORKING_COPY, selectRun, selectRunning } from '../../state/runSlice';
import type { RunAnswer } from '../../state/runSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { Select } from '../../ui/Select';
import { AnswerView } from './AnswerView';
import { RunPaneFrame, useTargetOptions } from './RunPaneFrame';

function VariablesLine() {
  const store = useWorkbenchStore();
  const values = useWorkbench((state) => state.preview.values);
  const document = useWorkbench((state) => state.editor.document);
  // Read when the form or the prompt changes (a selector would build a new object every time).
  const variables = useMemo(
    () => (values && document ? selectConvertedVariables(store.getState()).variables : {}),
    [store, values, document],
  );
  const entries = Object.entries(variables);
  return (
    <p className="run__variables">
      <span className="run__muted">Variables:</span>{' '}
      {entries.length === 0
        ? 'none set (defaults apply)'
        : entries
            .map(
              ([name, value]) =>
                `${name} = ${typeof value === 'string' ? value : JSON.stringify(value)}`,
            )
            .join(' · ')}{' '}
      <Button small tone="quiet" onClick={() => store.getState().showTab('editor')}>
        Edit variables
      </Button>
    </p>
  );
}

function ContinueChat({ answer }: { answer: RunAnswer }) {
  const store = useWorkbenchStore();
  const [reply, setReply] = useState('');
  const id = useId();
  const running = useWorkbench(selectRunning);
  return (
    <form
      className="run__continue"
      onSubmit={(event) => {
        event.preventDefault();
        const text = reply;
        setReply('');
        void store.getState().continueChat(answer, text);
      }}
    >
      <label htmlFor={`${id}-reply`} className="run__muted">
        Continue the conversation
      </label>
      <textarea
        id={`${id}-reply`}
        className="input run__reply"
        aria-label="Reply"
        rows={2}
        value={reply}
        onChange={(event) => setReply(event.target.value)}
      />
      <Button type="submit" small disabled={running || reply.trim() === ''}>
        Continue
      </Button>
    </form>
  );
}

/** The Run region. */
export function RunPanel() {
  const store = useWorkbenchStore();
  const id = useId();
  const document = useWorkbench((state) => state.editor.document);
  const run = useWorkbench(selectRun);
  const options = useTargetOptions();
  const isChat = document?.format === 'chat';
  const hasOutputSchema = Boolean(document?.output_schema);

  return (
    <RunPaneFrame
      title="Run"
      className="run"
      noPromptHint="Open a prompt in the library, then send it to a model here."
      targets={
        <div className="run__target">
          <label className="inline-field" htmlFor={`${id}-target`}>
            Send
          </label>
          <Select
            id={`${id}-target`}
            value={options.some((o) => o.value === run.target) ? run.target : WORKING_COPY}
            options={options}
            onChange={(value) => store.getState().setRunTarget(value)}
          />
        </div>
      }
      options={
        <label className="run__check">
          <input
            type="checkbox"
            checked={run.noCache}
            onChange={(event) => store.getState().setRunNoCache(event.target.checked)}
          />
          Skip the cache
        </label>
      }
      chosen={run.models}
      onModelsChange={(next) => store.getState().setRunModels(next)}
      start={{
        label: 'Run',
        disabled: false,
        run: (models) => {
          store.getState().setRunModels(models);
          void store.getState().runPrompt();
        },
      }}
    >
      <VariablesLine />
      {run.thread.length > 0 ? (
        <section className="run__thread" aria-label="Conversation">
          <div className="run__thread-head">
            <span className="run__muted">
              Turns added after the prompt’s messages ({run.answers[0]?.label ?? run.target})
            </span>
            <Button small tone="quiet" onClick={() => store.getState().resetChat()}>
              Start over
            </Button>
          </div>
          <ol className="bubbles">
            {run.thread.map((turn, index) => (
              <li key={index} className={`bubble bubble--${turn.role}`}>
                <span className="bubble__role">{turn.role}</span>
                <pre className="bubble__content">{turn.content}</pre>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {run.answers.length === 0 ? (
        <EmptyState hint="Pick one or more models (provider:model) and press Run. Add local or other servers under Providers.">
          No answers yet.
        </EmptyState>
      ) : (
        <div className="run__answers">
          {run.answers.map((answer) => (
            <AnswerView key={answer.job} answer={answer} hasOutputSchema={hasOutputSchema}>
              {isChat && answer.status === 'done' ? <ContinueChat answer={answer} /> : null}
            </AnswerView>
          ))}
        </div>
      )}
    </RunPaneFrame>
  );
}
