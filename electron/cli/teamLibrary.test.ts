// A team library on a real PostgreSQL server through `pwb`: db init, users in each role, and the
// database itself refusing what a role may not do, with the refusal printed as one clear line.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PG_SCHEMA_VERSION } from '../services/postgres/pgMigrations';
import { usePostgres } from '../testKit/postgres';
import { pwbIn } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-team-'));
// Roles are server-wide: names unique to this file's run.
const suffix = randomBytes(3).toString('hex');
const names = {
  viewer: `val_${suffix}`,
  editor: `eve_${suffix}`,
  publisher: `pat_${suffix}`,
  admin: `ada_${suffix}`,
};
let ownerUrl = '';
const urls: Record<string, string> = {};

const pwb = pwbIn(dir);

const as = (who: string, ...args: string[]) => pwb('--db', urls[who] ?? ownerUrl, ...args);

function urlFor(name: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = name;
  url.password = password;
  return url.toString();
}

function promptFile(name: string, content: string): string {
  writeFileSync(join(dir, name), `id: greet\nformat: text\ntemplate:\n  content: "${content}"\n`);
  return name;
}

beforeAll(async () => {
  ownerUrl = await postgres.freshDatabase();
  const init = await pwb('db', 'init', ownerUrl);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  for (const [role, name] of Object.entries(names)) {
    const added = await as('owner', 'users', 'add', name, '--role', role);
    expect(added.code, added.stderr).toBe(0);
    urls[role] = urlFor(name, added.stdout.trim());
  }
  const saved = await as('owner', 'save', 'greet', '--file', promptFile('a.yaml', 'Hi {{name}}'));
  expect(saved.code, saved.stderr).toBe(0);
});

describe('pwb on a PostgreSQL team library', () => {
  it('db init creates the schema and roles once, and hides the password it prints', async () => {
    const again = await pwb('db', 'init', ownerUrl);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`ready: already at schema ${PG_SCHEMA_VERSION}`);
    expect(again.stdout).toContain('postgres:***@');
    expect(again.stdout).not.toContain(new URL(ownerUrl).password);
  });

  it('prints each new password alone on stdout; users list shows every role', async () => {
    const list = await as('admin', 'users', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const users = JSON.parse(list.stdout) as { name: string; role: string }[];
    for (const [role, name] of Object.entries(names)) {
      expect(users).toContainEqual({ name, role });
    }
    const fresh = await as('admin', 'users', 'add', `tmp_${suffix}`, '--role', 'viewer');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const connected = await pwb('--db', urlFor(`tmp_${suffix}`, fresh.stdout.trim()), 'list');
    expect(connected.code, connected.stderr).toBe(0);
    expect((await as('admin', 'users', 'remove', `tmp_${suffix}`)).code).toBe(0);
    const gone = await pwb('--db', urlFor(`tmp_${suffix}`, fresh.stdout.trim()), 'list');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^pwb: PostgreSQL refused the login/);
  });

  it('lets a viewer read and render, and the database refuses its save', async () => {
    const shown = await as('viewer', 'show', 'greet', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'greet', version: '1.0.0' });
    const rendered = await as('viewer', 'render', 'greet', '--var', 'name=Ann');
    expect(rendered.stdout).toBe('Hi Ann');
    const saved = await as(
      'viewer',
      'save',
      'greet',
      '--file',
      promptFile('v.yaml', 'Viewer was here'),
      '--base',
      '1.0.0',
    );
    expect(saved.code).toBe(1);
    expect(saved.stderr).toMatch(
      new RegExp(
        `^pwb: PostgreSQL refused: user '${names.viewer}' \\(viewer\\) may not save prompts \\(permission denied for table prompts\\)\\n$`,
      ),
    );
    const label = await as('viewer', 'label', 'set', 'greet', 'staging', '1.0.0');
    expect(label.code).toBe(1);
    expect(label.stderr).toMatch(/PostgreSQL refused: .* \(viewer\) may not move labels/);
    expect(JSON.parse((await as('viewer', 'history', 'greet', '--json')).stdout)).toHaveLength(1);
  });

  it('lets an editor save and move staging, and the database refuses production', async () => {
    const saved = await as(
      'editor',
      'save',
      'greet',
      '--file',
      promptFile('e.yaml', 'Hello {{name}}'),
      '--base',
      '1.0.0',
    );
    expect(saved.code, saved.stderr).toBe(0);
    expect((await as('editor', 'label', 'set', 'greet', 'staging', '1.0.1')).code).toBe(0);
    const production = await as('editor', 'label', 'set', 'greet', 'production', '1.0.1');
    expect(production.code).toBe(1);
    expect(production.stderr).toBe(
      `pwb: PostgreSQL refused: user '${names.editor}' (editor) may not move the production label (only publishers may move the production label)\n`,
    );
    const admin = await as('editor', 'users', 'add', `x_${suffix}`, '--role', 'admin');
    expect(admin.code).toBe(1);
    expect(admin.stderr).toMatch(/PostgreSQL refused: .* \(editor\) may not add users/);
  });

  it('lets a publisher move production; the audit log names database users', async () => {
    const moved = await as('publisher', 'label', 'set', 'greet', 'production', '1.0.1');
    expect(moved.code, moved.stderr).toBe(0);
    const rendered = await as(
      'viewer',
      'render',
      'greet',
      '--label',
      'production',
      '--var',
      'name=Bo',
    );
    expect(rendered.stdout).toBe('Hello Bo');
    const labels = JSON.parse((await as('viewer', 'label', 'list', 'greet', '--json')).stdout);
    expect(
      labels.map((entry: { label: string; updated_by: string }) => [entry.label, entry.updated_by]),
    ).toEqual([
      ['production', names.publisher],
      ['staging', names.editor],
    ]);
    const audit = await as('viewer', 'audit', 'greet', '--json');
    expect(audit.code, audit.stderr).toBe(0);
    const rows = JSON.parse(audit.stdout) as { user: string; action: string; version: string }[];
    expect(rows.map((row) => [row.action, row.version, row.user])).toEqual([
      ['label_set', '1.0.1', names.publisher],
      ['label_set', '1.0.1', names.editor],
      ['save', '1.0.1', names.editor],
      ['create', '1.0.0', new URL(ownerUrl).username],
    ]);
  });

  it('never takes a postgres:// value for a file path', async () => {
    const before = readdirSync(dir);
    const unreachable = await pwb('--db', 'postgres://nobody@127.0.0.1:1/none', 'list');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^pwb: Cannot reach the PostgreSQL library/);
    expect(readdirSync(dir)).toEqual(before);
    expect(existsSync(join(dir, 'postgres:'))).toBe(false);
  });

  it('says users belong to PostgreSQL on a SQLite library', async () => {
    const run = await pwb('--db', join(dir, 'local.db'), 'users', 'list');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pwb: users belong to a PostgreSQL library/);
  });
});
