// Requests the page starts before the workbench's code arrives (answered through primed calls).
import type { PrimingTransport } from './api/primedCalls';
import { LIBRARY_PAGE_SIZE } from './state/librarySlice';

/**
 * Starts the library's first page and its kept drafts, exactly as the store's first
 * `refreshLibrary` asks for them: the answers are on their way while React and the panels still
 * download and compile.
 */
export function primeStartupRequests(transport: PrimingTransport): void {
  transport.prime('listPrompts', { limit: LIBRARY_PAGE_SIZE, offset: 0 });
  transport.prime('listDrafts', {});
}
