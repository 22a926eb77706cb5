import { afterEach, describe, expect, it } from 'vitest';
import { packPrompts, type PreparedPrompt } from './importPreparation';
import { ImportStage } from './importStage';

const prompt = (id: string): PreparedPrompt => ({
  id,
  current: '1.0.0',
  versions: [
    {
      version: '1.0.0',
      file: `lib/${id}.yaml`,
      changelog: null,
      author: null,
      created_at: '2025-01-01T00:00:00.000Z',
      json: JSON.stringify({ id, note: 'é ✓' }),
      checksum: `sum-${id}`,
    },
  ],
  registry: {
    id,
    version: '1.0.0',
    format: 'text',
    status: 'active',
    category: null,
    description: null,
    tags: ['t'],
    input_schema: null,
    output_schema: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    body: `Hello ${id}`,
  },
});

let stage: ImportStage | undefined;
afterEach(() => stage?.close());

describe('ImportStage', () => {
  it('gives back packed and plain prompts whole, in id order, across pages', () => {
    stage = new ImportStage();
    const ids = Array.from({ length: 1203 }, (_, index) => `p${String(index).padStart(5, '0')}`);
    const shuffled = [...ids].sort((a, b) => (a.slice(-1) < b.slice(-1) ? -1 : 1));
    stage.add(packPrompts(shuffled.slice(0, 700).map(prompt)));
    stage.add(shuffled.slice(700).map(prompt));
    expect(stage.size).toBe(1203);
    expect(stage.has('p00042')).toBe(true);
    expect(stage.has('nope')).toBe(false);
    const back = [...stage.prompts()];
    expect(back.map((entry) => entry.id)).toEqual(ids);
    expect(back[42]).toEqual(prompt('p00042'));
  });

  it('forgets everything on clear, and refuses an id twice', () => {
    stage = new ImportStage();
    stage.add([prompt('a')]);
    expect(() => stage?.add([prompt('a')])).toThrow(/UNIQUE/);
    stage.clear();
    expect(stage.size).toBe(0);
    expect([...stage.prompts()]).toEqual([]);
  });
});
