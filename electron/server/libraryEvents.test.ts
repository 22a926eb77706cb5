// Browser mode on a SQLite library: `pwb save` and `pwb label set` run beside the server (their
// own connection, as from a terminal) reach the page's event stream as `event: library`.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliTestKit';
import { startBrowserMode } from './browserMode';
import type { BrowserMode } from './browserMode';
import { openEventStream } from './httpTestClient';

const { dir, db, pwb } = cliSandbox();
let session: BrowserMode;

beforeAll(async () => {
  session = await startBrowserMode({
    dbPath: db,
    port: 0,
    staticDir: join(dir, 'no-page'),
    log: () => undefined,
    warn: () => undefined,
  });
});

afterAll(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode on SQLite', () => {
  it("streams another program's save and label move to the page", async () => {
    const events = await openEventStream(session.server);
    await events.until(/: connected/);
    writeFileSync(join(dir, 'greet.yaml'), 'id: greet\nformat: text\ntemplate:\n  content: Hi\n');
    const saved = await pwb('save', 'greet', '--file', join(dir, 'greet.yaml'));
    expect(saved.code, saved.stderr).toBe(0);
    const frame = await events.until(/event: library\ndata: .*\n/);
    expect(JSON.parse(frame.split('data: ')[1] ?? '')).toEqual({
      operation: 'library',
      change: { kind: 'saved', id: 'greet', version: '1.0.0' },
    });
    const moved = await pwb('label', 'set', 'greet', 'production', '1.0.0');
    expect(moved.code, moved.stderr).toBe(0);
    await events.until(/"kind":"label","id":"greet","label":"production","version":"1.0.0"/);
    events.close();
  });
});
