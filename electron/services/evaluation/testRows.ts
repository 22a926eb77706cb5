// Test cases from rows (`pwb tests import ID FILE.csv|FILE.jsonl`): columns are variables, typed
// by the prompt's input schema where it has one; an `__expected` column adds an `equals` check.
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../../src-shared/errors';
import { readTestCases, type TestCase } from '../../../src-shared/evaluation/testCases';
import type { FieldType } from '../../../src-shared/model/schemaDsl';
import { defineOwn, isPlainRecord } from '../../../src-shared/plainData';

/** The column that holds the expected answer rather than a variable. */
export const EXPECTED_COLUMN = '__expected';
/** The column that names a row's case (else `<file name> #N`, so re-importing a file can replace its rows). */
export const NAME_COLUMN = '__name';

const MAX_ROWS = 10_000;

/** The DSL type of each variable the input schema declares (missing: text). */
export type VariableTypes = ReadonlyMap<string, FieldType>;

/**
 * Reads rows from a CSV (header row first) or JSONL file's text into test cases. `file` names
 * the file in errors and decides the format by its extension. Every problem names the row.
 */
export function readTestRows(text: string, file: string, types: VariableTypes): TestCase[] {
  const lower = file.toLowerCase();
  let rows: Record<string, unknown>[];
  if (lower.endsWith('.csv')) rows = csvRows(text, file, types);
  else if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) rows = jsonlRows(text, file);
  else {
    throw new AppError('invalid_input', `${file}: test rows must be a .csv or .jsonl file`, {
      file,
    });
  }
  if (rows.length === 0) throw new AppError('invalid_input', `${file}: no rows`, { file });
  if (rows.length > MAX_ROWS) {
    throw new AppError('invalid_input', `${file}: more than ${MAX_ROWS} rows`, { file });
  }
  const source = basename(file);
  const cases = rows.map((row, index) => toCase(row, `${source} #${index + 1}`));
  // The same checks as a tests file: unique names, known assertion types, valid values.
  return readTestCases(cases, file);
}

function toCase(row: Record<string, unknown>, fallbackName: string): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  let expected: unknown;
  let name: unknown = fallbackName;
  for (const [column, value] of Object.entries(row)) {
    if (column === EXPECTED_COLUMN) expected = value;
    else if (column === NAME_COLUMN) name = value;
    else defineOwn(vars, column, value);
  }
  const testCase: Record<string, unknown> = { name, vars, assert: [] };
  if (expected !== undefined && expected !== '') {
    testCase['assert'] = [{ type: 'equals', value: String(expected) }];
  }
  return testCase;
}

function csvRows(text: string, file: string, types: VariableTypes): Record<string, unknown>[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    throw new AppError('invalid_input', `${file}: ${(error as Error).message}`, { file });
  }
  const [header, ...body] = records;
  if (!header) return [];
  const seen = new Set<string>();
  for (const column of header) {
    if (column.trim() === '') {
      throw new AppError('invalid_input', `${file}: the header has an empty column name`, { file });
    }
    if (seen.has(column)) {
      throw new AppError('invalid_input', `${file}: the column '${column}' appears twice`, {
        file,
      });
    }
    seen.add(column);
  }
  return body.map((record, index) => {
    const row: Record<string, unknown> = {};
    header.forEach((column, at) => {
      const cell = record[at] ?? '';
      const type = types.get(column);
      const value =
        column === EXPECTED_COLUMN || column === NAME_COLUMN || type === undefined
          ? cell
          : typed(cell, type, `${file}: row ${index + 1}, column '${column}'`);
      defineOwn(row, column, value);
    });
    return row;
  });
}

/** Turns a cell into the value its schema type says; an empty cell is left out as missing. */
function typed(cell: string, type: FieldType, where: string): unknown {
  const fail = (what: string): never => {
    throw new AppError('invalid_input', `${where}: '${clip(cell)}' is not ${what}`);
  };
  switch (type) {
    case 'integer': {
      const value = Number(cell);
      return cell.trim() !== '' && Number.isInteger(value) ? value : fail('a whole number');
    }
    case 'float': {
      const value = Number(cell);
      return cell.trim() !== '' && Number.isFinite(value) ? value : fail('a number');
    }
    case 'boolean': {
      const lower = cell.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      return fail('true or false');
    }
    case 'list':
    case 'dict':
      try {
        const value = JSON.parse(cell) as unknown;
        if (type === 'list' ? Array.isArray(value) : isPlainRecord(value)) return value;
      } catch {
        // Reported below with the expected shape.
      }
      return fail(type === 'list' ? 'a JSON list' : 'a JSON object');
    default:
      return cell;
  }
}

function jsonlRows(text: string, file: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (error) {
      throw new AppError(
        'invalid_input',
        `${file}: line ${index + 1} is not JSON (${(error as Error).message})`,
        { file, line: index + 1 },
      );
    }
    if (!isPlainRecord(value)) {
      throw new AppError('invalid_input', `${file}: line ${index + 1} must be a JSON object`, {
        file,
        line: index + 1,
      });
    }
    rows.push(value);
  });
  return rows;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
