// Where the workbench keeps its database when no path is given.
import os from 'node:os';
import path from 'node:path';

const APP_FOLDER = 'prompt-workbench';
const DB_FILE = 'workbench.db';

/** Inputs of the default path, injectable so every platform can be tested anywhere. */
export interface PathEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  home: string;
}

/**
 * `$PWB_DB` when set, else `workbench.db` in the per-user app folder (see appFolder).
 */
export function defaultDatabasePath(
  environment: PathEnvironment = {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
  },
): string {
  if (environment.env.PWB_DB) return environment.env.PWB_DB;
  const join = environment.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appFolder(environment), DB_FILE);
}

/**
 * The per-user folder of the app's own files (its default library, settings and the unsaved
 * changes of team libraries): `$XDG_CONFIG_HOME` (or `~/.config`) on Linux,
 * `~/Library/Application Support` on macOS, `%APPDATA%` on Windows, each with `prompt-workbench`.
 */
export function appFolder(
  environment: PathEnvironment = {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
  },
): string {
  const { env, platform, home } = environment;
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_FOLDER);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  }
  const config = env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
  return path.posix.join(config, APP_FOLDER);
}
