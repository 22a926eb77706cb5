// A provider rule error: what is wrong, what to do, and the prompt's messages with the culprit marked.
import type { Prompt } from '../../../src-shared/model/prompt';
import { messageLines, ruleAdvice } from './exportRule';
import type { RuleViolation } from './exportRule';

/** Shows a broken provider rule against the prompt's own messages. */
export function RuleViolationView({
  violation,
  document,
}: {
  violation: RuleViolation;
  document: Prompt;
}) {
  const lines = messageLines(document, violation);
  return (
    <div className="callout callout--error export__violation" role="alert">
      <p className="callout__title">{violation.message}</p>
      <p>{ruleAdvice(violation.rule)}</p>
      <ol className="message-list" aria-label="Prompt messages">
        {lines.map((line) => (
          <li
            key={line.position}
            className={`message-list__item ${line.offending ? 'message-list__item--bad' : ''}`}
            aria-invalid={line.offending ? true : undefined}
          >
            <span className={`role-badge role-badge--${line.role}`}>{line.role}</span>
            <span className="message-list__preview">{line.preview || '(empty)'}</span>
            {line.offending ? <span className="chip chip--error">breaks this rule</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
