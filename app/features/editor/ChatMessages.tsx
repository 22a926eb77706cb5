// Chat prompts: each message with its role picker and its own editor; add, remove, reorder.
import { ROLES } from '../../../src-shared/model/prompt';
import type { Role } from '../../../src-shared/model/prompt';
import type { MouseEvent } from 'react';
import { CodeEditor } from '../../monaco/CodeEditor';
import { requestEditorFocus } from '../../monaco/editorFocus';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';

const AUTO_HEIGHT = { min: 60, max: 420 };

/**
 * After the list re-renders, focuses the first control named in `names` that is enabled,
 * else the element matching `fallback`: where the next step happens after a move or a removal.
 */
function focusAfterRender(
  from: HTMLElement,
  names: readonly string[],
  fallback = '.chat-messages > .button',
): void {
  const area = from.closest('.chat-messages');
  requestAnimationFrame(() => {
    for (const name of names) {
      const control = area?.querySelector<HTMLButtonElement | HTMLSelectElement>(
        `[aria-label="${name}"]`,
      );
      if (control && !control.disabled) return control.focus();
    }
    area?.querySelector<HTMLElement>(fallback)?.focus();
  });
}

/** The messages of the open chat prompt. */
export function ChatMessages() {
  const store = useWorkbenchStore();
  // The list follows how many messages there are; each item follows its own message, so typing
  // into one message renders that message alone.
  const count = useWorkbench((state) => state.editor.document?.chat_template?.messages.length ?? 0);
  const lastRole = useWorkbench(
    (state) => state.editor.document?.chat_template?.messages[count - 1]?.role,
  );
  const nextRole: Role = lastRole === 'user' ? 'assistant' : 'user';
  return (
    <div className="pane__body chat-messages">
      {count === 0 ? (
        <p className="empty-state">This chat prompt has no messages yet. Add one below.</p>
      ) : null}
      <ol className="chat-messages__list">
        {Array.from({ length: count }, (_, index) => (
          <ChatMessage key={index} index={index} count={count} />
        ))}
      </ol>
      <Button
        small
        onClick={() => {
          // Typing goes on in the new message.
          requestEditorFocus(`Message ${count + 1}`);
          store.getState().addMessage(nextRole);
        }}
      >
        Add message
      </Button>
    </div>
  );
}

/** One message: its role, its moves and its editor. */
function ChatMessage(props: { index: number; count: number }) {
  const { index, count } = props;
  const store = useWorkbenchStore();
  const message = useWorkbench((state) => state.editor.document?.chat_template?.messages[index]);
  if (!message) return null;
  const actions = store.getState();
  const n = index + 1;
  /** Moves the message and keeps focus on its button (the other one at the end of the list). */
  const move = (event: MouseEvent<HTMLButtonElement>, direction: -1 | 1): void => {
    actions.moveMessage(index, direction);
    const moved = n + direction;
    const [same, other] = direction < 0 ? ['up', 'down'] : ['down', 'up'];
    focusAfterRender(event.currentTarget, [
      `Move message ${moved} ${same}`,
      `Move message ${moved} ${other}`,
    ]);
  };
  /** Removes the message; focus goes to the one that took its place, else to Add message. */
  const remove = (event: MouseEvent<HTMLButtonElement>): void => {
    actions.removeMessage(index);
    focusAfterRender(event.currentTarget, [`Role of message ${n}`, `Role of message ${n - 1}`]);
  };
  return (
    <li className={`chat-message chat-message--${message.role}`}>
      <div className="chat-message__bar">
        <span className="chat-message__number" aria-hidden="true">
          {n}
        </span>
        <select
          className="input input--small chat-message__role"
          aria-label={`Role of message ${n}`}
          value={message.role}
          onChange={(event) => actions.setMessage(index, { role: event.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
        <span className="chat-message__spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label={`Move message ${n} up`}
          title={`Move message ${n} up`}
          disabled={index === 0}
          onClick={(event) => move(event, -1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move message ${n} down`}
          title={`Move message ${n} down`}
          disabled={index === count - 1}
          onClick={(event) => move(event, 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove message ${n}`}
          title={`Remove message ${n}`}
          onClick={remove}
        >
          ×
        </button>
      </div>
      <CodeEditor
        ariaLabel={`Message ${n}`}
        placeholder={`Write the ${message.role} message here.`}
        value={message.content}
        autoHeight={AUTO_HEIGHT}
        onChange={(value) => store.getState().setMessage(index, { content: value })}
      />
    </li>
  );
}
