import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices } from '../index';
import { bundleChild, spawnChild } from '../store/fixtures/serviceChild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-metrics-durable-'));
const child = path.join(dir, 'recordThenDie.cjs');

beforeAll(() => bundleChild(path.join(here, 'fixtures', 'recordThenDie.ts'), child));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const event = (duration_us: number) => ({
  kind: 'render' as const,
  prompt_id: 'p',
  version: '1.0.0',
  duration_us,
  ok: true,
});

function runChild(dbFile: string, count: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const proc = spawnChild(child, [dbFile, String(count)]);
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(signal) : reject(new Error(stderr)),
    );
  });
}

describe('recording metric events', () => {
  it('loses no written event when the process dies right after writing', async () => {
    const dbFile = path.join(dir, 'crash.db');
    expect(await runChild(dbFile, 250)).toBe('SIGKILL');
    const services = createServices({ dbPath: dbFile });
    try {
      expect(services.metrics.summary().totals.count).toBe(250);
    } finally {
      services.dispose();
    }
  });

  it('queues events and writes them in one batch, then visible to another connection', () => {
    const dbFile = path.join(dir, 'visible.db');
    const services = createServices({ dbPath: dbFile });
    const reader = new BetterSqlite3(dbFile, { readonly: true });
    const count = () => reader.prepare('SELECT count(*) FROM metric_events').pluck().get();
    try {
      services.metrics.record(event(5));
      services.metrics.record(event(6));
      expect(count()).toBe(0);
      expect(services.metrics.queueState()).toEqual({ pending: 2, dropped: 0 });
      expect(services.metrics.flush()).toBe(true);
      expect(count()).toBe(2);
    } finally {
      reader.close();
      services.dispose();
    }
  });

  it('writes queued events on its own timer, without being asked', async () => {
    const dbFile = path.join(dir, 'timer.db');
    const services = createServices({ dbPath: dbFile });
    const reader = new BetterSqlite3(dbFile, { readonly: true });
    try {
      services.metrics.record(event(5));
      await vi.waitFor(() =>
        expect(reader.prepare('SELECT count(*) FROM metric_events').pluck().get()).toBe(1),
      );
    } finally {
      reader.close();
      services.dispose();
    }
  });

  it('never waits for a write lock another connection holds, and writes once it is free', async () => {
    const dbFile = path.join(dir, 'busy.db');
    const services = createServices({ dbPath: dbFile });
    const holder = new BetterSqlite3(dbFile);
    try {
      holder.exec('BEGIN IMMEDIATE');
      services.metrics.record(event(5));
      expect(services.metrics.flush()).toBe(false);
      expect(services.metrics.queueState()).toEqual({ pending: 1, dropped: 0 });
      // A summary while the lock is held still answers, from what was written.
      expect(services.metrics.summary().totals.count).toBe(0);
      holder.exec('COMMIT');
      await vi.waitFor(() => expect(services.metrics.queueState().pending).toBe(0));
      expect(services.metrics.summary().totals.count).toBe(1);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      services.dispose();
    }
  });

  it('drops what it cannot write at close, and counts it', () => {
    const dbFile = path.join(dir, 'dropped.db');
    const services = createServices({ dbPath: dbFile });
    const holder = new BetterSqlite3(dbFile);
    try {
      holder.exec('BEGIN IMMEDIATE');
      services.metrics.record(event(5));
      services.metrics.close();
      expect(services.metrics.queueState()).toEqual({ pending: 0, dropped: 1 });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      services.dispose();
    }
  });

  it('leaves the connection fully synchronous for the saves that follow', () => {
    const services = createServices({ dbPath: path.join(dir, 'level.db') });
    try {
      services.metrics.record(event(1));
      expect(services.db.pragma('synchronous', { simple: true })).toBe(2);
      services.db.pragma('synchronous = EXTRA');
      services.metrics.record(event(2));
      expect(services.db.pragma('synchronous', { simple: true })).toBe(3);
      services.db.pragma('synchronous = OFF');
      services.metrics.record(event(3));
      expect(services.db.pragma('synchronous', { simple: true })).toBe(0);
      expect(services.metrics.summary().totals.count).toBe(3);
    } finally {
      services.dispose();
    }
  });

  it('survives an orderly close and reopen with every event', () => {
    const dbFile = path.join(dir, 'reopen.db');
    const first = createServices({ dbPath: dbFile });
    for (let n = 0; n < 20; n += 1) first.metrics.record(event(n));
    first.dispose();
    const second = createServices({ dbPath: dbFile });
    try {
      expect(second.metrics.summary().totals.count).toBe(20);
    } finally {
      second.dispose();
    }
  });
});
