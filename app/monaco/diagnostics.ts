// Error markers for a template model: syntax errors (line/column) and partials the library lacks.
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { checkTemplate, listPartialReferences } from '../../src-shared/template';

const OWNER = 'pwb-template';

/** Recomputes the markers of `model`; `knownPartials` are the library's and the prompt's own. */
export function updateDiagnostics(
  monaco: typeof Monaco,
  model: Monaco.editor.ITextModel,
  knownPartials: ReadonlySet<string>,
): void {
  const source = model.getValue();
  const markers: Monaco.editor.IMarkerData[] = checkTemplate(source).map((diagnostic) => ({
    severity:
      diagnostic.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: diagnostic.message,
    startLineNumber: diagnostic.line,
    startColumn: diagnostic.column,
    endLineNumber: diagnostic.endLine,
    endColumn: Math.max(diagnostic.endColumn, diagnostic.column + 1),
  }));
  if (!markers.some((marker) => marker.severity === monaco.MarkerSeverity.Error)) {
    for (const name of listPartialReferences(source)) {
      if (knownPartials.has(name)) continue;
      for (const match of model.findMatches(
        `\\{\\{~?>\\s*${escapeRegExp(name)}\\b`,
        false,
        true,
        true,
        null,
        false,
      )) {
        markers.push({
          severity: monaco.MarkerSeverity.Warning,
          message: `The partial '${name}' is not in the library.`,
          ...match.range,
        });
      }
    }
  }
  monaco.editor.setModelMarkers(model, OWNER, markers);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
