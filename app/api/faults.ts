// Storage faults seen by the page: every call that fails with busy, read_only, disk_full, corrupt
// or unavailable (a team library's server cannot be reached) is reported, and a write that
// succeeds reports that the library takes writes again. Refusals (`forbidden`) are reported as
// well: on a team library the user's role may have changed since the page last asked.
import { AppError } from '../../src-shared/errors';
import {
  OPERATION_NAMES,
  type Api,
  type OperationName,
} from '../../src-shared/contract/operations';

/** The codes the page shows in its library banner. */
export const FAULT_CODES = ['busy', 'read_only', 'disk_full', 'corrupt', 'unavailable'] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

/** Operations that write: one that succeeds shows the library takes writes again. */
const WRITES = /^(save|delete|put|import|set|remove|add|mark|create|revoke)/;

/** Told of a fault (`code`), or `null` after a write succeeded. */
export type FaultListener = (code: FaultCode | null, operation: OperationName) => void;

/** Told that the library refused `operation` to this user (code `forbidden`). */
export type RefusalListener = (operation: OperationName) => void;

/** Who hears what the watched calls meet. */
export interface FaultListeners {
  fault: FaultListener;
  refused: RefusalListener;
}

/** `code` when the error is a storage fault the banner names, else null. */
export function faultOf(error: unknown): FaultCode | null {
  if (!(error instanceof AppError)) return null;
  return (FAULT_CODES as readonly string[]).includes(error.code) ? (error.code as FaultCode) : null;
}

/**
 * The same Api, each operation reporting faults (and successful writes) to `listeners.fault` and
 * refusals to `listeners.refused`, over whichever transport `api` uses.
 */
export function watchFaults(api: Api, listeners: FaultListeners): Api {
  const watched: Record<string, unknown> = { ...api };
  for (const name of OPERATION_NAMES) {
    const call = api[name] as ((request: unknown) => Promise<unknown>) | undefined;
    if (typeof call !== 'function') continue;
    watched[name] = async (request: unknown) => {
      try {
        const value = await call(request);
        if (WRITES.test(name)) listeners.fault(null, name);
        return value;
      } catch (error) {
        const code = faultOf(error);
        if (code !== null) listeners.fault(code, name);
        else if (error instanceof AppError && error.code === 'forbidden') listeners.refused(name);
        throw error;
      }
    };
  }
  return watched as unknown as Api;
}
