// Where a problem in a schema file sits: from an error's line/column or its dotted field path.
import { LineCounter, isCollection, parseDocument } from 'yaml';
import type { FieldIssue } from '../../../src-shared/errors';

/** A 1-based range in the YAML text, as Monaco's markers take it. */
export interface TextRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** A problem to mark in the editor. */
export interface YamlMarker extends TextRange {
  message: string;
}

function pathKeys(path: string): (string | number)[] {
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The range of the node at a dotted path (`schemas.0.fields.2.type`). When the path ends in a
 * key that is missing, the nearest existing parent is marked, so the marker still points at
 * the right field. Null when the text does not parse or nothing on the path exists.
 */
export function rangeOfPath(text: string, path: string): TextRange | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0) return null;
  const keys = pathKeys(path);
  for (let length = keys.length; length >= 0; length -= 1) {
    const node = length === 0 ? doc.contents : doc.getIn(keys.slice(0, length), true);
    if (!node || typeof node !== 'object' || !('range' in node) || !node.range) continue;
    // A missing key inside a mapping: point at the mapping's first line, not its whole body.
    const [start, valueEnd] = node.range as [number, number, number];
    const end = length < keys.length && isCollection(node) ? start : valueEnd;
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(end, start));
    const sameLine = to.line === from.line;
    return {
      startLineNumber: from.line,
      startColumn: from.col,
      endLineNumber: sameLine ? to.line : from.line,
      endColumn: sameLine && to.col > from.col ? to.col : from.col + 1,
    };
  }
  return null;
}

/**
 * Markers for a failed save: one per field issue (placed by path), or one at the error's
 * line/column, or at the top of the file when the error names no place.
 */
export function markersForError(
  text: string,
  error: { message: string; details?: Readonly<Record<string, unknown>> },
): YamlMarker[] {
  const details = error.details ?? {};
  const issues = Array.isArray(details['issues']) ? (details['issues'] as FieldIssue[]) : [];
  const placed = issues.map((issue) => {
    const range = rangeOfPath(text, issue.path) ?? firstLine();
    return { ...range, message: issue.path ? `${issue.path}: ${issue.message}` : issue.message };
  });
  if (placed.length > 0) return placed;
  const line = details['line'];
  const column = details['column'];
  if (typeof line === 'number') {
    const col = typeof column === 'number' ? column : 1;
    return [
      {
        startLineNumber: line,
        startColumn: col,
        endLineNumber: line,
        endColumn: col + 1,
        message: error.message,
      },
    ];
  }
  return [{ ...firstLine(), message: error.message }];
}

function firstLine(): TextRange {
  return { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2 };
}
