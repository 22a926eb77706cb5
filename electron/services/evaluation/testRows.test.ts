import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { FieldType } from '../../../src-shared/model/schemaDsl';
import { readTestRows } from './testRows';

const types = new Map<string, FieldType>([
  ['age', 'integer'],
  ['score', 'float'],
  ['vip', 'boolean'],
  ['items', 'list'],
]);

function refusal(text: string, file: string): AppError {
  try {
    readTestRows(text, file, types);
    expect.unreachable('the rows should be refused');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
}

describe('readTestRows', () => {
  it('reads CSV rows as cases, typing columns by the input schema', () => {
    const csv =
      'name,age,score,vip,items,__expected\n' +
      'Ada,36,4.5,true,"[""a"",""b""]","Hi Ada, 36"\n' +
      '"Bo, Jr.",7,0,false,[],\n';
    expect(readTestRows(csv, 'rows.csv', types)).toEqual([
      {
        name: 'rows.csv #1',
        vars: { name: 'Ada', age: 36, score: 4.5, vip: true, items: ['a', 'b'] },
        assert: [{ type: 'equals', value: 'Hi Ada, 36' }],
      },
      {
        name: 'rows.csv #2',
        vars: { name: 'Bo, Jr.', age: 7, score: 0, vip: false, items: [] },
        assert: [],
      },
    ]);
  });

  it('keeps text where no schema types a column, and names cases from __name', () => {
    const csv = '__name,age,city\nfirst,12,Oslo\n';
    expect(readTestRows(csv, 'rows.csv', new Map())).toEqual([
      { name: 'first', vars: { age: '12', city: 'Oslo' }, assert: [] },
    ]);
  });

  it('reads JSONL rows with their JSON types', () => {
    const jsonl = '{"name":"Ada","age":36,"__expected":"Hi"}\n\n{"name":"Bo","tags":["x"]}\n';
    expect(readTestRows(jsonl, 'rows.jsonl', types)).toEqual([
      {
        name: 'rows.jsonl #1',
        vars: { name: 'Ada', age: 36 },
        assert: [{ type: 'equals', value: 'Hi' }],
      },
      { name: 'rows.jsonl #2', vars: { name: 'Bo', tags: ['x'] }, assert: [] },
    ]);
  });

  it('names the row and column of a cell its type refuses', () => {
    expect(refusal('name,age\nAda,36\nBo,seven\n', 'rows.csv').message).toBe(
      "rows.csv: row 2, column 'age': 'seven' is not a whole number",
    );
    expect(refusal('vip\nyes\n', 'rows.csv').message).toBe(
      "rows.csv: row 1, column 'vip': 'yes' is not true or false",
    );
  });

  it('refuses broken files with the line or the reason', () => {
    expect(refusal('{"a":1}\nnot json\n', 'rows.jsonl').message).toMatch(
      /^rows\.jsonl: line 2 is not JSON/,
    );
    expect(refusal('[1,2]\n', 'rows.jsonl').message).toBe(
      'rows.jsonl: line 1 must be a JSON object',
    );
    expect(refusal('a,b\n1,2,3\n', 'rows.csv').message).toMatch(/^rows\.csv: /);
    expect(refusal('a,a\n1,2\n', 'rows.csv').message).toBe(
      "rows.csv: the column 'a' appears twice",
    );
    expect(refusal('a\n', 'rows.csv').message).toBe('rows.csv: no rows');
    expect(refusal('a\n1\n', 'rows.txt').message).toBe(
      'rows.txt: test rows must be a .csv or .jsonl file',
    );
  });
});
