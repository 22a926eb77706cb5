// Parses Handlebars source with the parser alone (no code generation), so the page may use it too.
import { parse as handlebarsParse, parser } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { AppError } from '../errors';

/** The Handlebars syntax tree of one template. */
export type TemplateAst = hbs.AST.Program;

/** A 1-based source range, as editors (Monaco) number lines and columns. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Longest template or partial source accepted, in characters. */
export const MAX_TEMPLATE_LENGTH = 1_000_000;

/** Deepest nesting of blocks accepted; deeper trees risk exhausting the stack while compiling. */
export const MAX_BLOCK_DEPTH = 100;

/** Converts a Handlebars node location (1-based lines, 0-based columns) to a SourceRange. */
export function rangeOf(node: hbs.AST.Node): SourceRange {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
  };
}

/**
 * Parses `source` into a syntax tree. Malformed templates throw `template_syntax` with
 * "Parse error on line L, column C: <reason>" and the 1-based range in `details`; `partial`
 * names the partial being parsed so the message can say where the problem is.
 */
export function parseTemplate(source: unknown, partial?: string): TemplateAst {
  if (typeof source !== 'string') {
    throw new AppError('invalid_input', 'A template must be text.', { partial });
  }
  const where = partial === undefined ? '' : ` in partial '${partial}'`;
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new AppError(
      'too_large',
      `The template${where} is longer than ${MAX_TEMPLATE_LENGTH} characters.`,
      { limit: MAX_TEMPLATE_LENGTH, partial },
    );
  }
  checkLexicalNesting(source, where, partial);
  checkNul(source, where, partial);
  let ast: TemplateAst;
  try {
    ast = handlebarsParse(source);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(where, partial);
    const problem = describeParseFailure(error);
    const hint = hintFor(problem.reason);
    const details: Record<string, unknown> = { ...problem.range };
    if (partial !== undefined) details.partial = partial;
    if (hint !== undefined) details.hint = hint;
    throw new AppError(
      'template_syntax',
      `Parse error${where} on line ${problem.range.line}, column ${problem.range.column}: ${problem.reason}` +
        (hint === undefined ? '' : `. ${hint}`),
      details,
    );
  }
  if (blockDepth(ast, 0) > MAX_BLOCK_DEPTH) {
    throw tooDeep(where, partial, 'blocks', hasElseChain(source));
  }
  return ast;
}

function tooDeep(
  where: string,
  partial: string | undefined,
  what = 'blocks',
  chained = false,
): AppError {
  // Handlebars nests each `{{else if}}` link inside the block before it, so a long flat chain
  // is as deep as nested blocks; say so, or the author looks for nesting that isn't there.
  const hint = chained ? ' (each {{else …}} link of a chain counts as one level)' : '';
  return new AppError(
    'too_large',
    `The template${where} nests ${what} more than ${MAX_BLOCK_DEPTH} levels deep${hint}.`,
    { limit: MAX_BLOCK_DEPTH, partial },
  );
}

/** Whether the source has a chained `{{else <helper>}}` link. */
function hasElseChain(source: string): boolean {
  return /\{\{~?\s*else\s+[^\s~}]/.test(source);
}

/**
 * Refuses deep nesting from the text alone, before the Handlebars parser sees it: the parser's
 * time grows with the square of the nesting (2,000 nested blocks took seconds, 20,000 hung), so
 * the tree check below comes too late. The count is an upper bound (blocks, `{{else if}}` chain
 * links, sub-expression parentheses); comments, raw blocks and quoted strings are skipped.
 */
function checkLexicalNesting(source: string, where: string, partial: string | undefined): void {
  // Blocks may legitimately come close to the tree limit; leave room for the exact check.
  const blockLimit = MAX_BLOCK_DEPTH * 2;
  const chains: number[] = [];
  let blocks = 0;
  let open = source.indexOf('{{');
  while (open >= 0) {
    let at = open + 2;
    if (source.startsWith('{{{{', open) && source[open + 4] !== '/') {
      const close = source.indexOf('{{{{/', open + 4);
      if (close < 0) return;
      open = source.indexOf('{{', close + 5);
      continue;
    }
    while (source[at] === '{' || source[at] === '~') at += 1;
    if (source[at] === '!') {
      const long = source.startsWith('--', at + 1);
      const end = long ? /--~?\}\}/g : /\}\}/g;
      end.lastIndex = at;
      if (end.exec(source) === null) return;
      open = source.indexOf('{{', end.lastIndex);
      continue;
    }
    const { end, parens } = scanMustache(source, at);
    if (parens > MAX_BLOCK_DEPTH) throw tooDeep(where, partial, 'sub-expressions');
    const head = source.slice(at, Math.min(end - 2, at + 16));
    if (source[at] === '#' || (source[at] === '^' && !/^\^\s*~?$/.test(head))) {
      chains.push(1);
      blocks += 1;
    } else if (source[at] === '/') {
      blocks -= chains.pop() ?? 0;
    } else if (/^\s*else\s+[^\s~}]/.test(head) && chains.length > 0) {
      chains[chains.length - 1] = (chains[chains.length - 1] ?? 0) + 1;
      blocks += 1;
    }
    if (blocks > blockLimit) {
      throw tooDeep(
        where,
        partial,
        'blocks',
        chains.some((links) => links > 1),
      );
    }
    open = source.indexOf('{{', end);
  }
}

/** Handlebars cannot lex a NUL character anywhere; say so instead of blaming a comment. */
function checkNul(source: string, where: string, partial: string | undefined): void {
  const at = source.indexOf('\u0000');
  if (at < 0) return;
  const before = source.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  throw new AppError(
    'template_syntax',
    `Parse error${where} on line ${line}, column ${column}: the template contains a NUL character`,
    { line, column, endLine: line, endColumn: column + 1, ...(partial ? { partial } : {}) },
  );
}

/** Finds the `}}` closing a mustache, skipping quoted text; reports its deepest `(` nesting. */
function scanMustache(source: string, from: number): { end: number; parens: number } {
  let depth = 0;
  let deepest = 0;
  for (let at = from; at < source.length; at += 1) {
    const char = source[at];
    if (char === '"' || char === "'" || char === '[') {
      const close = source.indexOf(char === '[' ? ']' : char, at + 1);
      if (close < 0) break;
      at = close;
    } else if (char === '(') {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if (char === ')') {
      depth -= 1;
    } else if (char === '}' && source[at + 1] === '}') {
      return { end: at + 2, parens: deepest };
    }
  }
  return { end: source.length, parens: deepest };
}

interface ParseFailure {
  range: SourceRange;
  reason: string;
}

/** Extracts a position and a short reason from whatever the Handlebars parser threw. */
function describeParseFailure(error: unknown): ParseFailure {
  const message = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: unknown; column?: unknown; endLineNumber?: unknown };
  // Semantic errors (mismatched block names) carry their node's position.
  if (typeof located.lineNumber === 'number' && typeof located.column === 'number') {
    const line = located.lineNumber;
    const column = located.column + 1;
    const endLine = typeof located.endLineNumber === 'number' ? located.endLineNumber : line;
    const endColumn = Math.max(
      typeof (error as { endColumn?: unknown }).endColumn === 'number'
        ? (error as { endColumn: number }).endColumn + 1
        : column + 1,
      endLine === line ? column + 1 : 1,
    );
    return { range: { line, column, endLine, endColumn }, reason: semanticReason(message) };
  }
  // Grammar errors only name the line in their text; the lexer still holds the offending token.
  const loc = parser.lexer.yylloc;
  const line = loc?.first_line ?? 1;
  const column = (loc?.first_column ?? 0) + 1;
  const endLine = loc?.last_line ?? line;
  const endColumn = Math.max((loc?.last_column ?? 0) + 1, endLine === line ? column + 1 : 1);
  return { range: { line, column, endLine, endColumn }, reason: grammarReason(message) };
}

/**
 * Advice for failures whose cause is not obvious from the reason alone. `{"a": {{x}}}` ends in
 * `}}}`, which the lexer takes as the close of a triple-stash `{{{…}}}` wherever it appears.
 */
function hintFor(reason: string): string | undefined {
  if (reason.startsWith("unexpected '}}}")) {
    return (
      "Handlebars reads '}}}' as the end of a triple-stash {{{…}}}; " +
      "to follow a {{…}} tag with '}', put a space between them ('{{x}} }')"
    );
  }
  return undefined;
}

function semanticReason(message: string): string {
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
  if (mismatch) return `{{/${mismatch[2]}}} does not close the open {{#${mismatch[1]}}} block`;
  return message.replace(/ - \d+:\d+$/, '');
}

function grammarReason(message: string): string {
  if (message.startsWith('Lexical error')) return 'unrecognised text (an unclosed comment?)';
  const got = /got '([^']+)'\s*$/.exec(message)?.[1];
  if (got === 'EOF') return 'unexpected end of template (is a block or tag left open?)';
  const text = parser.lexer.match;
  if (text !== undefined && text !== '') return `unexpected '${text}'`;
  return got === undefined ? 'invalid syntax' : `unexpected ${got.toLowerCase()}`;
}

/** Depth of block nesting, stopping once past the limit so hostile input stays cheap. */
function blockDepth(program: hbs.AST.Program, depth: number): number {
  if (depth > MAX_BLOCK_DEPTH) return depth;
  let deepest = depth;
  for (const statement of program.body) {
    const block = statement as Partial<hbs.AST.BlockStatement>;
    for (const child of [block.program, block.inverse]) {
      if (child) deepest = Math.max(deepest, blockDepth(child, depth + 1));
      if (deepest > MAX_BLOCK_DEPTH) return deepest;
    }
  }
  return deepest;
}
