// `pwb copy` between engines on real databases: SQLite → PostgreSQL → SQLite keeps every row it
// carries, the copy serves on PostgreSQL, and a refused copy writes nothing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services/index';
import { chatDoc, steppingClock, textDoc } from '../services/prompts/fixtures/testLibrary';
import { usePostgres } from '../testKit/postgres';
import { pwbIn } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-copy-'));
const original = join(dir, 'original.db');
const ADDRESS = readFileSync(
  resolve(import.meta.dirname, '../../../shared/seed/examples/schemas/address.yaml'),
  'utf8',
);

const pwb = pwbIn(dir);

/** Every row a copy carries, in a stable order (the registry and tag index included). */
function rowsOf(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      prompts: all(
        `SELECT id, current_version, format, status, category, description, tags, input_schema,
                output_schema, created_at, updated_at FROM prompts ORDER BY id`,
      ),
      versions: all('SELECT * FROM prompt_versions ORDER BY prompt_id, version'),
      tags: all('SELECT * FROM prompt_tags ORDER BY prompt_id, tag'),
      labels: all('SELECT * FROM prompt_labels ORDER BY prompt_id, label'),
      audit: all('SELECT * FROM audit_log ORDER BY id'),
      // The YAML as written (`source`) has no column on PostgreSQL yet: the copy carries the data.
      schemas: all('SELECT name, document, version, updated_at FROM schemas ORDER BY name'),
      schemaHistory: all('SELECT * FROM schema_history ORDER BY id'),
      partials: all('SELECT * FROM partials ORDER BY name'),
      partialHistory: all('SELECT * FROM partial_history ORDER BY id'),
      tests: all('SELECT * FROM test_cases ORDER BY prompt_id, position'),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const services = createServices({ dbPath: original, actor: 'ann', clock: steppingClock() });
  try {
    services.schemas.saveYaml(ADDRESS);
    services.partials.save('signature', 'Regards, {{sender}}');
    services.prompts.save({ document: textDoc('greet', 'Hi {{name}}') });
    services.prompts.save({
      document: textDoc('greet', 'Hello {{name}}. {{> signature}}'),
      base: '1.0.0',
      changelog: 'sign it',
    });
    services.prompts.save({
      document: chatDoc('support', [{ role: 'user', content: 'Help with {{topic}}' }], {
        metadata: { tags: ['Support', 'chat'], description: 'Support desk' },
      }),
    });
    services.labels.set('greet', 'production', '1.0.1');
    services.labels.set('greet', 'staging', '1.0.0');
    services.tests.replace('greet', [
      {
        name: 'names Ann',
        vars: { name: 'Ann', sender: 'Bo' },
        assert: [{ type: 'contains', value: 'Ann' }],
      },
    ]);
  } finally {
    await services.dispose();
  }
});

describe('pwb copy', () => {
  it('round-trips SQLite → PostgreSQL → SQLite without losing a row', async () => {
    const url = await postgres.freshDatabase();
    const there = await pwb('copy', original, url);
    expect(there.stderr).toBe('');
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(
      /^Copied 2 prompt\(s\), 3 version\(s\), 2 label\(s\), 1 schema\(s\), 1 partial\(s\), 1 test case\(s\) and \d+ audit entries from .*original\.db to postgres:\/\/postgres:\*\*\*@/,
    );
    // The copy serves on PostgreSQL: labels, partials and search.
    const rendered = await pwb(
      '--db',
      url,
      'render',
      'greet',
      '--label',
      'production',
      '--var',
      'name=Ann',
      '--var',
      'sender=Bo',
    );
    expect(rendered.stdout).toBe('Hello Ann. Regards, Bo');
    const found = await pwb('--db', url, 'list', '--search', 'desk', '--json');
    expect(JSON.parse(found.stdout).map((item: { id: string }) => item.id)).toEqual(['support']);
    const audit = JSON.parse((await pwb('--db', url, 'audit', 'greet', '--json')).stdout);
    expect(audit[0]).toMatchObject({ user: 'postgres', copied_from: 'ann', action: 'tests_save' });

    const back = join(dir, 'back.db');
    const home = await pwb('copy', url, back);
    expect(home.code, home.stderr).toBe(0);
    expect(rowsOf(back)).toEqual(rowsOf(original));
    const search = await pwb('--db', back, 'list', '--search', 'desk', '--json');
    expect(JSON.parse(search.stdout).map((item: { id: string }) => item.id)).toEqual(['support']);
  });

  it('refuses a target that holds prompts, and a non-owner, writing nothing', async () => {
    const url = await postgres.freshDatabase();
    expect((await pwb('copy', original, url)).code).toBe(0);
    const again = await pwb('copy', original, url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds prompts; copy into an empty library\n$/);
    const versions = JSON.parse((await pwb('--db', url, 'history', 'greet', '--json')).stdout);
    expect(versions).toHaveLength(2);

    const other = await postgres.freshDatabase();
    expect((await pwb('db', 'init', other)).code).toBe(0);
    const added = await pwb(
      '--db',
      other,
      'users',
      'add',
      `copier_${process.pid}`,
      '--role',
      'admin',
    );
    const asAdmin = new URL(other);
    asAdmin.username = `copier_${process.pid}`;
    asAdmin.password = added.stdout.trim();
    const refused = await pwb('copy', original, asAdmin.toString());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^pwb: copy into postgres:\/\/copier_\d+:\*\*\*@.* needs the database owner\n$/,
    );
    expect(JSON.parse((await pwb('--db', other, 'list', '--json')).stdout)).toEqual([]);
  });

  it('refuses what PostgreSQL cannot keep yet before writing anything', async () => {
    const withProvider = join(dir, 'provider.db');
    expect((await pwb('copy', original, withProvider)).code).toBe(0);
    const provider = await pwb(
      '--db',
      withProvider,
      'providers',
      'add',
      'lab',
      '--kind',
      'openai-compatible',
      '--base-url',
      'http://127.0.0.1:9/v1',
    );
    expect(provider.code, provider.stderr).toBe(0);
    const url = await postgres.freshDatabase();
    const refused = await pwb('copy', withProvider, url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /holds added model providers, which a PostgreSQL library cannot keep yet; nothing was copied/,
    );
    expect(JSON.parse((await pwb('--db', url, 'list', '--json')).stdout)).toEqual([]);
    expect((await pwb('copy', join(dir, 'missing.db'), url)).stderr).toMatch(
      /^pwb: copy: no library at /,
    );
  });
});
