// Model runs from the page: the Run panel (one prompt, several models, a chat continued turn by
// turn), side by side (versions × models), and the providers and keys they use.
import type { RunJobEvent } from '../../src-shared/contract/events';
import type { Prompt } from '../../src-shared/model/prompt';
import type {
  ProviderInfo,
  ProviderKeys,
  UserProviderKind,
} from '../../src-shared/models/providers';
import type { RunResult } from '../../src-shared/models/runs';
import { isErrorCode } from '../api/client';
import { isDirty } from './editorSlice';
import { selectConvertedVariables } from './previewSlice';
import type { SliceCreator, WorkbenchState } from './storeTypes';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** What a run sends: the open prompt as it stands now (saved or not), or a saved version. */
export const WORKING_COPY = 'working';

/** One answer: streaming, finished, failed or stopped. */
export interface RunAnswer {
  job: string;
  /** `WORKING_COPY` or a version. */
  target: string;
  /** The target as people read it when the run started ("Unsaved changes", "1.2.0"). */
  label: string;
  model: string;
  status: 'running' | 'done' | 'error' | 'cancelled';
  /** The text so far (the whole answer once done). */
  text: string;
  /** The last retry the service announced, while it waits. */
  retry: string | null;
  result: RunResult | null;
  error: UiError | null;
}

/** A turn added after the prompt's own messages when a chat is continued. */
export interface Turn {
  role: 'assistant' | 'user';
  content: string;
}

/** A provider a person adds in the app. */
export interface NewProvider {
  name: string;
  kind: UserProviderKind;
  base_url: string;
  /** The environment variable holding its key (none: no key is sent). */
  api_key_env: string | null;
  /** A key typed now (the app keeps it in the OS keychain under `api_key_env`). */
  key?: string;
}

/** The Run panel, side by side, and providers. */
export interface RunData {
  /** The prompt the answers and choices below belong to. */
  promptId: string | null;
  /** `WORKING_COPY` or a version of the open prompt. */
  target: string;
  models: string[];
  noCache: boolean;
  answers: RunAnswer[];
  /** Turns after the prompt's messages (chat prompts continued in the Run panel). */
  thread: Turn[];
  compare: { targets: string[]; models: string[]; answers: RunAnswer[] };
  providers: ProviderInfo[];
  keys: ProviderKeys | null;
  providersError: UiError | null;
}

/** The run slice. */
export interface RunSlice {
  run: RunData;
  setRunTarget(target: string): void;
  setRunModels(models: string[]): void;
  setRunNoCache(noCache: boolean): void;
  /** Runs the target against every chosen model; resolves when every answer has ended. */
  runPrompt(): Promise<void>;
  /** Stops every answer still streaming (in the Run panel and side by side). */
  stopRuns(): Promise<void>;
  /** Appends `answer` as an assistant turn and `reply` as the next user turn, and runs again. */
  continueChat(answer: RunAnswer, reply: string): Promise<void>;
  /** Forgets the continued turns (back to the prompt's own messages). */
  resetChat(): void;
  setCompareTargets(targets: string[]): void;
  setCompareModels(models: string[]): void;
  /** Runs every chosen target with every chosen model, answers in columns. */
  runComparison(): Promise<void>;
  loadProviders(): Promise<void>;
  /** Adds a provider (and stores its typed key); resolves with an error to show, or null. */
  addProvider(provider: NewProvider): Promise<UiError | null>;
  removeProvider(name: string): Promise<UiError | null>;
  setProviderKey(variable: string, key: string | null): Promise<UiError | null>;
}

/** The label of a run target as people read it: the working copy is its version until edited. */
export function targetLabel(state: WorkbenchState, target: string): string {
  if (target !== WORKING_COPY) return target;
  const { editor } = state;
  return editor.base !== null && !isDirty(editor) ? `${editor.base} (as open)` : 'Unsaved changes';
}

/** The run state of the open prompt (choices made for another prompt do not carry over). */
export function selectRun(state: WorkbenchState): RunData {
  const { run } = state;
  if (run.promptId === state.editor.id) return run;
  // The same object while nothing changes, so a component reading it does not render again.
  if (blank?.from !== run) {
    blank = { from: run, data: { ...EMPTY_RUN, providers: run.providers, keys: run.keys } };
  }
  return blank.data;
}

let blank: { from: RunData; data: RunData } | null = null;

/** True while any answer of the Run panel or side by side still streams. */
export function selectRunning(state: WorkbenchState): boolean {
  return [...state.run.answers, ...state.run.compare.answers].some(
    (answer) => answer.status === 'running',
  );
}

/** The models a prompt recommends (those naming a provider or mapping to one). */
export function recommendedModels(prompt: Prompt | null): string[] {
  const listed = prompt?.metadata?.model_recommendations ?? [];
  return listed.filter((model): model is string => typeof model === 'string' && model !== '');
}

/** A turn's text as a template that renders exactly as written (answers may hold `{{`). */
function literal(text: string): string {
  return `{{{{raw}}}}${text}{{{{/raw}}}}`;
}

const EMPTY_RUN: RunData = {
  promptId: null,
  target: WORKING_COPY,
  models: [],
  noCache: false,
  answers: [],
  thread: [],
  compare: { targets: [WORKING_COPY], models: [], answers: [] },
  providers: [],
  keys: null,
  providersError: null,
};

export const createRunSlice: SliceCreator<RunSlice> = (set, get, deps) => {
  const { api, newUid } = deps;
  const patch = (changes: Partial<RunData>): void => set({ run: { ...get().run, ...changes } });
  /** Choices and answers belong to one prompt: opening another starts afresh (providers stay). */
  const forOpenPrompt = (): void => {
    const { run, editor } = get();
    if (run.promptId === editor.id) return;
    patch({
      ...EMPTY_RUN,
      promptId: editor.id,
      providers: run.providers,
      keys: run.keys,
      providersError: run.providersError,
    });
  };
  let listening: Promise<unknown> | null = null;

  /** Applies `change` to the answer of `job`, wherever it is shown. */
  const update = (job: string, change: (answer: RunAnswer) => RunAnswer): void => {
    const { answers, compare } = get().run;
    const apply = (list: RunAnswer[]): RunAnswer[] =>
      list.some((answer) => answer.job === job)
        ? list.map((answer) => (answer.job === job ? change(answer) : answer))
        : list;
    patch({ answers: apply(answers), compare: { ...compare, answers: apply(compare.answers) } });
  };

  const onEvent = ({ job, event }: RunJobEvent): void => {
    if (event.type === 'delta') {
      update(job, (answer) => ({ ...answer, text: answer.text + event.text, retry: null }));
    } else if (event.type === 'retry') {
      update(job, (answer) => ({
        ...answer,
        retry: `Retrying (attempt ${event.attempt + 1}) in ${Math.round(event.delay_ms)} ms: ${event.reason}`,
      }));
    }
  };

  /** Hears run events from now on (once per store); a run starts only after this resolves. */
  const listen = (): Promise<unknown> => {
    listening ??= api.subscribeRuns?.(onEvent) ?? Promise.resolve();
    return listening;
  };

  /** The request for `target` of the open prompt, with the continued turns when there are any. */
  const requestFor = async (
    target: string,
    thread: readonly Turn[],
  ): Promise<{ id: string; version: string } | { document: Prompt }> => {
    const { editor } = get();
    const id = editor.id ?? '';
    let document: Prompt | null;
    if (target === WORKING_COPY) {
      if (thread.length === 0 && editor.base !== null && !isDirty(editor)) {
        return { id, version: editor.base };
      }
      document = editor.document;
    } else {
      if (thread.length === 0) return { id, version: target };
      document = await api.getPrompt({ id, version: target });
    }
    if (!document) throw new Error('No prompt is open');
    if (thread.length === 0 || !document.chat_template) return { document };
    return {
      document: {
        ...document,
        chat_template: {
          ...document.chat_template,
          messages: [
            ...document.chat_template.messages,
            ...thread.map((turn) => ({ role: turn.role, content: literal(turn.content) })),
          ],
        },
      },
    };
  };

  /** Starts one answer and follows it to its end. */
  const runOne = async (answer: RunAnswer, thread: readonly Turn[]): Promise<void> => {
    try {
      const ref = await requestFor(answer.target, thread);
      const result = await api.runPrompt({
        ...ref,
        variables: selectConvertedVariables(get()).variables,
        model: answer.model,
        job: answer.job,
        ...(get().run.noCache ? { no_cache: true } : {}),
      });
      update(answer.job, (current) => ({
        ...current,
        status: 'done',
        text: result.output,
        retry: null,
        result,
      }));
    } catch (error) {
      const cancelled = isErrorCode(error, 'cancelled');
      update(answer.job, (current) => ({
        ...current,
        status: cancelled ? 'cancelled' : 'error',
        retry: null,
        error: cancelled ? null : toUiError(error),
      }));
    }
  };

  const fresh = (target: string, model: string): RunAnswer => ({
    job: `run-${newUid()}`.slice(0, 64),
    target,
    label: targetLabel(get(), target),
    model,
    status: 'running',
    text: '',
    retry: null,
    result: null,
    error: null,
  });

  const modelsOrDefault = (models: string[]): string[] =>
    models.length > 0 ? models : recommendedModels(get().editor.document).slice(0, 1);

  return {
    run: EMPTY_RUN,
    setRunTarget: (target) => {
      forOpenPrompt();
      patch({ target, thread: [] });
    },
    setRunModels: (models) => {
      forOpenPrompt();
      patch({ models: [...new Set(models)] });
    },
    setRunNoCache: (noCache) => patch({ noCache }),

    async runPrompt() {
      forOpenPrompt();
      const { target, thread } = get().run;
      const models = modelsOrDefault(get().run.models);
      if (models.length === 0 || get().editor.document === null) return;
      await listen();
      const answers = models.map((model) => fresh(target, model));
      patch({ answers });
      await Promise.all(answers.map((answer) => runOne(answer, thread)));
    },

    async stopRuns() {
      const running = [...get().run.answers, ...get().run.compare.answers].filter(
        (answer) => answer.status === 'running',
      );
      await Promise.all(running.map((answer) => api.cancelRun({ job: answer.job })));
    },

    async continueChat(answer, reply) {
      if (answer.status !== 'done' || reply.trim() === '') return;
      patch({
        thread: [
          ...get().run.thread,
          { role: 'assistant', content: answer.text },
          { role: 'user', content: reply },
        ],
        models: [answer.model],
      });
      await get().runPrompt();
    },

    resetChat: () => patch({ thread: [], answers: [] }),

    setCompareTargets: (targets) => {
      forOpenPrompt();
      patch({ compare: { ...get().run.compare, targets: [...new Set(targets)] } });
    },
    setCompareModels: (models) => {
      forOpenPrompt();
      patch({ compare: { ...get().run.compare, models: [...new Set(models)] } });
    },

    async runComparison() {
      forOpenPrompt();
      const { targets } = get().run.compare;
      const models = modelsOrDefault(get().run.compare.models);
      if (targets.length === 0 || models.length === 0 || get().editor.document === null) return;
      await listen();
      const answers = targets.flatMap((target) => models.map((model) => fresh(target, model)));
      patch({ compare: { ...get().run.compare, answers } });
      await Promise.all(answers.map((answer) => runOne(answer, [])));
    },

    async loadProviders() {
      try {
        const [providers, keys] = await Promise.all([api.listProviders({}), api.providerKeys({})]);
        patch({ providers, keys, providersError: null });
      } catch (error) {
        patch({ providersError: toUiError(error) });
      }
    },

    async addProvider(provider) {
      try {
        await api.addProvider({
          name: provider.name,
          kind: provider.kind,
          base_url: provider.base_url,
          api_key_env: provider.api_key_env,
        });
        if (provider.key !== undefined && provider.key !== '' && provider.api_key_env !== null) {
          await api.setProviderKey({ variable: provider.api_key_env, key: provider.key });
        }
        await get().loadProviders();
        return null;
      } catch (error) {
        await get().loadProviders();
        return toUiError(error);
      }
    },

    async removeProvider(name) {
      try {
        await api.removeProvider({ name });
        await get().loadProviders();
        return null;
      } catch (error) {
        return toUiError(error);
      }
    },

    async setProviderKey(variable, key) {
      try {
        await api.setProviderKey({ variable, key });
        await get().loadProviders();
        return null;
      } catch (error) {
        return toUiError(error);
      }
    },
  };
};
