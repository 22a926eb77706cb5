// The frame the Run and Side by side regions share: the header with Providers…, the controls
// (what to send, the models, Run and Stop) and the answers below; a hint when no prompt is open.
import { useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { isDirty } from '../../state/editorSlice';
import { WORKING_COPY, recommendedModels, selectRunning } from '../../state/runSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PaneHeader } from '../../ui/PaneHeader';
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

/** Props of the frame. */
export interface RunPaneFrameProps {
  title: string;
  /** The region's own class (`run`, `compare`). */
  className: string;
  /** Shown instead of the controls when no prompt is open. */
  noPromptHint: string;
  /** What to send, before the models. */
  targets: ReactNode;
  /** After the models (the Run panel's cache switch). */
  options?: ReactNode;
  /** The models chosen; none chosen runs the prompt's first recommendation. */
  chosen: readonly string[];
  onModelsChange: (models: string[]) => void;
  /** The start button: its label, whether it may run now, and what it does with the models. */
  start: { label: string; disabled: boolean; run: (models: string[]) => void };
  /** Below the controls: the answers. */
  children: ReactNode;
}

/** A run region's header, controls and body, or the hint to open a prompt. */
export function RunPaneFrame(props: RunPaneFrameProps) {
  const store = useWorkbenchStore();
  useProviders();
  const document = useWorkbench((state) => state.editor.document);
  const providers = useWorkbench((state) => state.run.providers);
  const running = useWorkbench(selectRunning);
  const suggestions = recommendedModels(document);
  const models = props.chosen.length > 0 ? [...props.chosen] : suggestions.slice(0, 1);
  const className = `pwb-feature ${props.className}`;
  if (!document) {
    return (
      <section className={className} aria-label={props.title}>
        <PaneHeader title={props.title} />
        <EmptyState hint={props.noPromptHint}>No prompt is open.</EmptyState>
      </section>
    );
  }
  return (
    <section className={className} aria-label={props.title}>
      <PaneHeader title={props.title}>
        <div className="pane-header__actions">
          <Button small onClick={() => store.getState().openDialog({ kind: 'providers' })}>
            Providers…
          </Button>
        </div>
      </PaneHeader>
      <div className="run__body">
        <div className="run__controls">
          {props.targets}
          <ModelPicker
            models={models}
            onChange={props.onModelsChange}
            suggestions={suggestions}
            providers={providers}
          />
          {props.options}
          <div className="run__actions">
            <Button
              tone="primary"
              disabled={running || models.length === 0 || props.start.disabled}
              onClick={() => props.start.run(models)}
            >
              {props.start.label}
            </Button>
            <Button disabled={!running} onClick={() => void store.getState().stopRuns()}>
              Stop
            </Button>
          </div>
        </div>
        {props.children}
      </div>
    </section>
  );
}
