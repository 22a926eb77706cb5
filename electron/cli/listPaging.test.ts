import { beforeAll, describe, expect, it } from 'vitest';
import type { Prompt } from '../../src-shared/model/prompt';
import { createServices } from '../services';
import { cliSandbox } from './cliTestKit';

/** More prompts than the API's largest page, so a silent cap would show. */
const COUNT = 10_005;

describe('pwb list paging', () => {
  const box = cliSandbox();

  beforeAll(() => {
    const services = createServices({ dbPath: box.db, actor: 'test' });
    try {
      services.db.transaction(() => {
        for (let n = 0; n < COUNT; n += 1) {
          const id = `p${String(n).padStart(5, '0')}`;
          services.prompts.save({
            document: { id, format: 'text', template: { content: `Hi ${id}` } } as Prompt,
          });
        }
      })();
    } finally {
      services.dispose();
    }
  }, 120_000);

  it('lists every prompt with no limit, past the API page size, and says nothing on stderr', async () => {
    const run = await box.pwb('list', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout) as { id: string }[];
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((row) => row.id)).size).toBe(COUNT);
  });

  it('pages with --limit and --offset and says which part of how many it shows', async () => {
    const run = await box.pwb('list', '--limit', '3', '--offset', '10000');
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ')[0]),
    ).toEqual(['p10000', 'p10001', 'p10002']);
    expect(run.stderr).toBe(`10001–10003 of ${COUNT}\n`);
  });

  it('reads a limit larger than one API page whole', async () => {
    const run = await box.pwb('list', '--json', '--limit', '10002', '--offset', '2');
    const rows = JSON.parse(run.stdout) as { id: string }[];
    expect(rows).toHaveLength(10_002);
    expect(rows[0]?.id).toBe('p00002');
    expect(run.stderr).toBe(`3–10004 of ${COUNT}\n`);
  });

  it('says so when the offset is past the end', async () => {
    const run = await box.pwb('list', '--offset', '20000');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No prompts. Import some with: pwb import <folder>\n');
    expect(run.stderr).toBe(`none from 20001: ${COUNT} in all\n`);
  });

  it('refuses a limit or offset that is not a whole number, as a usage error', async () => {
    for (const args of [
      ['--limit', '0'],
      ['--limit', 'ten'],
      ['--offset', '-1'],
      ['--offset', '1.5'],
    ]) {
      const run = await box.pwb('list', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(args[0]);
      expect(run.stdout).toBe('');
    }
  });
});

describe('pwb --metrics-retention', () => {
  const box = cliSandbox();

  it('stores the retention in the library, alone or before a command', async () => {
    const alone = await box.pwb('--metrics-retention', '30');
    expect(alone).toEqual({ code: 0, stdout: 'Metric events are kept for 30 days.\n', stderr: '' });
    const before = await box.pwb('--metrics-retention=45', 'list');
    expect(before.code).toBe(0);
    const services = createServices({ dbPath: box.db });
    try {
      expect(services.metrics.retentionDays()).toBe(45);
    } finally {
      services.dispose();
    }
  });

  it('refuses a retention that is not a whole number of days, writing nothing', async () => {
    for (const value of ['0', 'month', '3651', '']) {
      const run = await box.pwb('--metrics-retention', value, 'list');
      expect(run.code, value).toBe(2);
      expect(run.stderr).toMatch(/--metrics-retention needs a whole number of DAYS/);
    }
  });
});
