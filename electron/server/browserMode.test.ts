import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDir, verifyBackup } from '../services/backup/backups';
import { startBrowserMode } from './browserMode';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('browser mode', () => {
  it('seeds a new library, serves it on loopback and leaves a verified daily backup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwb-browser-mode-'));
    dirs.push(dir);
    const dbPath = join(dir, 'workbench.db');
    const logged: string[] = [];
    const warned: string[] = [];
    const mode = await startBrowserMode({
      dbPath,
      port: 0,
      seedIfNew: true,
      staticDir: join(dir, 'no-page'),
      log: (line) => void logged.push(line),
      warn: (line) => void warned.push(line),
    });
    const url = new URL(mode.server.url);
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    const response = await fetch(new URL('/api/listPrompts', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    const outcome = (await response.json()) as { ok: boolean; value: { total: number } };
    await mode.stop();
    expect(outcome.ok).toBe(true);
    expect(outcome.value.total).toBeGreaterThan(0);
    expect(logged).toEqual([`Prompt Workbench is serving ${dbPath}`, mode.server.url]);
    expect(warned).toEqual([expect.stringMatching(/the page is not built/)]);
    const backups = readdirSync(backupDir(dbPath));
    expect(backups).toHaveLength(1);
    expect(verifyBackup(join(backupDir(dbPath), backups[0]!)).prompts).toBe(outcome.value.total);
  });
});
