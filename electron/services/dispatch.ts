// Maps contract operations to service handlers; every transport (IPC, HTTP, CLI) calls through here.
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { AppError, toAppError } from '../../src-shared/errors';
import type { Outcome } from '../../src-shared/errors';
import { OPERATION_NAMES, operations } from '../../src-shared/contract/operations';
import type { OperationName, RequestOf, ResponseOf } from '../../src-shared/contract/operations';
import { isJobId, isProgressOperation } from '../../src-shared/contract/events';
import type { ProgressListener, ProgressStep } from '../../src-shared/contract/events';
import { throttleProgress } from '../../src-shared/contract/progressThrottle';

/** What a handler may use besides its request. */
export interface HandlerContext {
  /** Reports progress of this call to whoever asked for it (a no-op when nobody did). */
  progress(step: ProgressStep): void;
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

function describeAjvError(name: string, error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'request';
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${name}: unknown field '${extra ?? '?'}' in ${where}`;
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    return `${name}: missing field '${missing ?? '?'}' in ${where}`;
  }
  return `${name}: ${where} ${error.message ?? 'is invalid'}`;
}

const noProgress: HandlerContext = { progress: () => undefined };

/** The context of one validated call: progress goes out tagged with the caller's job id. */
function contextOf(name: OperationName, body: unknown, options: DispatchOptions): HandlerContext {
  const job = (body as { job?: unknown }).job;
  const listener = options.onProgress;
  if (!listener || !isProgressOperation(name) || !isJobId(job)) return noProgress;
  const send = throttleProgress<ProgressStep>((step) =>
    listener({ job, operation: name, stage: step.stage, done: step.done, total: step.total }),
  );
  return {
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
  const ajv = new Ajv({ allErrors: false, strict: true, $data: false, coerceTypes: false });
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
        if (!validate(body)) {
          const first = validate.errors?.[0];
          throw new AppError(
            'invalid_input',
            first ? describeAjvError(name, first) : `${name}: invalid request`,
            { operation: name, stage: 'request' },
          );
        }
        const handler = handlers[name] as (req: unknown, context: HandlerContext) => unknown;
        const value = await handler(body, contextOf(name, body, options));
        return { ok: true, value };
      } catch (error) {
        if (!(error instanceof AppError)) log.error(`operation ${name} failed`, error);
        return { ok: false, error: toAppError(error).toJSON() };
      }
    },
  };
}
