// Pure edits of a prompt document: the editor slice applies these, tests check them without a DOM.
import type {
  Message,
  Prompt,
  PromptFormat,
  PromptMetadata,
  Role,
} from '../../src-shared/model/prompt';
import { emptyMetadata } from '../../src-shared/model/prompt';

/** The version a brand-new prompt starts at (its first save keeps it). */
export const FIRST_VERSION = '1.0.0';

/** A fresh, empty prompt document of the given format. */
export function newPromptDocument(
  id: string,
  format: PromptFormat,
  uid: string,
  now: string,
): Prompt {
  const isChat = format === 'chat';
  return {
    id,
    version: FIRST_VERSION,
    uid,
    format,
    template: isChat ? null : { content: '', variables: [], partials: {}, helpers: {} },
    chat_template: isChat
      ? {
          messages: [
            { role: 'system', content: 'You are a helpful assistant.' },
            { role: 'user', content: '' },
          ],
          variables: [],
        }
      : null,
    status: 'draft',
    created_at: now,
    updated_at: now,
    metadata: emptyMetadata(),
    input_schema: null,
    output_schema: null,
  };
}

/** True for chat prompts (a list of messages rather than one text). */
export function isChatDocument(document: Prompt): boolean {
  return document.format === 'chat';
}

/** The template texts of a document, in order (one for text prompts, one per chat message). */
export function templateSources(document: Prompt): string[] {
  if (isChatDocument(document)) {
    return (document.chat_template?.messages ?? []).map((message) => message.content);
  }
  return [document.template?.content ?? ''];
}

/** Replaces the text template. */
export function withTemplateContent(document: Prompt, content: string): Prompt {
  const template = document.template ?? { content: '', variables: [], partials: {}, helpers: {} };
  return { ...document, template: { ...template, content } };
}

function withMessages(document: Prompt, messages: Message[]): Prompt {
  const chat = document.chat_template ?? { messages: [], variables: [] };
  return { ...document, chat_template: { ...chat, messages } };
}

function messagesOf(document: Prompt): Message[] {
  return document.chat_template?.messages ?? [];
}

/** Changes one chat message. */
export function withMessage(document: Prompt, index: number, patch: Partial<Message>): Prompt {
  return withMessages(
    document,
    messagesOf(document).map((message, i) => (i === index ? { ...message, ...patch } : message)),
  );
}

/** Appends a chat message with the given role. */
export function withAddedMessage(document: Prompt, role: Role): Prompt {
  return withMessages(document, [...messagesOf(document), { role, content: '' }]);
}

/** Removes one chat message. */
export function withoutMessage(document: Prompt, index: number): Prompt {
  return withMessages(
    document,
    messagesOf(document).filter((_, i) => i !== index),
  );
}

/** Moves a chat message one place up (-1) or down (+1); out-of-range moves change nothing. */
export function withMovedMessage(document: Prompt, index: number, direction: -1 | 1): Prompt {
  const messages = [...messagesOf(document)];
  const target = index + direction;
  const moving = messages[index];
  const other = messages[target];
  if (moving === undefined || other === undefined) return document;
  messages[index] = other;
  messages[target] = moving;
  return withMessages(document, messages);
}

/** Records the variables the templates use (the seed's `variables` lists), when they changed. */
export function withDeclaredVariables(document: Prompt, names: readonly string[]): Prompt {
  const same = (list: readonly string[] | undefined): boolean =>
    list !== undefined && list.length === names.length && list.every((n, i) => n === names[i]);
  if (document.chat_template) {
    if (same(document.chat_template.variables)) return document;
    return { ...document, chat_template: { ...document.chat_template, variables: [...names] } };
  }
  if (!document.template || same(document.template.variables)) return document;
  return { ...document, template: { ...document.template, variables: [...names] } };
}

/** Changes metadata fields. */
export function withMetadata(document: Prompt, patch: Partial<PromptMetadata>): Prompt {
  return { ...document, metadata: { ...document.metadata, ...patch } };
}

/** The fields of a prompt set outside its metadata. */
export type PromptSettings = Pick<Prompt, 'status' | 'input_schema' | 'output_schema'>;

/** Changes status or schema references. */
export function withSettings(document: Prompt, patch: Partial<PromptSettings>): Prompt {
  return { ...document, ...patch };
}

/**
 * Takes an older version's content (template, messages, metadata, schemas) as a new edit based
 * on `current`: identity (id, uid, version, timestamps) stays the current one's.
 */
export function restoredFrom(older: Prompt, current: Prompt): Prompt {
  return {
    ...older,
    id: current.id,
    uid: current.uid,
    version: current.version,
    created_at: current.created_at,
    updated_at: current.updated_at,
  };
}

// Documents are never mutated, and dirty checks run in selectors on every store change: one
// serialisation per document object keeps a 20 KB template from being stringified per render.
const contentKeys = new WeakMap<Prompt, string>();

/** The parts of a document a save would change, as comparable text (timestamps excluded). */
export function contentKey(document: Prompt): string {
  const known = contentKeys.get(document);
  if (known !== undefined) return known;
  const key = JSON.stringify([
    document.format,
    document.template ?? null,
    document.chat_template ?? null,
    document.status,
    document.metadata,
    document.input_schema ?? null,
    document.output_schema ?? null,
  ]);
  contentKeys.set(document, key);
  return key;
}

/** True when a document looks like a prompt (drafts come back from storage as unknown). */
export function isPromptDocument(value: unknown): value is Prompt {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Prompt>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.format === 'string' &&
    typeof candidate.metadata === 'object' &&
    candidate.metadata !== null
  );
}
