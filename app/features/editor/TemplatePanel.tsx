// The "Template" region: one Monaco editor for text prompts, a list of messages for chat prompts.
import { CodeEditor } from '../../monaco/CodeEditor';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Pane } from '../../ui/Pane';
import { ChatMessages } from './ChatMessages';

/** The Template region of the open prompt. */
export function TemplatePanel() {
  const store = useWorkbenchStore();
  const id = useWorkbench((state) => state.editor.id);
  const format = useWorkbench((state) => state.editor.document?.format);
  // The editor recognises the text it just sent by identity, so handing it back costs nothing.
  const content = useWorkbench((state) => state.editor.document?.template?.content ?? '');
  return (
    <Pane
      title="Template"
      className="pane--template"
      hint={
        <>
          Handlebars · <kbd>{'{{'}</kbd> completes variables, partials and helpers
        </>
      }
    >
      {format === 'chat' ? (
        <ChatMessages key={id} />
      ) : (
        <div className="pane__body pane__body--editor">
          <CodeEditor
            key={`${id}:${format}`}
            ariaLabel="Template"
            placeholder="Write the prompt here. {{name}} adds a variable named name."
            value={content}
            onChange={(value) => store.getState().setTemplateContent(value)}
          />
        </div>
      )}
    </Pane>
  );
}
