// The plain-text form of a chat prompt, as shown in previews and used for whole-prompt rendering.
import type { Message } from '../model/prompt';

/** `system: …\n\nuser: …`: each message as `<role>: <content>`, separated by a blank line. */
export function chatToText(messages: readonly Pick<Message, 'role' | 'content'>[]): string {
  return messages.map((message) => `${message.role}: ${message.content}`).join('\n\n');
}
