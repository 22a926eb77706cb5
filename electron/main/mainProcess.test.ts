// The bundled main process, run under plain Node with a stand-in for Electron's API (no Electron
// runtime here): it opens the library, hardens the window, serves the contract over IPC to our
// frame only, imports on its worker, backs up, remembers the window and quits.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src-shared/contract/operations';
import { initLibrary } from '../services/postgres/pgUsers';
import { usePostgres } from '../testKit/postgres';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const userData = mkdtempSync(join(tmpdir(), 'pwb-main-process-'));
let seen: Record<string, unknown>;
const postgres = usePostgres();
let teamUrl: string;

beforeAll(async () => {
  teamUrl = await postgres.freshDatabase();
  await initLibrary(teamUrl);
  await run(process.execPath, ['scripts/buildElectron.mjs'], { cwd: root });
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      './electron/main/smoke/useStandIn.mjs',
      'electron/main/smoke/driveMain.mjs',
      join(root, 'out/main/index.js'),
      userData,
    ],
    { cwd: root, timeout: 60_000, env: { ...process.env, PWB_SMOKE_PG_URL: teamUrl } },
  );
  seen = JSON.parse(stdout) as Record<string, unknown>;
}, 90_000);
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('the bundled main process', () => {
  it('loads the page from the app protocol in a hardened window', () => {
    expect(seen.url).toBe('app://workbench/index.html');
    expect(seen.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: join(root, 'out/preload/index.cjs'),
    });
    expect(seen.permissionGranted).toBe(false);
  });

  it('serves every operation to its own frame and refuses a foreign one', () => {
    expect(seen.channels).toBe(OPERATION_NAMES.length);
    expect(seen.library).toEqual(['code_explainer', 'release_notes', 'support_triage']);
    expect(seen.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('imports a large folder with progress to the calling frame, then renders from it', () => {
    expect(seen.imported).toMatchObject({ ok: true, value: { files: 80, prompts: 80 } });
    expect(seen.progressChannels).toEqual(['pwb:progress']);
    expect(seen.rendered).toMatchObject({ ok: true, value: { text: 'Hello Ada 7' } });
  });

  it('keeps a typed provider key sealed by the OS keychain beside the settings, never in the library', () => {
    expect(seen.keySet).toEqual({ ok: true, value: { variable: 'OPENAI_API_KEY', set: true } });
    expect(seen.keys).toMatchObject({
      ok: true,
      value: {
        store: 'keychain',
        keys: expect.arrayContaining([
          { variable: 'OPENAI_API_KEY', providers: ['openai'], set: true },
        ]) as unknown,
      },
    });
    expect(seen.keyFile).toContain('OPENAI_API_KEY');
    expect(seen.keyFile).not.toContain('sk-stand-in-typed');
    expect(seen.databaseHoldsKey).toBe(false);
  });

  it('switches to another file and to a team library, keeping the password sealed by the keychain', () => {
    expect(seen.switched).toMatchObject({ ok: true, value: { engine: 'sqlite' } });
    expect(seen.otherTotal).toBe(0);
    expect(seen.teamSwitch).toMatchObject({
      ok: true,
      value: { engine: 'postgres', user: 'postgres', role: 'admin' },
    });
    const password = decodeURIComponent(new URL(teamUrl).password);
    expect(seen.teamPasswordFile).not.toContain(password);
    expect(Object.keys(JSON.parse(seen.teamPasswordFile as string) as object)).toHaveLength(1);
    expect(seen.back).toMatchObject({ ok: true, value: { engine: 'sqlite' } });
    expect(seen.librariesFile).not.toContain(password);
    expect(seen.choices).toMatchObject({
      ok: true,
      value: {
        current: { engine: 'sqlite', location: join(userData, 'workbench.db') },
        recent: [
          { engine: 'postgres', password_kept: true },
          { engine: 'sqlite', location: join(userData, 'other.db') },
        ],
        passwords: 'keychain',
      },
    });
  });

  it('takes the daily backup, remembers the window and quits when it closes', () => {
    expect(seen.backups).toBe(1);
    expect(seen.windowState).toEqual({
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: false,
    });
    expect(seen.quit).toBe(true);
  });
});
