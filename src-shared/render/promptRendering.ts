// How a whole prompt renders, whichever engine runs its templates: input schema applied,
// partials resolved, the output schema's requirements appended. The page may use it too.
import { AppError } from '../errors';
import type { Message, Prompt } from '../model/prompt';
import { outputRequirementsBlock } from '../schema/outputBlock';
import { chatToText } from '../template/chatText';
import { extractVariables } from '../template/variables';
import { checkInput, outputSchemaOf, partialsFor } from './promptSchemas';
import { explainStrictSchema, withEveryMissingVariable } from './renderErrors';
import type { RenderContext } from './promptSchemas';

/** Runs templates: the Node side's (interpreter, compiler fallback) or the page's. */
export interface TemplateEngine {
  renderTemplate(
    source: string,
    variables: Record<string, unknown>,
    options: { partials: Readonly<Record<string, string>>; nullable: readonly string[] },
  ): string;
  renderMessages(
    messages: readonly Message[],
    variables: Record<string, unknown>,
    options: { partials: Readonly<Record<string, string>>; nullable: readonly string[] },
  ): Message[];
}

/** A rendered prompt: text for text-like formats, messages (and their text form) for chat. */
export interface RenderOutput {
  kind: 'text' | 'chat';
  /** Text prompts: the rendered text; chat: `chatToText(messages)`. */
  text: string;
  /** Chat: the rendered messages; text prompts: empty. */
  messages: Message[];
  /** The variables after input-schema validation (defaults filled). */
  variables: Record<string, unknown>;
  outputSchema: string | null;
}

/** Options for renderPrompt. */
export interface RenderOptions {
  /** Run the input schema (default true); false renders the variables as given. */
  validateInput?: boolean;
}

/**
 * Renders `prompt` with `variables` through `engine`. Order: input schema (must exist; violations propagate
 * with their issues), then the template with the validated variables (nullable = the input
 * schema's nullable fields), then the output schema's requirements block appended to the text,
 * or for chat to the last user message (a chat without one gets a user message carrying it).
 */
export function renderPromptWith(
  engine: TemplateEngine,
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  options: RenderOptions = {},
): RenderOutput {
  let checked: ReturnType<typeof checkInput>;
  try {
    checked = checkInput(prompt, variables, ctx, options.validateInput ?? true);
  } catch (error) {
    throw explainStrictSchema(
      error,
      prompt.input_schema ?? '',
      requiredVariables(prompt, partialsFor(prompt, ctx)),
    );
  }
  const outputSchema = outputSchemaOf(prompt, ctx);
  const block = outputSchema === null ? null : outputRequirementsBlock(outputSchema);
  const renderOptions = { partials: partialsFor(prompt, ctx), nullable: checked.nullable };
  const base = {
    variables: checked.variables,
    outputSchema: outputSchema === null ? null : outputSchema.name,
  };
  if (prompt.format === 'chat') {
    const source = chatMessagesOf(prompt);
    const messages = withEveryMissingVariable(checked.variables, (given) =>
      engine.renderMessages(source, given, renderOptions),
    );
    if (block !== null) appendToLastUser(messages, block);
    return { kind: 'chat', text: chatToText(messages), messages, ...base };
  }
  const template = templateOf(prompt);
  const rendered = withEveryMissingVariable(checked.variables, (given) =>
    engine.renderTemplate(template, given, renderOptions),
  );
  return {
    kind: 'text',
    text: block === null ? rendered : `${rendered}\n\n${block}`,
    messages: [],
    ...base,
  };
}

/**
 * The variables a prompt's template reads (from the Handlebars syntax tree, partials
 * included), sorted; what a variables form should ask for.
 */
export function requiredVariables(
  prompt: Prompt,
  partials: Readonly<Record<string, string>>,
): string[] {
  const all = { ...partials, ...(prompt.template?.partials ?? {}) };
  const sources =
    prompt.format === 'chat'
      ? chatMessagesOf(prompt).map((message) => message.content)
      : [templateOf(prompt)];
  const names = new Set<string>();
  for (const source of sources) {
    for (const name of extractVariables(source, all)) names.add(name);
  }
  return [...names].sort();
}

/** The text template of a text, completion or instruction prompt. */
export function templateOf(prompt: Prompt): string {
  if (prompt.template === null || prompt.template === undefined) {
    throw new AppError('invalid_input', `${prompt.format} format requires template`, {
      prompt: prompt.id,
    });
  }
  return prompt.template.content;
}

/** The message templates of a chat prompt. */
export function chatMessagesOf(prompt: Prompt): Message[] {
  if (prompt.chat_template === null || prompt.chat_template === undefined) {
    throw new AppError('invalid_input', 'Chat format requires chat_template', {
      prompt: prompt.id,
    });
  }
  return prompt.chat_template.messages;
}

/** Appends the block to the last user message; a chat without one gets a user message for it. */
function appendToLastUser(messages: Message[], block: string): void {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user') {
      messages[index] = { ...message, content: `${message.content}\n\n${block}` };
      return;
    }
  }
  messages.push({ role: 'user', content: block });
}
