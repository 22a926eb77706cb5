// Compiles a large template as a row of pieces, so an edit recompiles only the piece it touched.
import { visitNodes } from './astNodes';
import { LruCache } from './lruCache';
import type { TemplateAst } from './parse';

/** A compiled program as the runtime calls it. */
export type ProgramRunner = (context: unknown, options?: unknown) => string;

/** Sources at least this long compile in pieces; shorter ones compile whole, as before. */
export const PIECEWISE_MIN_LENGTH = 8 * 1024;

/** About how much source one piece spans, in characters. */
const PIECE_LENGTH = 2 * 1024;

/** Compiled pieces kept, by their syntax tree. */
const PIECE_CACHE_SIZE = 2000;

const pieces = new LruCache<string, ProgramRunner>(PIECE_CACHE_SIZE);

/**
 * Splits the top level of `ast` into runs of statements of about PIECE_LENGTH characters and
 * compiles each with `compileProgram`, reusing a piece compiled earlier when its tree is the
 * same. Typing into a 20 KB template then costs the parse and one small compile, not a 20 KB
 * compile. Returns undefined for trees that must compile whole: inline partial definitions
 * (`{{#*inline}}`) and other decorators apply to the whole program.
 *
 * A piece's cache key is its processed tree as JSON: whitespace control has already run on
 * the whole template, so equal text beside different neighbours still gets its own key, and
 * source positions (which compiled code bakes into its errors) are part of it.
 * `compileProgram` must not apply whitespace control again.
 */
export function compileInPieces(
  ast: TemplateAst,
  source: string,
  compileProgram: (program: TemplateAst) => ProgramRunner,
): ProgramRunner | undefined {
  if (source.length < PIECEWISE_MIN_LENGTH || hasDecorators(ast)) return undefined;
  const lineStarts = lineStartsOf(source);
  const offsetOf = (position: hbs.AST.Position) =>
    (lineStarts[position.line - 1] ?? 0) + position.column;
  const runners: ProgramRunner[] = [];
  let body: hbs.AST.Statement[] = [];
  let start = 0;
  const flush = () => {
    if (body.length > 0) runners.push(pieceRunner(body, compileProgram));
    body = [];
  };
  for (const statement of ast.body) {
    if (body.length === 0) start = offsetOf(statement.loc.start);
    body.push(statement);
    if (offsetOf(statement.loc.end) - start >= PIECE_LENGTH) flush();
  }
  flush();
  return (context, options) => {
    let output = '';
    for (const run of runners) output += run(context, options);
    return output;
  };
}

/** A cached or new runner for one piece; a new one compiles on first run, as Handlebars does. */
function pieceRunner(
  body: hbs.AST.Statement[],
  compileProgram: (program: TemplateAst) => ProgramRunner,
): ProgramRunner {
  const key = JSON.stringify(body);
  const cached = pieces.get(key);
  if (cached) return cached;
  const first = body[0] as hbs.AST.Statement;
  const last = body[body.length - 1] as hbs.AST.Statement;
  const program = {
    type: 'Program',
    body,
    strip: {},
    loc: { source: first.loc.source, start: first.loc.start, end: last.loc.end },
  } as unknown as TemplateAst;
  let compiled: ProgramRunner | undefined;
  const run: ProgramRunner = (context, options) => {
    compiled ??= compileProgram(program);
    return compiled(context, options);
  };
  pieces.set(key, run);
  return run;
}

function hasDecorators(ast: TemplateAst): boolean {
  let found = false;
  visitNodes(ast, (node) => {
    if (node.type === 'DecoratorBlock' || node.type === 'Decorator') found = true;
  });
  return found;
}

/** Offsets at which each line of `source` starts (line 1 at index 0). */
function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) {
    starts.push(at + 1);
  }
  return starts;
}
