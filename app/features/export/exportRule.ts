// Provider rule errors (Anthropic's turn rules) mapped back onto the prompt's own messages.
import { AppError } from '../../../src-shared/errors';
import type { Prompt, Role } from '../../../src-shared/model/prompt';

/** A provider rule the prompt breaks, and the message that breaks it. */
export interface RuleViolation {
  rule: string;
  /** The offending message: counted without the system message, except for `one_system`. */
  index: number;
  message: string;
}

/** The rule violation carried by an `export_rule` error, or null for any other error. */
export function ruleViolationOf(error: unknown): RuleViolation | null {
  const fields =
    error instanceof AppError
      ? { code: error.code, message: error.message, details: error.details }
      : (error as { code?: unknown; message?: unknown; details?: Record<string, unknown> } | null);
  if (!fields || fields.code !== 'export_rule') return null;
  const rule = fields.details?.['rule'];
  const index = fields.details?.['index'];
  if (typeof rule !== 'string' || typeof index !== 'number') return null;
  return { rule, index, message: String(fields.message) };
}

/** One message of the prompt as the export panel lists it. */
export interface MessageLine {
  /** Position in the prompt (0-based, system messages included). */
  position: number;
  role: Role;
  /** The first line of the template, shortened. */
  preview: string;
  offending: boolean;
}

const PREVIEW_LENGTH = 80;

function previewOf(content: string): string {
  const first = content.trim().split('\n', 1)[0] ?? '';
  return first.length > PREVIEW_LENGTH ? `${first.slice(0, PREVIEW_LENGTH - 1)}…` : first;
}

/** The prompt's messages (a text prompt is one user message), the offending one marked. */
export function messageLines(document: Prompt, violation: RuleViolation | null): MessageLine[] {
  const messages = document.chat_template?.messages ?? [
    { role: 'user' as const, content: document.template?.content ?? '' },
  ];
  let offending = -1;
  if (violation) {
    if (violation.rule === 'one_system') {
      offending = violation.index;
    } else {
      // The index counts turns only: find the position of the index-th non-system message.
      let turn = -1;
      offending = messages.findIndex(
        (message) => message.role !== 'system' && ++turn === violation.index,
      );
    }
  }
  return messages.map((message, position) => ({
    position,
    role: message.role,
    preview: previewOf(message.content),
    offending: position === offending,
  }));
}

/** What to do about a broken rule, in the panel's words. */
export function ruleAdvice(rule: string): string {
  switch (rule) {
    case 'first_user':
      return 'Anthropic needs the first message after the system message to come from the user.';
    case 'alternation':
      return 'Anthropic needs user and assistant turns to alternate. Merge consecutive messages, or change a role.';
    case 'one_system':
      return 'Anthropic accepts one system message. Merge the system messages into one.';
    default:
      return 'Change the marked message to follow the provider’s rules.';
  }
}
