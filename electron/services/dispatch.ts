// Maps contract operations to service handlers; every transport (IPC, HTTP, CLI) calls through here.
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { AppError, toAppError } from '../../src-shared/errors';
import type { FieldIssue, Outcome } from '../../src-shared/errors';
import { OPERATION_NAMES, operations } from '../../src-shared/contract/operations';
import type { OperationName, RequestOf, ResponseOf } from '../../src-shared/contract/operations';
import { isJobId, isProgressOperation } from '../../src-shared/contract/events';
import type {
  ProgressListener,
  ProgressStep,
  RunEventListener,
  EvalEventListener,
} from '../../src-shared/contract/events';
import type { EvalEvent } from '../../src-shared/evaluation/runs';
import type { RunEvent } from '../../src-shared/models/runs';
import { throttleProgress } from '../../src-shared/contract/progressThrottle';
import { retryWhenBusy } from './store/faults';

/** What a handler may use besides its request. */
export interface HandlerContext {
  /** Reports progress of this call to whoever asked for it (a no-op when nobody did). */
  progress(step: ProgressStep): void;
  /** Sends an event of a model run to whoever asked for it, unthrottled (every delta counts). */
  runEvent(event: RunEvent): void;
  /** Sends an event of a running evaluation (`planned`, each `cell`, `done`) to whoever asked. */
  evalEvent(event: EvalEvent): void;
}

/** One handler per contract operation. */
export type Handlers = {
  [N in OperationName]: (
    request: RequestOf<N>,
    context: HandlerContext,
  ) => ResponseOf<N> | Promise<ResponseOf<N>>;
};

/** Where a transport wants the events of one call. */
export interface DispatchOptions {
  /** Receives the call's progress events, throttled; only calls that name a `job` send any. */
  onProgress?: ProgressListener;
  /** Receives the events of model runs; only `runPrompt` calls that name a `job` send any. */
  onRunEvent?: RunEventListener;
  /** Receives the events of evaluations; only `runEvaluation` calls that name a `job` send any. */
  onEvalEvent?: EvalEventListener;
}

/** Calls an operation by name with an untrusted request; never throws. */
export interface Dispatcher {
  dispatch(name: string, request: unknown, options?: DispatchOptions): Promise<Outcome<unknown>>;
  /** True when `name` is a contract operation. */
  has(name: string): name is OperationName;
}

/** Something to log unexpected errors to (stacks go here, never to the caller). */
export interface ErrorLog {
  error(message: string, cause: unknown): void;
}

const silentLog: ErrorLog = { error: () => undefined };

/** The dotted path of an ajv error's instance (`request` for the whole body). */
function pathOf(error: ErrorObject): string {
  return error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'request';
}

/** `string,null` or ['string', 'null'] as "string or null". */
function typesOf(error: ErrorObject): string {
  const type = (error.params as { type?: string | string[] }).type ?? '?';
  return (Array.isArray(type) ? type : type.split(',')).join(' or ');
}

/** One field issue for the first problem ajv found: a path, the rule broken, a sentence. */
function issueOf(errors: readonly ErrorObject[]): FieldIssue {
  // A value that fits no branch of an `anyOf` gets one error per branch, then the anyOf itself.
  const either = errors.find((error) => error.keyword === 'anyOf');
  const first = either ?? errors[0];
  if (first === undefined) return { path: 'request', rule: 'invalid', message: 'is invalid' };
  const path = pathOf(first);
  const rule = first.keyword;
  const params = first.params as Record<string, unknown>;
  if (either !== undefined) {
    const branches = errors.filter((error) => error.keyword === 'type' && pathOf(error) === path);
    const message =
      branches.length > 0
        ? `${path} must be ${branches.map(typesOf).join(' or ')}`
        : `${path} ${first.message ?? 'is invalid'}`;
    return { path, rule: branches.length > 0 ? 'type' : rule, message };
  }
  switch (rule) {
    case 'additionalProperties':
      return {
        path: joinField(path, String(params.additionalProperty ?? '?')),
        rule: 'unknown_field',
        message: `unknown field '${String(params.additionalProperty ?? '?')}' in ${path}`,
      };
    case 'required':
      return {
        path: joinField(path, String(params.missingProperty ?? '?')),
        rule,
        message: `missing field '${String(params.missingProperty ?? '?')}' in ${path}`,
      };
    case 'type':
      return { path, rule, message: `${path} must be ${typesOf(first)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      const list = allowed.map((value) => (value === null ? 'null' : `'${String(value)}'`));
      return { path, rule, message: `${path} must be one of ${list.join(', ')}` };
    }
    default:
      return { path, rule, message: `${path} ${first.message ?? 'is invalid'}` };
  }
}

function joinField(path: string, field: string): string {
  return path === 'request' ? field : `${path}.${field}`;
}

/** The refusal of a request that breaks its schema: the operation, the field path, the rule. */
function requestError(name: OperationName, errors: readonly ErrorObject[]): AppError {
  const issue = issueOf(errors);
  return new AppError('invalid_input', `${name}: ${issue.message}`, {
    operation: name,
    stage: 'request',
    issues: [issue],
  });
}

const noEvents = (): undefined => undefined;
const noProgress: HandlerContext = { progress: noEvents, runEvent: noEvents, evalEvent: noEvents };

/** The context of one validated call: progress goes out tagged with the caller's job id. */
function contextOf(name: OperationName, body: unknown, options: DispatchOptions): HandlerContext {
  const job = (body as { job?: unknown }).job;
  const onRun = options.onRunEvent;
  const onEval = options.onEvalEvent;
  if (name === 'runEvaluation' && onEval && isJobId(job)) {
    return {
      ...noProgress,
      evalEvent: (event) => {
        // A listener that fails (a closed window) must not fail the evaluation.
        try {
          onEval({ job, operation: 'runEvaluation', event });
        } catch {
          /* events are best-effort */
        }
      },
    };
  }
  if (name === 'runPrompt' && onRun && isJobId(job)) {
    return {
      ...noProgress,
      runEvent: (event) => {
        // A listener that fails (a closed window) must not fail the run.
        try {
          onRun({ job, operation: 'runPrompt', event });
        } catch {
          /* events are best-effort */
        }
      },
    };
  }
  const listener = options.onProgress;
  if (!listener || !isProgressOperation(name) || !isJobId(job)) return noProgress;
  const send = throttleProgress<ProgressStep>((step) =>
    listener({ job, operation: name, stage: step.stage, done: step.done, total: step.total }),
  );
  return {
    ...noProgress,
    progress: (step) => {
      // A listener that fails (a closed window, a dropped stream) must not fail the job.
      try {
        send(step);
      } catch {
        /* progress is best-effort */
      }
    },
  };
}

/** Builds the dispatcher: request schemas compiled once, validated before any handler runs. */
export function createDispatcher(handlers: Handlers, log: ErrorLog = silentLog): Dispatcher {
  const ajv = new Ajv({
    allErrors: false,
    strict: true,
    allowUnionTypes: true,
    $data: false,
    coerceTypes: false,
  });
  const validators = new Map<OperationName, ValidateFunction>();
  for (const name of OPERATION_NAMES) {
    validators.set(name, ajv.compile(operations[name].request));
  }
  const has = (name: string): name is OperationName =>
    Object.prototype.hasOwnProperty.call(operations, name);

  return {
    has,
    async dispatch(name, request, options = {}) {
      try {
        if (!has(name)) {
          throw new AppError('not_found', `Unknown operation '${name}'`, { stage: 'request' });
        }
        const validate = validators.get(name);
        if (!validate) throw new AppError('internal', `No validator for '${name}'`);
        const body = request === undefined ? {} : request;
        if (!validate(body)) throw requestError(name, validate.errors ?? []);
        const handler = handlers[name] as (req: unknown, context: HandlerContext) => unknown;
        const context = contextOf(name, body, options);
        // A library busy with another writer is retried on timers; storage faults get codes.
        const value = await retryWhenBusy(() => handler(body, context));
        return { ok: true, value };
      } catch (error) {
        // Internal errors are ours to fix: their stacks go to the log, never to the caller.
        if (!(error instanceof AppError) || error.code === 'internal') {
          log.error(`operation ${name} failed`, error);
        }
        return { ok: false, error: toAppError(error).toJSON() };
      }
    },
  };
}
