import { describe, expect, it } from 'vitest';
import { defaultDatabasePath } from './databasePath';

describe('defaultDatabasePath', () => {
  it('prefers PWB_DB on every platform', () => {
    expect(defaultDatabasePath({ env: { PWB_DB: '/x/y.db' }, platform: 'linux', home: '/h' })).toBe(
      '/x/y.db',
    );
  });

  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(
      defaultDatabasePath({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', home: '/h' }),
    ).toBe('/cfg/prompt-workbench/workbench.db');
    expect(defaultDatabasePath({ env: {}, platform: 'linux', home: '/home/ann' })).toBe(
      '/home/ann/.config/prompt-workbench/workbench.db',
    );
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultDatabasePath({ env: {}, platform: 'darwin', home: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/prompt-workbench/workbench.db',
    );
    expect(
      defaultDatabasePath({
        env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\ann',
      }),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\prompt-workbench\\workbench.db');
  });
});
