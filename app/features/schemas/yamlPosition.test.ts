import { describe, expect, it } from 'vitest';
import { markersForError, rangeOfPath } from './yamlPosition';

const TEXT = `schemas:
  - name: user
    fields:
      - name: email
        type: strin
      - type: integer
`;

describe('rangeOfPath', () => {
  it('finds the value at a dotted path', () => {
    expect(rangeOfPath(TEXT, 'schemas.0.fields.0.type')).toEqual({
      startLineNumber: 5,
      startColumn: 15,
      endLineNumber: 5,
      endColumn: 20,
    });
  });

  it('points at the enclosing field when the key is missing', () => {
    expect(rangeOfPath(TEXT, 'schemas.0.fields.1.name')?.startLineNumber).toBe(6);
  });

  it('gives null for text that does not parse', () => {
    expect(rangeOfPath('a: [1, 2', 'a')).toBeNull();
  });
});

describe('markersForError', () => {
  it('places one marker per field issue, naming the path', () => {
    const markers = markersForError(TEXT, {
      message: 'invalid schema',
      details: {
        issues: [
          { path: 'schemas.0.fields.0.type', rule: 'enum', message: 'unknown type' },
          { path: 'schemas.0.fields.1.name', rule: 'required', message: 'name is required' },
        ],
      },
    });
    expect(markers.map((marker) => [marker.startLineNumber, marker.message])).toEqual([
      [5, 'schemas.0.fields.0.type: unknown type'],
      [6, 'schemas.0.fields.1.name: name is required'],
    ]);
  });

  it('uses the line and column of a YAML syntax error', () => {
    const [marker] = markersForError('a: [1', {
      message: 'invalid YAML',
      details: { line: 1, column: 6 },
    });
    expect(marker).toMatchObject({ startLineNumber: 1, startColumn: 6, message: 'invalid YAML' });
  });

  it('marks the first line when the error names no place', () => {
    const [marker] = markersForError(TEXT, { message: 'no schemas in this file' });
    expect(marker).toMatchObject({ startLineNumber: 1, message: 'no schemas in this file' });
  });
});
