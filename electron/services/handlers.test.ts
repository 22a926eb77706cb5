import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src-shared/contract/operations';
import { createDispatcher } from './dispatch';
import { createHandlers } from './handlers';
import { createServices } from './index';

describe('contract handlers', () => {
  it('has exactly one handler for every contract operation', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'pwb-handlers-')), 'library.db');
    const services = createServices({ dbPath });
    try {
      const handlers = createHandlers(services, { dbPath, transport: 'cli' });
      expect(Object.keys(handlers).sort()).toEqual([...OPERATION_NAMES].sort());
      for (const name of OPERATION_NAMES) expect(typeof handlers[name]).toBe('function');
    } finally {
      services.dispose();
    }
  });

  it('rejects a malformed request before the service runs and writes nothing', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'pwb-handlers-')), 'library.db');
    const services = createServices({ dbPath });
    try {
      const dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'cli' }));
      const outcome = await dispatcher.dispatch('savePrompt', { document: 'not an object' });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const traversal = await dispatcher.dispatch('getPrompt', { id: '../../etc/passwd' });
      expect(traversal).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(services.prompts.list().total).toBe(0);
      expect(services.audit.list()).toEqual([]);
    } finally {
      services.dispose();
    }
  });
});
