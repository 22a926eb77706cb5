// The page's only door to the services: a typed Api over whichever transport was picked.
import { AppError, fromSerialized } from '../../src-shared/errors';
import { OPERATION_NAMES } from '../../src-shared/contract/operations';
import type { Api, OperationName } from '../../src-shared/contract/operations';
import type { Transport } from './transport';

/**
 * Builds the typed client by mapping over the contract's names (a plain object, not a Proxy),
 * with `subscribeProgress` where the transport carries progress events.
 */
export function createClient(transport: Transport): Api {
  const entries = OPERATION_NAMES.map((name: OperationName) => [
    name,
    async (request: unknown) => {
      const outcome = await transport.call(name, request);
      if (outcome.ok) return outcome.value;
      throw fromSerialized(outcome.error);
    },
  ]);
  const api: Record<string, unknown> = Object.fromEntries(entries);
  const { subscribe, subscribeEval, subscribeRun, subscribeLibrary } = transport;
  if (subscribe) api['subscribeProgress'] = subscribe.bind(transport);
  if (subscribeEval) api['subscribeEvaluation'] = subscribeEval.bind(transport);
  if (subscribeRun) api['subscribeRuns'] = subscribeRun.bind(transport);
  if (subscribeLibrary) api['subscribeLibrary'] = subscribeLibrary.bind(transport);
  return Object.freeze(api) as Api;
}

/** True when an error is an application error with one of the given codes. */
export function isErrorCode(error: unknown, ...codes: AppError['code'][]): error is AppError {
  return error instanceof AppError && codes.includes(error.code);
}
