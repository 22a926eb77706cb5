import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportPool } from './files/importPool';
import { createServices } from './index';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-services-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const doc = (content: string): never =>
  ({ id: 'hello', format: 'text', template: { content } }) as never;

describe('createServices', () => {
  it('wires every service over one database file that survives a reopen', () => {
    const dbPath = path.join(dir, 'lib', 'workbench.db');
    const first = createServices({
      dbPath,
      actor: 'ann',
      clock: () => new Date(Date.UTC(2024, 0, 2)),
    });
    first.prompts.save({ document: doc('Hi {{name}}') });
    first.partials.save('sig', '-- Ann');
    first.metrics.record({
      kind: 'render',
      prompt_id: 'hello',
      version: '1.0.0',
      duration_us: 12,
      ok: true,
    });
    first.dispose();

    const second = createServices({ dbPath });
    try {
      expect(second.prompts.get('hello').template?.content).toBe('Hi {{name}}');
      expect(second.partials.get('sig')).toBe('-- Ann');
      expect(second.metrics.summary().totals.count).toBe(1);
      const [entry] = second.audit.list({ entity_type: 'partial' });
      expect(entry).toMatchObject({ actor: 'ann', at: '2024-01-02T00:00:00.000Z' });
    } finally {
      second.dispose();
    }
  });

  it('names the OS user in the audit log by default', () => {
    const services = createServices({ dbPath: path.join(dir, 'a.db') });
    try {
      services.prompts.save({ document: doc('x') });
      expect(services.audit.list()[0]?.actor).toBe(os.userInfo().username);
    } finally {
      services.dispose();
    }
  });

  it('closes the database on dispose, and dispose can be called twice', () => {
    const services = createServices({ dbPath: path.join(dir, 'b.db') });
    services.dispose();
    expect(services.db.open).toBe(false);
    expect(() => services.dispose()).not.toThrow();
  });

  it('gives independent libraries for different files (no shared state)', () => {
    const a = createServices({ dbPath: path.join(dir, 'a.db') });
    const b = createServices({ dbPath: path.join(dir, 'b.db') });
    try {
      a.prompts.save({ document: doc('only in a') });
      expect(a.prompts.list().total).toBe(1);
      expect(b.prompts.list().total).toBe(0);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('applies the metrics retention option: events older than it are pruned', () => {
    const day = 86_400_000;
    let now = Date.UTC(2026, 0, 31);
    const services = createServices({
      dbPath: path.join(dir, 'c.db'),
      clock: () => new Date(now),
      metricsRetentionDays: 10,
    });
    const record = (count: number) => {
      for (let n = 0; n < count; n += 1) {
        services.metrics.record({
          kind: 'export',
          prompt_id: null,
          version: null,
          duration_us: n,
          ok: true,
        });
      }
      services.metrics.flush();
    };
    try {
      record(25);
      now += 11 * day;
      record(4);
      expect(services.metrics.summary().totals.count).toBe(4);
    } finally {
      services.dispose();
    }
  });
});

describe('disposing the composition root', () => {
  it('closes the database and ends the import pool of the same library files', async () => {
    class WatchedPool extends ImportPool {
      disposals = 0;
      override dispose(): Promise<void> {
        this.disposals += 1;
        return super.dispose();
      }
    }
    const pool = new WatchedPool({ size: 1 });
    const services = createServices({ dbPath: path.join(dir, 'd.db'), files: { pool } });
    const folder = path.join(dir, 'library');
    fs.mkdirSync(folder);
    fs.writeFileSync(
      path.join(folder, 'hello.yaml'),
      'id: hello\nformat: text\ntemplate:\n  content: Hi {{name}}\n',
    );
    expect((await services.files.importPaths([folder])).prompts).toBe(1);
    await services.dispose();
    expect(services.db.open).toBe(false);
    expect(pool.disposals).toBe(1);
    await services.dispose();
  });
});
