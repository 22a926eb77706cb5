// Test helper: runs code that should throw an AppError and hands the error back for inspection.
import { AppError } from '../errors';

/** The AppError `run` throws; any other error propagates, and not throwing fails. */
export function caught(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** The AppError `promise` rejects with; any other error propagates, and resolving fails. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
