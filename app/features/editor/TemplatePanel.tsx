// The "Template" region: one Monaco editor for text prompts, a list of messages for chat prompts.
import { useRef } from 'react';
import { CodeEditor } from '../../monaco/CodeEditor';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Pane } from '../../ui/Pane';
import { ChatMessages } from './ChatMessages';

/** The Template region of the open prompt. */
export function TemplatePanel() {
  const store = useWorkbenchStore();
  const id = useWorkbench((state) => state.editor.id);
  const format = useWorkbench((state) => state.editor.document?.format);
  // The text the editor itself last sent: when the store holds just that, the editor already
  // shows it, so the panel need not render again on every keystroke (null stands for "as typed").
  const typed = useRef<string | null>(null);
  const outside = useWorkbench((state) => {
    const content = state.editor.document?.template?.content ?? '';
    return content === typed.current ? null : content;
  });
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
            value={outside ?? typed.current ?? ''}
            onChange={(value) => {
              typed.current = value;
              store.getState().setTemplateContent(value);
            }}
          />
        </div>
      )}
    </Pane>
  );
}
