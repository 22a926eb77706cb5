import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { usePostgres } from './postgres';

const postgres = usePostgres();

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL test kit', () => {
  it('serves a real PostgreSQL on the port it names', async () => {
    const result = await query(postgres.server().adminUrl, 'SHOW server_version');
    expect(result.rows[0].server_version).toMatch(/^\d+\.\d+/);
    expect(new URL(postgres.server().adminUrl).port).toBe(String(postgres.server().port));
  });

  it('gives each test its own empty database', async () => {
    const first = await postgres.freshDatabase();
    const second = await postgres.freshDatabase();
    expect(first).not.toBe(second);
    await query(first, 'CREATE TABLE only_here (x int)');
    const seen = await query(second, "SELECT to_regclass('only_here') AS found");
    expect(seen.rows[0].found).toBeNull();
  });
});
