// The "Preview" region: the prompt rendered with the current variables, as text or chat bubbles.
import { useMemo } from 'react';
import type { RenderResult } from '../../../src-shared/contract/dto';
import { selectVariableFields } from '../../state/previewSlice';
import { positionOf } from '../../state/uiError';
import type { UiError } from '../../state/uiError';
import type { BlankMessage } from '../../state/templateInsight';
import { useWorkbench } from '../../state/useWorkbench';
import { placeErrors } from '../variables/fieldErrors';
import { convertValues } from '../variables/variableFields';
import { textBlocks } from './textBlocks';
import './preview.css';

/**
 * Preformatted text as block runs of whole lines: typing changes one run, so the browser lays
 * out and shapes that run again instead of the whole prompt. The text (and what a selection
 * copies) stays exactly the rendered text.
 */
function LineRuns({ text, className }: { text: string; className: string }) {
  const blocks = useMemo(() => textBlocks(text), [text]);
  return (
    <pre className={className}>
      {blocks.map((block, index) => (
        <span key={index} className="preview__run">
          {block}
        </span>
      ))}
    </pre>
  );
}

function RenderedText({ text }: { text: string }) {
  if (text === '') return <p className="empty-state">The template renders to empty text.</p>;
  return <LineRuns text={text} className="preview__text" />;
}

interface Bubble {
  role: string;
  name?: string | null;
  /** Null for a message not typed yet. */
  content: string | null;
}

/** The rendered messages with placeholders put back where the empty messages are. */
function bubblesOf(messages: RenderResult['messages'], blank: readonly BlankMessage[]): Bubble[] {
  const blankAt = new Map(blank.map((message) => [message.index, message.role]));
  const rendered = [...messages];
  const bubbles: Bubble[] = [];
  const total = messages.length + blank.length;
  for (let position = 0; bubbles.length < total; position += 1) {
    const role = blankAt.get(position);
    const message = role === undefined ? rendered.shift() : undefined;
    if (role !== undefined) bubbles.push({ role, content: null });
    else if (message) bubbles.push(message);
    else break;
  }
  return bubbles;
}

/** One bubble per message; a message not typed yet shows a placeholder in its place. */
function ChatBubbles({ result, blank }: { result: RenderResult; blank: readonly BlankMessage[] }) {
  const bubbles = useMemo(() => bubblesOf(result.messages, blank), [result, blank]);
  return (
    <ol className="bubbles" aria-label="Messages">
      {bubbles.map((message, index) => (
        <li key={index} className={`bubble bubble--${message.role}`}>
          <span className="bubble__role">
            {message.role}
            {message.name ? ` · ${message.name}` : ''}
          </span>
          {message.content === null ? (
            <p className="bubble__placeholder">
              Message {index + 1} is empty: write it in the Template to see it here.
            </p>
          ) : (
            <LineRuns text={message.content} className="bubble__content" />
          )}
        </li>
      ))}
    </ol>
  );
}

function TemplateError({ error }: { error: UiError }) {
  const position = positionOf(error);
  const partial = error.details?.['partial'];
  const messageIndex = error.details?.['messageIndex'];
  // Messages are numbered from 1, as the Template shows them.
  const message = typeof messageIndex === 'number' ? `message ${messageIndex + 1}, ` : '';
  return (
    <div className="preview-error" role="alert">
      <strong>
        {error.code === 'template_syntax' ? 'Template syntax error' : 'Cannot render'}
      </strong>
      {position ? (
        <span className="preview-error__where">
          {message}
          {typeof partial === 'string' ? `partial ${partial}, ` : ''}line {position.line}, column{' '}
          {position.column}
        </span>
      ) : null}
      <p>{error.message}</p>
    </div>
  );
}

const formatDuration = (us: number): string =>
  us < 1000 ? `${Math.max(1, Math.round(us))} µs` : `${(us / 1000).toFixed(1)} ms`;

/** The Preview region. */
export function PreviewPanel() {
  const { result, blank, error, pending, tokens } = useWorkbench((state) => state.preview);
  const fields = useWorkbench(selectVariableFields);
  const values = useWorkbench((state) => state.preview.values);
  const placed = useMemo(
    () => placeErrors(fields, error, convertValues(fields, values).problems),
    [fields, error, values],
  );
  const variableTrouble = placed.aboutVariables || Object.keys(placed.byField).length > 0;
  return (
    <section aria-label="Preview" className="pane pane--preview" aria-busy={pending || undefined}>
      <div className="pane__header">
        <h2 className="pane__title">Preview</h2>
        {/* Not a live region: a screen reader would read the counts after every keystroke.
            Errors below announce themselves (role alert / status). */}
        <span className="pane__hint">
          {result ? (
            <>
              {tokens === null ? '… tokens' : `${tokens.toLocaleString()} tokens`} ·{' '}
              {result.text.length.toLocaleString()} chars · {formatDuration(result.durationUs)}
            </>
          ) : null}
        </span>
        {pending ? <span className="spinner spinner--small" aria-label="Rendering" /> : null}
      </div>
      <div className={`pane__body pane__body--scroll preview ${error ? 'preview--stale' : ''}`}>
        {error && !variableTrouble ? <TemplateError error={error} /> : null}
        {error && variableTrouble ? (
          <p className="notice notice--warning" role="status">
            Fill in or correct the variables marked in Variables to see the prompt.
          </p>
        ) : null}
        {result ? (
          result.kind === 'chat' ? (
            <ChatBubbles result={result} blank={blank} />
          ) : (
            <RenderedText text={result.text} />
          )
        ) : error ? null : (
          <p className="empty-state">The rendered prompt appears here as you type.</p>
        )}
      </div>
    </section>
  );
}
