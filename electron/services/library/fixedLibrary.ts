// The switcher's operations where a runtime has one library for good (the CLI, a test): the list
// names it, and switching says where it can be done.
import type { AppInfo, LibraryChoices } from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import type { Handlers } from '../dispatch';

/** listLibraries and switchLibrary for a runtime that cannot switch. */
export function fixedLibraryHandlers(
  location: string,
  engine: AppInfo['engine'],
): Pick<Handlers, 'listLibraries' | 'switchLibrary'> {
  return {
    listLibraries: (): LibraryChoices => ({
      current: { location, engine, opened_at: new Date().toISOString(), password_kept: false },
      recent: [],
      passwords: 'memory',
      switchable: false,
    }),
    switchLibrary: () => {
      throw new AppError(
        'invalid_input',
        'This library was chosen when the program started: switch libraries in the app, or start pwb with --db',
      );
    },
  };
}
