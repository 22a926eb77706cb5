// Render throughput: our pipeline against raw Handlebars (our limit) and LangChain (the alternative).
import { ChatPromptTemplate, PromptTemplate } from '@langchain/core/prompts';
import Handlebars from 'handlebars';
import { toMustache } from '../src-shared/export/mustacheTemplate';
import { renderPrompt } from '../src-shared/render/renderPrompt';
import type { RenderContext } from '../src-shared/render/renderPrompt';
import { createSchemaSet } from '../src-shared/schema';
import {
  CHAT_SYSTEM,
  CHAT_USER,
  CHAT_VARIABLES,
  TEXT_TEMPLATE,
  TEXT_VARIABLES,
  chatPrompt,
  largeTemplate,
  textPrompt,
} from './prompts';
import { compareThroughput, nowMs, pairedRatio, summarize } from './stats';
import type { Comparison } from './stats';

/** How long the render comparisons run. */
export interface RenderBenchOptions {
  rounds: number;
  roundMs: number;
  warmupMs: number;
}

/** Results of the render and chat comparisons, keyed as in results.json. */
export type BenchValues = Record<string, number>;

/** Renders a ~1 KB text prompt and a 2-message chat prompt through all three engines. */
export async function runRenderBench(options: RenderBenchOptions): Promise<BenchValues> {
  const text = await textComparison(options);
  const chat = await chatComparison(options);
  const edits = largeEdits(options.rounds * 10);
  return {
    'render.large_edit_p50_ms': edits.median,
    'render.large_edit_p95_ms': edits.p95,
    'render.ours_ops_s': text.medians['ours'] ?? Number.NaN,
    'render.handlebars_ops_s': text.medians['handlebars'] ?? Number.NaN,
    'render.langchain_ops_s': text.medians['langchain'] ?? Number.NaN,
    'render.ours_vs_handlebars': pairedRatio(text, 'ours', 'handlebars'),
    'render.ours_vs_langchain': pairedRatio(text, 'ours', 'langchain'),
    'chat.ours_ops_s': chat.medians['ours'] ?? Number.NaN,
    'chat.langchain_ops_s': chat.medians['langchain'] ?? Number.NaN,
    'chat.ours_vs_langchain': pairedRatio(chat, 'ours', 'langchain'),
  };
}

const context: RenderContext = { partials: {}, schemas: createSchemaSet([]) };

async function textComparison(options: RenderBenchOptions): Promise<Comparison> {
  const prompt = textPrompt();
  const raw = Handlebars.create().compile(TEXT_TEMPLATE, { noEscape: true });
  const mustache = toMustache(TEXT_TEMPLATE, {}, 'bench');
  const langchain = PromptTemplate.fromTemplate(mustache, { templateFormat: 'mustache' });

  // The three must produce the same text, or the comparison means nothing.
  const expected = renderPrompt(prompt, TEXT_VARIABLES, context).text;
  const outputs = {
    handlebars: raw(TEXT_VARIABLES),
    langchain: await langchain.format(TEXT_VARIABLES),
  };
  for (const [name, output] of Object.entries(outputs)) {
    if (output !== expected) throw new Error(`render bench: ${name} output differs from ours`);
  }
  if (expected.length < 900 || expected.length > 1300) {
    throw new Error(`render bench: the rendered prompt is ${expected.length} chars, not ~1 KB`);
  }

  return compareThroughput(
    [
      { name: 'ours', run: () => renderPrompt(prompt, TEXT_VARIABLES, context) },
      { name: 'handlebars', run: () => raw(TEXT_VARIABLES) },
      { name: 'langchain', run: () => langchain.format(TEXT_VARIABLES) },
    ],
    options,
  );
}

/**
 * What the server spends on one keystroke in the 20 KB template of the keystroke benchmark:
 * every edit is a new source, so each render parses and compiles (here: appends a character).
 */
function largeEdits(count: number) {
  const prompt = textPrompt('bench_large');
  const template = prompt.template;
  if (!template) throw new Error('render bench: the prompt has no template');
  let content = `${largeTemplate()}\nTyped so far: `;
  const variables = { ...TEXT_VARIABLES, name: 'Ada', topic: 'tests' };
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    content += String.fromCharCode(97 + (index % 26));
    const edited = { ...prompt, template: { ...template, content } };
    const before = nowMs();
    renderPrompt(edited, variables, context);
    latencies.push(nowMs() - before);
  }
  return summarize(latencies);
}

async function chatComparison(options: RenderBenchOptions): Promise<Comparison> {
  const prompt = chatPrompt();
  const langchain = ChatPromptTemplate.fromMessages(
    [
      ['system', toMustache(CHAT_SYSTEM, {}, 'bench system')],
      ['human', toMustache(CHAT_USER, {}, 'bench user')],
    ],
    { templateFormat: 'mustache' },
  );

  const ours = renderPrompt(prompt, CHAT_VARIABLES, context).messages;
  const theirs = await langchain.formatMessages(CHAT_VARIABLES);
  const same =
    ours.length === 2 &&
    theirs.length === 2 &&
    ours.every((message, index) => message.content === theirs[index]?.content);
  if (!same) throw new Error('chat bench: LangChain messages differ from ours');
  if (CHAT_SYSTEM.length < 550 || CHAT_SYSTEM.length > 650) {
    throw new Error(`chat bench: the system message is ${CHAT_SYSTEM.length} chars, not ~600`);
  }

  return compareThroughput(
    [
      { name: 'ours', run: () => renderPrompt(prompt, CHAT_VARIABLES, context).messages },
      { name: 'langchain', run: () => langchain.formatMessages(CHAT_VARIABLES) },
    ],
    options,
  );
}
