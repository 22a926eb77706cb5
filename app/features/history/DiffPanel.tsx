// The "Diff" region: Monaco's side-by-side diff of two versions' templates and settings.
import { DiffEditor } from '../../monaco/DiffEditor';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { ResizablePane } from '../../shell/ResizablePane';
import { PANE_SIZES } from '../../shell/paneSizes';
import { Button } from '../../ui/Button';
import { Pane } from '../../ui/Pane';

/** The Diff region. */
export function DiffPanel() {
  const store = useWorkbenchStore();
  const { diff, diffError, diffLoading, id } = useWorkbench((state) => state.history);
  return (
    <Pane
      title="Diff"
      className="pane--full"
      hint={
        diff
          ? `${id} · ${diff.from} → ${diff.to}`
          : 'Pick two versions in History and press Compare.'
      }
      status={
        diffLoading ? <span className="spinner spinner--small" aria-label="Comparing" /> : null
      }
      actions={
        <Button small onClick={() => store.getState().showTab('history')}>
          Back to History
        </Button>
      }
    >
      {diffError ? <p className="inline-error">{diffError.message}</p> : null}
      {diff ? (
        <div className="diff">
          <ResizablePane size={PANE_SIZES.diffTemplate} className="diff__section">
            <h3 className="diff__heading">Template</h3>
            <DiffEditor
              ariaLabel={`Template ${diff.from} to ${diff.to}`}
              original={diff.left.template}
              modified={diff.right.template}
            />
          </ResizablePane>
          <div className="diff__section diff__section--rest">
            <h3 className="diff__heading">Settings</h3>
            <DiffEditor
              ariaLabel={`Settings ${diff.from} to ${diff.to}`}
              language="yaml"
              original={diff.left.settings}
              modified={diff.right.settings}
            />
          </div>
        </div>
      ) : (
        <p className="empty-state">No comparison yet.</p>
      )}
    </Pane>
  );
}
