// LangChain export: the serialised PromptTemplate / ChatPromptTemplate JSON with mustache
// templates, loadable by `load` in langchain_core (Python) and @langchain/core (JS).
import type { Message, Prompt } from '../model/prompt';
import { outputRequirementsBlock } from '../schema';
import { extractVariables } from '../template';
import { chatMessagesOf, requiredVariables, templateOf } from '../render/renderPrompt';
import { checkInput, outputSchemaOf, partialsFor } from '../render/promptSchemas';
import type { RenderContext } from '../render/promptSchemas';
import { mustacheLiteral, toMustache } from './mustacheTemplate';
import { pythonLiteral } from './pythonLiteral';
import { code, tsLiteral } from './snippets';
import type { Snippets } from './snippets';

/** One serialised LangChain object (`Serializable.toJSON()` form). */
export interface LangChainConstructor {
  lc: 1;
  type: 'constructor';
  id: string[];
  kwargs: Record<string, unknown>;
}

/** The export: the serialised template and the validated variables to format it with. */
export interface LangChainExport {
  payload: LangChainConstructor;
  variables: Record<string, unknown>;
}

const PROMPTS = ['langchain_core', 'prompts'];

/**
 * Message template class per role. Function and tool turns become Human messages: LangChain's
 * tool messages need a tool_call_id that a prompt template cannot supply.
 */
const MESSAGE_CLASS: Readonly<Record<Message['role'], string>> = {
  system: 'SystemMessagePromptTemplate',
  user: 'HumanMessagePromptTemplate',
  function: 'HumanMessagePromptTemplate',
  tool: 'HumanMessagePromptTemplate',
  assistant: 'AIMessagePromptTemplate',
};

/**
 * Builds the LangChain JSON. Templates stay templates (mustache, not rendered), made
 * self-contained: partials inlined, #if/#each/#unless/#with turned into sections, the output
 * requirements appended as literal text (to the text, or the last user message). The input
 * schema still checks the given variables, which come back validated (defaults filled) for
 * the snippets; the payload itself does not carry them.
 */
export function toLangChainExport(
  prompt: Prompt,
  variables: Record<string, unknown>,
  ctx: RenderContext,
): LangChainExport {
  const checked = checkInput(prompt, variables, ctx);
  const schema = outputSchemaOf(prompt, ctx);
  const block = schema === null ? null : mustacheLiteral(outputRequirementsBlock(schema));
  const partials = partialsFor(prompt, ctx);
  const where = `prompt '${prompt.id}'`;
  if (prompt.format !== 'chat') {
    const template = toMustache(templateOf(prompt), partials, where);
    const payload = promptTemplate(
      block === null ? template : `${template}\n\n${block}`,
      requiredVariables(prompt, ctx.partials),
    );
    return { payload, variables: checked.variables };
  }
  const messages = chatMessagesOf(prompt).map((message, index) => ({
    role: message.role,
    template: toMustache(message.content, partials, `${where}, message ${index + 1}`),
    variables: extractVariables(message.content, partials),
  }));
  if (block !== null) appendToLastUser(messages, block);
  const payload: LangChainConstructor = {
    lc: 1,
    type: 'constructor',
    id: [...PROMPTS, 'chat', 'ChatPromptTemplate'],
    kwargs: {
      input_variables: requiredVariables(prompt, ctx.partials),
      template_format: 'mustache',
      messages: messages.map((message) => ({
        lc: 1,
        type: 'constructor',
        id: [...PROMPTS, 'chat', MESSAGE_CLASS[message.role]],
        kwargs: { prompt: promptTemplate(message.template, message.variables) },
      })),
    },
  };
  return { payload, variables: checked.variables };
}

function promptTemplate(template: string, inputVariables: string[]): LangChainConstructor {
  return {
    lc: 1,
    type: 'constructor',
    id: [...PROMPTS, 'prompt', 'PromptTemplate'],
    kwargs: {
      input_variables: [...inputVariables].sort(),
      template,
      template_format: 'mustache',
    },
  };
}

interface MessageTemplate {
  role: Message['role'];
  template: string;
  variables: string[];
}

function appendToLastUser(messages: MessageTemplate[], block: string): void {
  const last = messages.findLast((message) => message.role === 'user');
  if (last === undefined) messages.push({ role: 'user', template: block, variables: [] });
  else last.template = `${last.template}\n\n${block}`;
}

/** Python and TypeScript code that loads the JSON and formats it with the variables. */
export function langChainSnippets(exported: LangChainExport): Snippets {
  const chat = exported.payload.id.at(-1) === 'ChatPromptTemplate';
  const type = chat ? 'ChatPromptTemplate' : 'PromptTemplate';
  return {
    python: code([
      'from langchain_core.load import load',
      '',
      `payload = ${pythonLiteral(exported.payload)}`,
      `variables = ${pythonLiteral(exported.variables)}`,
      'prompt = load(payload)',
      'print(prompt.invoke(variables))',
    ]),
    typescript: code([
      "import { load } from '@langchain/core/load';",
      `import type { ${type} } from '@langchain/core/prompts';`,
      '',
      `const payload = ${tsLiteral(exported.payload)};`,
      `const variables = ${tsLiteral(exported.variables)};`,
      `const prompt = await load<${type}>(JSON.stringify(payload));`,
      'console.log(await prompt.invoke(variables));',
    ]),
  };
}
