import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../services/store/migrations';
import { dumpLibrary, tableCounts } from './libraryDump';
import { RUN_TABLES, openHostileLibraryForFile } from './hostileLibrary';

const { lib } = await openHostileLibraryForFile();

describe('dumpLibrary', () => {
  it('is deterministic and the same from the open connection and from the file', () => {
    const first = lib.dump();
    expect(lib.dump()).toBe(first);
    expect(dumpLibrary(lib.dbPath)).toBe(first);
  });

  it('covers every table, the search index and the schema', () => {
    const dump = lib.dump();
    for (const table of Object.keys(tableCounts(lib.services.db))) {
      expect(dump).toContain(`table ${table} (`);
    }
    expect(dump).toMatch(new RegExp(`^user_version ${MIGRATIONS.length}\n`));
    expect(dump).toContain('table prompt_search_content (2 rows)');
    expect(dump).toContain('ddl prompt_versions_immutable: CREATE TRIGGER');
  });

  it('changes with any write, and RUN_TABLES hides exactly the metrics events', async () => {
    const before = lib.dump();
    const beforeRun = lib.dump(RUN_TABLES);
    await lib.call('renderPreview', { id: 'support-chat', variables: {} });
    lib.services.metrics.flush();
    expect(lib.dump()).not.toBe(before);
    expect(lib.dump(RUN_TABLES)).toBe(beforeRun);
    expect(lib.dump(RUN_TABLES)).not.toContain('table metric_events');
    await lib.call('putDraft', {
      id: 'support-chat',
      document: { id: 'support-chat', format: 'chat', metadata: { x: 1 } },
      base: null,
    });
    const afterDraft = lib.dump(RUN_TABLES);
    expect(afterDraft).not.toBe(beforeRun);
    await lib.call('savePartial', { name: 'footer', content: 'Bye' });
    expect(lib.dump(RUN_TABLES)).not.toBe(afterDraft);
    expect(lib.dump(RUN_TABLES)).toContain('"footer" | "Bye"');
  });
});
