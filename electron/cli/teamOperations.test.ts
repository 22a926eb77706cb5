// `pwb --db postgres://…` beyond prompts: schemas and partials used by validate and render, with
// roles held by the database.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaDocument } from '../../src-shared/contract/documentSchemas';
import { usePostgres } from '../testKit/postgres';
import { openPostgresLibrary } from '../services/postgres/pgLibrary';
import type { PostgresLibrary } from '../services/postgres/pgLibrary';
import { PgPartialStore } from '../services/postgres/pgPartials';
import { PgSchemaStore } from '../services/postgres/pgSchemas';
import { addUser } from '../services/postgres/pgUsers';
import { pwbIn } from './cliTestKit';

const postgres = usePostgres();
const dir = mkdtempSync(join(tmpdir(), 'pwb-team-ops-'));
const pwb = pwbIn(dir);
const suffix = randomBytes(3).toString('hex');
let ownerUrl = '';
let viewerUrl = '';
let owner: PostgresLibrary;

beforeAll(async () => {
  ownerUrl = await postgres.freshDatabase();
  owner = await openPostgresLibrary({ url: ownerUrl });
  const login = new URL(ownerUrl);
  login.username = `vop_${suffix}`;
  login.password = await addUser(owner, login.username, 'viewer');
  viewerUrl = login.toString();
  const ticket: unknown = {
    name: 'ticket',
    fields: [
      { name: 'title', type: 'string' },
      { name: 'priority', type: 'integer' },
    ],
  };
  await new PgSchemaStore(owner).save(ticket as SchemaDocument);
  await new PgPartialStore(owner).save('sign', 'Regards, {{team}}');
  writeFileSync(
    join(dir, 'mail.yaml'),
    'id: mail\nformat: text\ntemplate:\n  content: "Hi {{name}}\\n{{> sign}}"\n',
  );
  const saved = await pwb('--db', ownerUrl, 'save', 'mail', '--file', 'mail.yaml');
  expect(saved.code, saved.stderr).toBe(0);
});

afterAll(async () => {
  await owner.close();
});

describe('pwb on a PostgreSQL library: schemas and partials', () => {
  it('validates data against a library schema, as a viewer', async () => {
    writeFileSync(join(dir, 'good.json'), '{"title": "Broken login", "priority": 2}');
    writeFileSync(join(dir, 'bad.json'), '{"title": "Broken login", "priority": "high"}');
    const good = await pwb('--db', viewerUrl, 'validate', 'ticket', 'good.json');
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ title: 'Broken login', priority: 2 });
    const bad = await pwb('--db', viewerUrl, 'validate', 'ticket', 'bad.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/priority/);
    const unknown = await pwb('--db', viewerUrl, 'validate', 'nothing', 'good.json');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("pwb: Schema 'nothing' not found\n");
  });

  it('renders with the library partials', async () => {
    const rendered = await pwb(
      '--db',
      viewerUrl,
      'render',
      'mail',
      '--var',
      'name=Ann',
      '--var',
      'team=Ops',
    );
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toBe('Hi Ann\nRegards, Ops');
  });
});
