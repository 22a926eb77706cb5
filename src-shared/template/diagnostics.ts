// Editor diagnostics for a template, from the parser alone: syntax errors and unknown helpers.
import { isAppError } from '../errors';
import { hasArguments, isPath, visitNodes, type CallNode } from './astNodes';
import { KNOWN_HELPER_NAMES } from './helperDocs';
import { parseTemplateIncrementally } from './incrementalParse';
import { rangeOf, type SourceRange, type TemplateAst } from './parse';
import { partialReferences } from './partialGraph';

/** One marker for the editor; lines and columns are 1-based, the end exclusive. */
export interface TemplateDiagnostic {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
}

/**
 * Checks `source` without rendering it: a parse error (one diagnostic, with its position), or
 * a warning for each call to a helper that does not exist (`{{shout name}}`).
 */
export function checkTemplate(source: string): TemplateDiagnostic[] {
  let ast: TemplateAst;
  try {
    // The editor checks after each pause in typing: reuse the tree the last keystroke parsed.
    ast = parseTemplateIncrementally(source);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return [{ message: error.message, ...rangeFromDetails(error.details), severity: 'error' }];
  }
  const diagnostics: TemplateDiagnostic[] = [];
  visitNodes(ast, (node) => {
    if (
      node.type !== 'MustacheStatement' &&
      node.type !== 'BlockStatement' &&
      node.type !== 'SubExpression'
    ) {
      return;
    }
    const call = node as CallNode & { path: hbs.AST.Node };
    if (!isPath(call.path) || call.path.data || !hasArguments(call)) return;
    const name = call.path.original;
    if (KNOWN_HELPER_NAMES.has(name)) return;
    diagnostics.push({
      message: `Unknown helper '${name}'`,
      ...rangeOf(call.path),
      severity: 'warning',
    });
  });
  return diagnostics;
}

/** The names of the partials `source` includes with `{{> name}}`, sorted and unique. */
export function listPartialReferences(source: string): string[] {
  const ast = parseTemplateIncrementally(source);
  return [...new Set(partialReferences(ast).map((ref) => ref.name))].sort();
}

function rangeFromDetails(details: Readonly<Record<string, unknown>> | undefined): SourceRange {
  const number = (key: string, fallback: number): number => {
    const value = details?.[key];
    return typeof value === 'number' ? value : fallback;
  };
  const line = number('line', 1);
  const column = number('column', 1);
  return {
    line,
    column,
    endLine: number('endLine', line),
    endColumn: number('endColumn', column + 1),
  };
}
