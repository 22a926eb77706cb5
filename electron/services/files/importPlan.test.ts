import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { ImportSource } from './folderReader';
import type { PlannedSource, PreparedContents, PreparedShare } from './importPreparation';
import { joinShares, layoutKey, planShares } from './importPlan';

const source = (path: string): ImportSource => ({ file: `/disk/${path}`, path, bytes: 10 });
const planned = (path: string, order: number): PlannedSource => ({ ...source(path), order });

describe('layoutKey', () => {
  it.each([
    ['lib/greeting.yaml', 'greeting'],
    ['lib/greeting.yml', 'greeting'],
    ['lib/greeting/_versions/1.0.0.yaml', 'greeting'],
    ['lib/greeting/1.0.0.yaml', 'greeting'],
    ['lib/greeting/_history.yaml', 'greeting'],
    ['greeting.yaml', 'greeting'],
    ['lib/schemas/address.yaml', 'address'],
    ['lib/notes/readme.yaml', 'readme'],
  ])('%s belongs to %s', (path, key) => {
    expect(layoutKey(path)).toBe(key);
  });
});

describe('planShares', () => {
  const layout = [
    'lib/a.yaml',
    'lib/a/_versions/1.0.0.yaml',
    'lib/a/_versions/1.1.0.yaml',
    'lib/a/1.0.0.yaml',
    'lib/a/_history.yaml',
    'lib/b.yaml',
    'lib/b/_versions/2.0.0.yaml',
    'lib/c.yaml',
    'lib/d.yaml',
    'lib/partials/header.hbs',
    'lib/partials/footer.hbs',
  ].map(source);

  it('keeps every file of one prompt in one share', () => {
    const shares = planShares(layout, 4);
    for (const id of ['a', 'b']) {
      const holding = shares.filter((share) =>
        share.some((file) => layoutKey(file.path) === id && file.path.endsWith('.yaml')),
      );
      expect(holding).toHaveLength(1);
    }
  });

  it('numbers files in listing order and loses none', () => {
    const shares = planShares(layout, 3);
    const orders = shares.flat().map((file) => file.order);
    expect([...orders].sort((a, b) => a - b)).toEqual(layout.map((_, index) => index));
    for (const file of shares.flat()) expect(file.path).toBe(layout[file.order]?.path);
  });

  it('makes no more shares than asked, and no empty ones', () => {
    expect(planShares(layout, 1)).toHaveLength(1);
    expect(planShares(layout, 2).length).toBeLessThanOrEqual(2);
    expect(planShares([source('lib/only.yaml')], 4)).toHaveLength(1);
    expect(planShares([], 4)).toEqual([]);
  });

  it('spreads many prompts over every share', () => {
    const many = Array.from({ length: 200 }, (_, index) => source(`lib/p${index}.yaml`));
    const shares = planShares(many, 4);
    expect(shares).toHaveLength(4);
    for (const share of shares) expect(share.length).toBeGreaterThan(20);
  });
});

const registry = (id: string) => ({
  id,
  version: '1.0.0',
  format: 'text',
  status: 'active',
  category: null,
  description: null,
  tags: [],
  input_schema: null,
  output_schema: null,
  created_at: 'then',
  updated_at: 'then',
  body: '',
});

const contents = (ids: string[], schemas: string[] = []): PreparedContents => ({
  prompts: ids.map((id) => ({ id, current: '1.0.0', versions: [], registry: registry(id) })),
  schemas: schemas.map((name) => ({
    schema: { name, version: '1.0.0', strict: true, allow_extra: false, metadata: {}, fields: [] },
    file: `${name}.yaml`,
  })),
  conflicts: ids.map((id) => ({ id, version: '1.0.0', files: [`${id}.yaml`] })),
  schemaConflicts: [],
  tests: [],
  labels: [],
  skipped: [],
});

const done = (ids: string[], schemas: string[] = []): PreparedShare => ({
  ok: true,
  contents: contents(ids, schemas),
  partials: [],
  findings: [],
});

const failed = (stage: 'read' | 'parse', order: number, file: string): PreparedShare => ({
  ok: false,
  stage,
  order,
  error: { code: 'invalid_input', message: `${file}: bad`, details: { file } },
});

describe('joinShares', () => {
  const plan = [[planned('lib/b.yaml', 0)], [planned('lib/a.yaml', 1)]];

  it('joins prompts, schemas and conflicts in the order one pass gives', () => {
    const joined = joinShares(plan, [done(['d', 'b'], ['s2']), done(['c', 'a'], ['s1'])]);
    if (!joined.ok) throw new Error('expected the shares to join');
    const { prepared } = joined;
    expect(prepared.contents.prompts.map((prompt) => prompt.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(prepared.contents.schemas.map((entry) => entry.schema.name)).toEqual(['s1', 's2']);
    expect(prepared.contents.conflicts.map((conflict) => conflict.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(prepared.contents.prompts.map((prompt) => prompt.registry.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('orders secret findings by prompt id, then partial files by listing order', () => {
    const finding = (location: string) => ({ rule: 'aws', location, line: 1, column: 1 });
    const first: PreparedShare = {
      ...(done(['z']) as Extract<PreparedShare, { ok: true }>),
      findings: [
        { partial: 7, findings: [finding('partial 7')] },
        { prompt: 'z', findings: [finding('z')] },
      ],
    };
    const second: PreparedShare = {
      ...(done(['a']) as Extract<PreparedShare, { ok: true }>),
      findings: [
        { partial: 2, findings: [finding('partial 2')] },
        { prompt: 'a', findings: [finding('a1'), finding('a2')] },
      ],
    };
    const joined = joinShares(plan, [first, second]);
    if (!joined.ok) throw new Error('expected the shares to join');
    expect(joined.prepared.findings.map((found) => found.location)).toEqual([
      'a1',
      'a2',
      'z',
      'partial 2',
      'partial 7',
    ]);
  });

  it('reports an overlap when one prompt id comes from two shares', () => {
    expect(joinShares(plan, [done(['a', 'b']), done(['a'])])).toEqual({
      ok: false,
      overlap: true,
    });
  });

  it('reports an overlap when one schema name comes from two shares', () => {
    expect(joinShares(plan, [done([], ['s']), done([], ['s'])])).toEqual({
      ok: false,
      overlap: true,
    });
  });

  it('reports an overlap when a history file sits in another share than its prompt', () => {
    const withHistory = [[planned('lib/a/_history.yaml', 0)], [planned('lib/bundle.yaml', 1)]];
    expect(joinShares(withHistory, [done([]), done(['a'])])).toEqual({
      ok: false,
      overlap: true,
    });
    expect(joinShares(withHistory, [done(['a']), done([])]).ok).toBe(true);
  });

  it('throws the first read error in listing order before any parse error', () => {
    const shares = [
      failed('parse', -1, 'lib/a.yaml'),
      failed('read', 9, 'lib/z.yaml'),
      failed('read', 4, 'lib/y.yaml'),
    ];
    expect(() => joinShares(plan, shares)).toThrow(/^lib\/y\.yaml: bad$/);
  });

  it('throws the parse error of the file first in path order', () => {
    const shares = [failed('parse', -1, 'lib/m.yaml'), failed('parse', -1, 'lib/c.yaml')];
    try {
      joinShares(plan, shares);
      expect.unreachable('joinShares should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).toJSON()).toEqual({
        code: 'invalid_input',
        message: 'lib/c.yaml: bad',
        details: { file: 'lib/c.yaml' },
      });
    }
  });

  it('throws a bug in a share as a plain error carrying its stack, not as an AppError', () => {
    const bug: PreparedShare = {
      ok: false,
      stage: 'parse',
      order: -1,
      error: { code: 'internal', message: 'x is undefined' },
      bug: 'TypeError: x is undefined\n    at prepareShare',
    };
    try {
      joinShares(plan, [done(['a']), bug]);
      expect.unreachable('joinShares should throw');
    } catch (error) {
      expect(error).not.toBeInstanceOf(AppError);
      expect((error as Error).stack).toContain('at prepareShare');
    }
  });
});
