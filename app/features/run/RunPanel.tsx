// The "Run" region: the open prompt (unsaved changes or any version) with the current variables,
// sent to one or more models; answers stream in, Stop cancels, chat prompts continue turn by turn.
import { useEffect, useId, useMemo, useState } from 'react';
import { isDirty } from '../../state/editorSlice';
import { selectConvertedVariables } from '../../state/previewSlice';
import { WORKING_COPY, recommendedModels, selectRun, selectRunning } from '../../state/runSlice';
import type { RunAnswer } from '../../state/runSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PaneHeader } from '../../ui/PaneHeader';
import { Select } from '../../ui/Select';
import { AnswerView } from './AnswerView';
import { ModelPicker } from './ModelPicker';
import './run.css';

/** The targets a run may send: unsaved changes (the working copy) and every saved version. */
export function useTargetOptions(): { value: string; label: string }[] {
  const versions = useWorkbench((state) =>
    state.history.id === state.editor.id ? state.history.versions : null,
  );
  const base = useWorkbench((state) => state.editor.base);
  const dirty = useWorkbench((state) => isDirty(state.editor));
  return useMemo(
    () => [
      {
        value: WORKING_COPY,
        label:
          base === null
            ? 'Unsaved changes'
            : dirty
              ? `Unsaved changes (from ${base})`
              : `As open (${base})`,
      },
      ...(versions ?? []).map((entry) => ({ value: entry.version, label: entry.version })),
    ],
    [versions, base, dirty],
  );
}

/** Loads providers once the panel is first shown (they feed the model picker). */
export function useProviders(): void {
  const store = useWorkbenchStore();
  const loaded = useWorkbench((state) => state.run.keys !== null);
  useEffect(() => {
    if (!loaded) void store.getState().loadProviders();
  }, [store, loaded]);
}

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
  useProviders();
  const document = useWorkbench((state) => state.editor.document);
  const run = useWorkbench(selectRun);
  const running = useWorkbench(selectRunning);
  const providers = useWorkbench((state) => state.run.providers);
  const options = useTargetOptions();
  const suggestions = recommendedModels(document);
  const isChat = document?.format === 'chat';
  const models = run.models.length > 0 ? run.models : suggestions.slice(0, 1);
  const hasOutputSchema = Boolean(document?.output_schema);

  if (!document) {
    return (
      <section className="pwb-feature run" aria-label="Run">
        <PaneHeader title="Run" />
        <EmptyState hint="Open a prompt in the library, then send it to a model here.">
          No prompt is open.
        </EmptyState>
      </section>
    );
  }

  return (
    <section className="pwb-feature run" aria-label="Run">
      <PaneHeader title="Run">
        <div className="pane-header__actions">
          <Button small onClick={() => store.getState().openDialog({ kind: 'providers' })}>
            Providers…
          </Button>
        </div>
      </PaneHeader>
      <div className="run__body">
        <div className="run__controls">
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
          <ModelPicker
            models={models}
            onChange={(next) => store.getState().setRunModels(next)}
            suggestions={suggestions}
            providers={providers}
          />
          <label className="run__check">
            <input
              type="checkbox"
              checked={run.noCache}
              onChange={(event) => store.getState().setRunNoCache(event.target.checked)}
            />
            Skip the cache
          </label>
          <div className="run__actions">
            <Button
              tone="primary"
              disabled={running || models.length === 0}
              onClick={() => {
                store.getState().setRunModels(models);
                void store.getState().runPrompt();
              }}
            >
              Run
            </Button>
            <Button disabled={!running} onClick={() => void store.getState().stopRuns()}>
              Stop
            </Button>
          </div>
        </div>
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
      </div>
    </section>
  );
}
