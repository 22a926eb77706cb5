// The open dialog, whichever it is (at most one at a time).
import { LibrarySwitcherDialog } from '../features/library-switcher/LibrarySwitcherDialog';
import { MoveLabelDialog } from '../features/history/MoveLabelDialog';
import { RemoveLabelDialog } from '../features/history/RemoveLabelDialog';
import { DeletePromptDialog } from '../features/library/DeletePromptDialog';
import { ExportFolderDialog, ImportFolderDialog } from '../features/library/FolderDialogs';
import { NewPromptDialog } from '../features/library/NewPromptDialog';
import { ProvidersDialog } from '../features/run/ProvidersDialog';
import { SaveVersionDialog } from '../features/save/SaveVersionDialog';
import { useWorkbench } from '../state/useWorkbench';

/** Renders the open dialog. */
export function Dialogs() {
  const dialog = useWorkbench((state) => state.ui.dialog);
  switch (dialog?.kind) {
    case 'save':
      return <SaveVersionDialog />;
    case 'new':
      return <NewPromptDialog />;
    case 'import':
      return <ImportFolderDialog />;
    case 'export':
      return <ExportFolderDialog />;
    case 'delete':
      return <DeletePromptDialog id={dialog.id} />;
    case 'label':
      return <MoveLabelDialog version={dialog.version} label={dialog.label} />;
    case 'removeLabel':
      return <RemoveLabelDialog label={dialog.label} version={dialog.version} />;
    case 'providers':
      return <ProvidersDialog />;
    case 'library':
      return <LibrarySwitcherDialog />;
    default:
      return null;
  }
}
