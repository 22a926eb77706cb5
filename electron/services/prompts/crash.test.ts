import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { PromptService } from './promptService';
import { AuditService } from '../audit/auditService';
import { bundleChild, spawnChild } from '../store/fixtures/serviceChild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-crash-'));
const dbFile = path.join(dir, 'workbench.db');
const child = path.join(dir, 'saveLoop.cjs');

beforeAll(() => bundleChild(path.join(here, 'fixtures', 'saveLoop.ts'), child));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the save loop, kills it with SIGKILL `delayMs` after its first acknowledged save. */
function runAndKill(delayMs: number): Promise<{ acked: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawnChild(child, [dbFile]);
    let stdout = '';
    let stderr = '';
    let armed = false;
    const guard = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!armed && stdout.includes('\n')) {
        armed = true;
        setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') {
        reject(new Error(`save loop ended by itself (${String(signal)}): ${stderr}`));
        return;
      }
      // Only complete lines are acknowledgements; a torn last line is not.
      const acked = stdout.split('\n').slice(0, -1);
      resolve({ acked, stderr });
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged version through repeated SIGKILLs', async () => {
    const allAcked: string[] = [];
    for (let run = 0; run < 10; run += 1) {
      const delay = Math.floor(Math.random() * 150);
      const { acked, stderr } = await runAndKill(delay);
      expect(acked.length, `run ${run} (kill after ${delay} ms): ${stderr}`).toBeGreaterThan(0);
      allAcked.push(...acked);

      const db = openDatabase(dbFile);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const clock = () => new Date();
        const prompts = new PromptService(db, {
          clock,
          actor: 'check',
          audit: new AuditService(db, { clock, actor: 'check' }),
        });
        const stored = new Set(prompts.history('crash').map((entry) => entry.version));
        const lost = allAcked.filter((version) => !stored.has(version));
        expect(lost, `run ${run} (kill after ${delay} ms)`).toEqual([]);
        // The registry row points at the newest stored version, and that version reads back.
        const newest = prompts.history('crash')[0]?.version;
        expect(prompts.get('crash').version).toBe(newest);
      } finally {
        db.close();
      }
    }
    expect(new Set(allAcked).size).toBe(allAcked.length);
  }, 60_000);
});
