// Requests the page starts before the workbench's code arrives (answered through primed calls).
import type { PrimingTransport } from './api/primedCalls';
import { LIBRARY_PAGE_SIZE } from './state/librarySlice';

/**
 * Starts the library's first page, exactly as the store's first `refreshLibrary` asks for it:
 * the answer is on its way while React and the panels still download and compile.
 */
export function primeStartupRequests(transport: PrimingTransport): void {
  transport.prime('listPrompts', { limit: LIBRARY_PAGE_SIZE, offset: 0 });
}
