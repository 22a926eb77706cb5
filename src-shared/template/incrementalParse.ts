// Re-parses a large template after a small edit: only the top-level chunks whose text changed.
import { LruCache } from './lruCache';
import { MAX_TEMPLATE_LENGTH, parseTemplate, type TemplateAst } from './parse';

/** Below this length a whole parse costs well under a millisecond: no chunks are kept. */
export const INCREMENTAL_MIN_LENGTH = 8 * 1024;

/** Chunks are cut at least this many characters apart (one re-parse stays cheap). */
const CHUNK_TARGET = 1024;

/**
 * Sources the chunking does not reason about, parsed whole: decorators (`{{*x}}`, `{{#*inline}}`),
 * raw blocks, backslash escapes (`\{{`, and `\"`, `\'`, `\]` where parse.ts's nesting scan and
 * the lexer may disagree about where a tag ends), and the line separators the lexer does not
 * count as line breaks while it does stop columns at them.
 */
const UNUSUAL = /\{\{~?#?\*|\{\{\{\{|\\[{"'\]]|[\u2028\u2029]/;

type Node = hbs.AST.Node;

/** A ContentStatement as the parser builds it (the bundled typings get `original` wrong). */
interface Content {
  type: 'ContentStatement';
  original: string;
  value: string;
  loc: hbs.AST.SourceLocation;
  rightStripped?: boolean;
  leftStripped?: boolean;
}

/** A piece of the source that parses on its own; every chunk but the last ends with '\n'. */
interface Chunk {
  start: number;
  text: string;
  /** Parsed alone (its lines counted from 1); null until first needed. */
  ast: TemplateAst | null;
  /** The body moved down to where the chunk sits, kept for the next call with the same offset. */
  moved: { lines: number; body: Node[] } | null;
}

interface State {
  source: string;
  tree: TemplateAst;
  chunks: Chunk[];
}

// One state per partial name (and one for the template itself); bounded, as names come from users.
const states = new LruCache<string, State>(16);

/**
 * Parses `source` exactly as `parseTemplate` does (same tree, `loc` included, same errors), but
 * when a long source differs from the previous call's with the same `partial` by a small edit,
 * only the top-level chunks around the edit are parsed again. The tree shares nodes with
 * earlier and later answers: treat it as read-only.
 */
export function parseTemplateIncrementally(source: string, partial?: string): TemplateAst {
  if (
    typeof source !== 'string' ||
    source.length < INCREMENTAL_MIN_LENGTH ||
    source.length > MAX_TEMPLATE_LENGTH
  ) {
    return parseTemplate(source, partial);
  }
  const key = partial === undefined ? '' : `>${partial}`;
  const previous = states.get(key);
  if (previous?.source === source) return previous.tree;
  // A kept state's source has nothing unusual, so only the changed span needs looking at.
  const next = previous ? reparse(previous, source) : null;
  if (next) {
    states.set(key, next);
    return next.tree;
  }
  if (UNUSUAL.test(source)) return parseTemplate(source, partial);
  // A failed parse throws here and leaves the last good state for the next edit to start from.
  const tree = parseTemplate(source, partial);
  states.set(key, { source, tree, chunks: chunksOf(source, 0, tree) });
  return tree;
}

/** Where a chunk may start: after a line break, before text that whitespace control leaves alone. */
function canCut(source: string, at: number): boolean {
  if (at <= 0 || at >= source.length || source[at - 1] !== '\n') return false;
  const next = source[at] as string;
  return next !== '{' && next !== '\\' && !/\s/.test(next);
}

/**
 * The new state after an edit, or null when the chunks cannot answer (a chunk does not parse on
 * its own, or something unusual turned up) and the caller must parse the whole source.
 */
function reparse(state: State, source: string): State | null {
  const old = state.chunks;
  const delta = source.length - state.source.length;
  const endOf = (chunk: Chunk): number => chunk.start + chunk.text.length;
  // Chunks whose text is unchanged at the start, then at the end (moved by the edit's length).
  let first = 0;
  while (first < old.length && source.startsWith(old[first]!.text, old[first]!.start)) first++;
  let from = first === 0 ? 0 : endOf(old[first - 1]!);
  let last = old.length;
  while (
    last > first &&
    old[last - 1]!.start + delta >= from &&
    source.startsWith(old[last - 1]!.text, old[last - 1]!.start + delta)
  ) {
    last--;
  }
  let to = last < old.length ? old[last]!.start + delta : source.length;
  // The edit may have spoiled a cut at either end: widen the changed span over its neighbours.
  for (;;) {
    if (last < old.length && to > from && !canCut(source, to)) {
      to = endOf(old[last]!) + delta;
      last++;
    } else if (first > 0 && (to > from || last < old.length) && !canCut(source, from)) {
      first--;
      from = old[first]!.start;
    } else {
      break;
    }
  }
  const changed = source.slice(from, to);
  // No pattern of UNUSUAL holds a '\n', so none can straddle the cuts either side of the span.
  if (UNUSUAL.test(changed)) return null;
  const fresh: Chunk[] = [];
  let freshAst: TemplateAst | null = null;
  if (changed !== '') {
    freshAst = tryParse(changed);
    if (!freshAst) return null;
    fresh.push(...chunksOf(changed, from, freshAst));
  }
  const kept = old.slice(last).map((chunk) => ({ ...chunk, start: chunk.start + delta }));
  const chunks = [...old.slice(0, first), ...fresh, ...kept];
  // A long changed span is kept as lazy chunks for later calls but joined whole this time.
  const joinedFresh: Piece[] =
    fresh.length > 1 && freshAst ? [{ ast: freshAst, moved: null }] : fresh;
  const tree = assemble([...old.slice(0, first), ...joinedFresh, ...kept]);
  return tree ? { source, tree, chunks } : null;
}

function tryParse(text: string): TemplateAst | null {
  try {
    return parseTemplate(text);
  } catch {
    return null;
  }
}

/**
 * Splits a parsed span into chunks at line starts inside its top-level text, about CHUNK_TARGET
 * apart. A span short enough to re-parse cheaply stays one chunk and keeps its tree; the pieces
 * of a longer one are parsed when first needed.
 */
function chunksOf(text: string, start: number, ast: TemplateAst): Chunk[] {
  const cuts = text.length < 2 * CHUNK_TARGET ? [] : cutPoints(text, ast);
  if (cuts.length === 0) return [{ start, text, ast, moved: null }];
  const bounds = [0, ...cuts, text.length];
  const chunks: Chunk[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as number;
    chunks.push({
      start: start + from,
      text: text.slice(from, bounds[i + 1]),
      ast: null,
      moved: null,
    });
  }
  return chunks;
}

/** Offsets where `text` may be cut: after a '\n' inside a top-level ContentStatement. */
function cutPoints(text: string, ast: TemplateAst): number[] {
  const lineStarts = [0];
  for (const match of text.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index + match[0].length);
  const cuts: number[] = [];
  let previous = 0;
  for (const node of ast.body) {
    const content = node as unknown as Content;
    // Text lexed after an escaped `\{{` starts with '{{'; UNUSUAL keeps it out, but stay safe.
    if (content.type !== 'ContentStatement' || content.original.startsWith('{{')) continue;
    const from = (lineStarts[content.loc.start.line - 1] ?? Infinity) + content.loc.start.column;
    const to = from + content.original.length;
    let newline = text.indexOf('\n', Math.max(from, previous + CHUNK_TARGET - 1));
    while (newline >= 0 && newline + 1 < to) {
      const at = newline + 1;
      if (canCut(text, at)) {
        cuts.push(at);
        previous = at;
        newline = text.indexOf('\n', at + CHUNK_TARGET - 1);
      } else {
        newline = text.indexOf('\n', at);
      }
    }
  }
  return cuts;
}

/** A parsed chunk, with the cache of its body moved down to where it sits. */
interface Piece {
  ast: TemplateAst | null;
  text?: string;
  moved: Chunk['moved'];
}

/**
 * Joins the pieces' bodies into one program: lines moved down by the line breaks before each
 * piece, and the text either side of each cut joined into the one ContentStatement the whole
 * parse makes of it. Null when a piece does not parse or a seam is not plain text.
 */
function assemble(pieces: Piece[]): TemplateAst | null {
  const body: Node[] = [];
  let lines = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as Piece;
    piece.ast ??= piece.text === undefined ? null : tryParse(piece.text);
    if (!piece.ast) return null;
    if (piece.moved?.lines !== lines) {
      piece.moved = {
        lines,
        body: lines === 0 ? piece.ast.body : moveLines(piece.ast.body, lines),
      };
    }
    const own = piece.moved.body;
    if (i === 0) {
      body.push(...own);
    } else {
      const joined = joinContent(body.pop(), own[0]);
      if (!joined) return null;
      body.push(joined);
      for (let j = 1; j < own.length; j++) body.push(own[j] as Node);
    }
    if (i + 1 < pieces.length) {
      const end = piece.ast.body[piece.ast.body.length - 1];
      if (end?.type !== 'ContentStatement') return null;
      lines += end.loc.end.line - 1;
    }
  }
  return programOf(body);
}

/** The ContentStatement the whole parse makes of the text either side of a cut. */
function joinContent(before: Node | undefined, after: Node | undefined): Node | null {
  const a = before as unknown as Content | undefined;
  const b = after as unknown as Content | undefined;
  if (a?.type !== 'ContentStatement' || b?.type !== 'ContentStatement') return null;
  // Whitespace control strips the start of the text only from before the cut, its end only from
  // after it; anything else (or text lexed after an escape) is not a case the seam handles.
  if ('leftStripped' in a || 'rightStripped' in b || a.original.startsWith('{{')) return null;
  const loc = Object.create(Object.getPrototypeOf(a.loc) as object) as hbs.AST.SourceLocation;
  loc.source = a.loc.source;
  loc.start = a.loc.start;
  loc.end = b.loc.end;
  const joined: Content = {
    type: 'ContentStatement',
    original: a.original + b.original,
    value: a.value + b.value,
    loc,
  };
  if ('rightStripped' in a) joined.rightStripped = a.rightStripped;
  if ('leftStripped' in b) joined.leftStripped = b.leftStripped;
  return joined as unknown as Node;
}

/** The root program around `body`, with the location Handlebars gives it. */
function programOf(body: Node[]): TemplateAst {
  const first = body[0]?.loc;
  const last = body[body.length - 1]?.loc;
  const loc =
    first && last
      ? {
          source: first.source,
          start: { line: first.start.line, column: first.start.column },
          end: { line: last.end.line, column: last.end.column },
        }
      : undefined;
  return { type: 'Program', body, strip: {}, loc } as unknown as TemplateAst;
}

/** A copy of `nodes` with every location `lines` lines further down; the originals stay as they are. */
function moveLines(nodes: Node[], lines: number): Node[] {
  return nodes.map((node) => copyMoved(node, lines) as Node);
}

function copyMoved(value: unknown, lines: number): unknown {
  if (Array.isArray(value)) return value.map((item) => copyMoved(item, lines));
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      key === 'loc' && field
        ? movedLoc(field as hbs.AST.SourceLocation, lines)
        : copyMoved(field, lines);
  }
  return copy;
}

function movedLoc(loc: hbs.AST.SourceLocation, lines: number): hbs.AST.SourceLocation {
  const moved = Object.create(Object.getPrototypeOf(loc) as object) as hbs.AST.SourceLocation;
  moved.source = loc.source;
  moved.start = { line: loc.start.line + lines, column: loc.start.column };
  moved.end = { line: loc.end.line + lines, column: loc.end.column };
  return moved;
}
