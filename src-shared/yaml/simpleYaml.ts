// A fast reader for the plain block-style YAML most library files are; the rest goes to `yaml`.
//
// Parsing a 3 KB prompt with the `yaml` library costs about 0.3 ms: most of an import's time.
// The files we and PyYAML write use a small part of YAML: block mappings and sequences, plain
// and single-line quoted scalars, `|`/`>` block scalars, `[]` and `{}`. This reader handles
// exactly that part and answers `undefined` for anything else (anchors, tags, flow
// collections, multi-line quotes, odd indentation, duplicate keys, …), so parseYaml falls back
// to the library, which then also gives every error message. Where it answers, its value equals
// the library's (YAML 1.2 core schema): simpleYaml.test.ts compares the two on generated and
// mutated documents.

/** Deepest nesting this reader follows; deeper documents go to the library and its limit. */
const MAX_DEPTH = 40;
/** The library warns about implicit keys longer than this. */
const MAX_KEY_LENGTH = 1000;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/** Thrown inside the reader to give up; never leaves this module. */
const UNSUPPORTED = new Error('not simple YAML');

interface Cursor {
  readonly lines: readonly string[];
  /** The next line not yet consumed. */
  row: number;
}

/**
 * The value of `text` if it is a single block mapping or sequence in the simple subset,
 * else `undefined` (parse it with the library then). Never throws.
 */
export function parseSimpleYaml(text: string): unknown {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const cursor: Cursor = { lines: text.split('\n'), row: 0 };
  try {
    const first = nextContent(cursor);
    if (first < 0 || indentOf(line(cursor, first)) !== 0) return undefined;
    const value = parseBlock(cursor, first, 0, 0);
    if (nextContent(cursor) >= 0) return undefined;
    return value;
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

function line(cursor: Cursor, row: number): string {
  return cursor.lines[row] ?? '';
}

function indentOf(text: string): number {
  let index = 0;
  while (text.charCodeAt(index) === SPACE) index += 1;
  return index;
}

/** Moves past blank and comment lines; the row of the next content line, or -1 at the end. */
function nextContent(cursor: Cursor): number {
  for (let row = cursor.row; row < cursor.lines.length; row += 1) {
    const text = line(cursor, row);
    const indent = indentOf(text);
    if (indent < text.length && text.charCodeAt(indent) !== HASH) {
      cursor.row = row;
      return row;
    }
  }
  cursor.row = cursor.lines.length;
  return -1;
}

/** A `-` entry marker at `col`: a dash followed by a space or the end of the line. */
function isEntry(text: string, col: number): boolean {
  if (text.charCodeAt(col) !== DASH) return false;
  const after = text.charCodeAt(col + 1);
  return after === SPACE || Number.isNaN(after);
}

function isDocumentMarker(text: string): boolean {
  if (!text.startsWith('---') && !text.startsWith('...')) return false;
  return text.length === 3 || text.charCodeAt(3) === SPACE;
}

/** The block collection starting at `row`, column `indent`. */
function parseBlock(cursor: Cursor, row: number, indent: number, depth: number): unknown {
  const text = line(cursor, row);
  if (indent === 0 && isDocumentMarker(text)) throw UNSUPPORTED;
  return isEntry(text, indent)
    ? parseSequence(cursor, row, indent, depth)
    : parseMapping(cursor, row, indent, indent, depth);
}

function parseSequence(cursor: Cursor, row: number, indent: number, depth: number): unknown[] {
  if (depth > MAX_DEPTH) throw UNSUPPORTED;
  const items: unknown[] = [];
  for (let at = row; ;) {
    items.push(parseValue(cursor, at, indent + 1, indent, 'entry', depth));
    at = nextContent(cursor);
    if (at < 0) return items;
    const text = line(cursor, at);
    const next = indentOf(text);
    if (next > indent) throw UNSUPPORTED;
    if (next < indent || !isEntry(text, indent)) return items;
    if (indent === 0 && isDocumentMarker(text)) throw UNSUPPORTED;
  }
}

/** A mapping whose keys sit at column `indent`; the first key is on `row` at column `col`. */
function parseMapping(
  cursor: Cursor,
  row: number,
  col: number,
  indent: number,
  depth: number,
): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw UNSUPPORTED;
  const map: Record<string, unknown> = {};
  for (let at = row, from = col; ;) {
    const text = line(cursor, at);
    const key = readKey(text, from);
    if (key === undefined) throw UNSUPPORTED;
    if (key.name === '__proto__' || Object.prototype.hasOwnProperty.call(map, key.name)) {
      throw UNSUPPORTED;
    }
    map[key.name] = parseValue(cursor, at, key.end, indent, 'key', depth);
    at = nextContent(cursor);
    if (at < 0) return map;
    const next = indentOf(line(cursor, at));
    if (next > indent) throw UNSUPPORTED;
    if (next < indent) return map;
    if (indent === 0 && isDocumentMarker(line(cursor, at))) throw UNSUPPORTED;
    from = indent;
  }
}

interface Key {
  name: string;
  /** Just past the `:`. */
  end: number;
}

/** The implicit key at `col` (`name:` then a space or the line's end), or undefined. */
function readKey(text: string, col: number): Key | undefined {
  const first = text.charCodeAt(col);
  if (first === 0x22 || first === 0x27) {
    const quoted = readQuoted(text, col);
    if (quoted === undefined || text.charCodeAt(quoted.end) !== COLON) return undefined;
    if (!endsToken(text, quoted.end + 1)) return undefined;
    return { name: quoted.value, end: quoted.end + 1 };
  }
  if (startsWithIndicator(text, col)) return undefined;
  let colon = text.indexOf(':', col);
  while (colon >= 0 && !endsToken(text, colon + 1)) colon = text.indexOf(':', colon + 1);
  if (colon < 0) return undefined;
  const name = text.slice(col, colon);
  if (name.length > MAX_KEY_LENGTH || name.endsWith(' ') || name.includes('\t')) {
    throw UNSUPPORTED;
  }
  if (name.includes(' #') || name === '<<' || typeof resolvePlain(name) !== 'string') {
    throw UNSUPPORTED;
  }
  return { name, end: colon + 1 };
}

function endsToken(text: string, at: number): boolean {
  return at >= text.length || text.charCodeAt(at) === SPACE;
}

/**
 * Characters that start something other than a plain scalar: flow, comment, anchor, alias,
 * tag, block scalar, quote, directive, reserved; `-`, `?` and `:` before a space; a tab.
 */
function startsWithIndicator(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code === DASH || code === 0x3f || code === COLON) return endsToken(text, at + 1);
  return '[]{},#&*!|>\'"%@`\t'.includes(text.charAt(at)) || Number.isNaN(code);
}

/**
 * The value after a key's `:` or an entry's `-` at column `at` of `row`. `indent` is the
 * column of the mapping's keys or the sequence's dashes that own the value.
 */
function parseValue(
  cursor: Cursor,
  row: number,
  at: number,
  indent: number,
  owner: 'key' | 'entry',
  depth: number,
): unknown {
  const text = line(cursor, row);
  let start = at;
  while (text.charCodeAt(start) === SPACE) start += 1;
  cursor.row = row + 1;
  if (start >= text.length || text.charCodeAt(start) === HASH) {
    return parseNested(cursor, indent, owner, depth);
  }
  if (owner === 'entry' && isEntry(text, start)) {
    return parseSequence(cursor, row, start, depth + 1);
  }
  if (owner === 'entry' && readKey(text, start) !== undefined) {
    return parseMapping(cursor, row, start, start, depth + 1);
  }
  const code = text.charCodeAt(start);
  if (code === 0x7c || code === 0x3e) return parseBlockScalar(cursor, text, start, indent);
  if (code === 0x5b) return parseFlowSequence(text, start);
  if (code === 0x7b) {
    if (!text.startsWith('{}', start) || !endsLine(text, start + 2)) throw UNSUPPORTED;
    return {};
  }
  if (code === 0x22 || code === 0x27) {
    const quoted = readQuoted(text, start);
    if (quoted === undefined) return parseLongQuoted(cursor, text.slice(start), indent);
    if (!endsLine(text, quoted.end)) throw UNSUPPORTED;
    return quoted.value;
  }
  if (startsWithIndicator(text, start)) throw UNSUPPORTED;
  return parsePlain(cursor, text.slice(start), indent);
}

/** After a scalar: only spaces, then the end of the line or a comment. */
function endsLine(text: string, at: number): boolean {
  let index = at;
  while (text.charCodeAt(index) === SPACE) index += 1;
  return index >= text.length || (index > at && text.charCodeAt(index) === HASH);
}

/** `[a, 'b', "c"]` on one line: scalars only, no empty or trailing entries. */
function parseFlowSequence(text: string, at: number): unknown[] {
  const items: unknown[] = [];
  let index = at + 1;
  while (text.charCodeAt(index) === SPACE) index += 1;
  if (text.charCodeAt(index) === 0x5d) {
    if (!endsLine(text, index + 1)) throw UNSUPPORTED;
    return items;
  }
  for (;;) {
    const code = text.charCodeAt(index);
    let end: number;
    if (code === 0x22 || code === 0x27) {
      const quoted = readQuoted(text, index);
      if (quoted === undefined) throw UNSUPPORTED;
      items.push(quoted.value);
      end = quoted.end;
    } else {
      if (startsWithIndicator(text, index) || code === 0x3f || code === COLON) throw UNSUPPORTED;
      // In a flow, `-` before a flow indicator is no plain scalar either (`[-]` is an error).
      if (code === DASH && ',[]{}'.includes(text.charAt(index + 1))) throw UNSUPPORTED;
      end = index;
      while (end < text.length && !',[]{}:#\t'.includes(text.charAt(end))) end += 1;
      items.push(resolvePlain(trimSpaces(text.slice(index, end))));
    }
    while (text.charCodeAt(end) === SPACE) end += 1;
    const next = text.charCodeAt(end);
    if (next === 0x5d) {
      if (!endsLine(text, end + 1)) throw UNSUPPORTED;
      return items;
    }
    if (next !== 0x2c) throw UNSUPPORTED;
    index = end + 1;
    while (text.charCodeAt(index) === SPACE) index += 1;
    if (text.charCodeAt(index) === 0x5d) throw UNSUPPORTED;
  }
}

/**
 * A quoted scalar that goes on over deeper lines (PyYAML folds long strings so). Its raw text
 * up to the closing quote is folded as the library folds it.
 */
function parseLongQuoted(cursor: Cursor, first: string, indent: number): string {
  if (first.includes('\t')) throw UNSUPPORTED;
  const double = first.charCodeAt(0) === 0x22;
  let raw = first;
  let escaped = false;
  for (let row = cursor.row; row < cursor.lines.length; row += 1) {
    const text = line(cursor, row);
    const start = indentOf(text);
    if (start < text.length && start <= indent) break;
    if (text.includes('\t')) break;
    raw += `\n${text}`;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (escaped) escaped = false;
      else if (double && code === 0x5c) escaped = true;
      else if (double && code === 0x22) return closeLongQuoted(cursor, row, raw, index, true);
      else if (!double && code === 0x27) {
        if (text.charCodeAt(index + 1) === 0x27) index += 1;
        else return closeLongQuoted(cursor, row, raw, index, false);
      }
    }
    escaped = false;
  }
  throw UNSUPPORTED;
}

function closeLongQuoted(
  cursor: Cursor,
  row: number,
  raw: string,
  close: number,
  double: boolean,
): string {
  const text = line(cursor, row);
  if (!endsLine(text, close + 1)) throw UNSUPPORTED;
  cursor.row = row + 1;
  const source = raw.slice(0, raw.length - text.length + close + 1);
  return double ? unfoldDouble(source) : unfoldSingle(source.slice(1, -1)).replace(/''/g, "'");
}

/** The library's folding of a multi-line single-quoted scalar (without its quotes). */
function unfoldSingle(inner: string): string {
  const lines = inner.split('\n');
  let out = trimSpaces(lines[0] ?? '');
  let separator = ' ';
  for (let index = 1; index < lines.length - 1; index += 1) {
    const part = trimSpaces((lines[index] ?? '').slice(indentOf(lines[index] ?? '')));
    if (part !== '') {
      out += separator + part;
      separator = ' ';
    } else if (separator === '\n') out += separator;
    else separator = '\n';
  }
  const last = lines[lines.length - 1] ?? '';
  return out + separator + last.slice(indentOf(last));
}

/** The library's reading of a multi-line double-quoted scalar (with its quotes). */
function unfoldDouble(source: string): string {
  let out = '';
  for (let index = 1; index < source.length - 1; index += 1) {
    const char = source.charAt(index);
    if (char === '\n') {
      let breaks = '';
      while (source.charAt(index + 1) === ' ' || source.charAt(index + 1) === '\n') {
        if (source.charAt(index + 1) === '\n') breaks += '\n';
        index += 1;
      }
      out += breaks === '' ? ' ' : breaks;
    } else if (char === '\\') {
      const escape = source.charAt(index + 1);
      index += 1;
      if (escape === '\n') {
        while (source.charAt(index + 1) === ' ') index += 1;
        continue;
      }
      const length = HEX_LENGTH[escape];
      if (length !== undefined) {
        out += codePoint(source.slice(index + 1, index + 1 + length), length);
        index += length;
        continue;
      }
      const replacement = ESCAPES[escape];
      if (replacement === undefined) throw UNSUPPORTED;
      out += replacement;
    } else if (char === ' ') {
      let end = index;
      while (source.charAt(end + 1) === ' ') end += 1;
      if (source.charAt(end + 1) !== '\n') out += source.slice(index, end + 1);
      index = end;
    } else {
      out += char;
    }
  }
  return out;
}

/** A value on the following lines: a deeper block, a sequence beside its key, or null. */
function parseNested(cursor: Cursor, indent: number, owner: 'key' | 'entry', depth: number) {
  const row = nextContent(cursor);
  if (row < 0) return null;
  const text = line(cursor, row);
  const next = indentOf(text);
  if (next > indent) return parseBlock(cursor, row, next, depth + 1);
  if (next === indent && owner === 'key' && isEntry(text, indent)) {
    return parseSequence(cursor, row, indent, depth + 1);
  }
  return null;
}

/** A plain scalar starting with `first`, folded over deeper lines that continue it. */
function parsePlain(cursor: Cursor, first: string, indent: number): unknown {
  const comment = first.indexOf(' #');
  const head = trimSpaces(comment >= 0 ? first.slice(0, comment) : first);
  checkPlainText(head);
  let value = head;
  let blank = 0;
  for (let row = cursor.row; row < cursor.lines.length; row += 1) {
    const text = line(cursor, row);
    const start = indentOf(text);
    if (start === text.length) {
      blank += 1;
      continue;
    }
    if (start <= indent) break;
    // A deeper line after a comment, or one that is a comment, breaks the scalar: an error.
    if (comment >= 0 || startsWithIndicator(text, start)) throw UNSUPPORTED;
    const part = trimSpaces(text.slice(start));
    checkPlainText(part);
    if (part.includes(' #')) throw UNSUPPORTED;
    value += blank > 0 ? '\n'.repeat(blank) : ' ';
    value += part;
    blank = 0;
    cursor.row = row + 1;
  }
  return resolvePlain(value);
}

/** Without trailing spaces (YAML trims spaces and tabs only, not other white space). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (text.charCodeAt(end - 1) === SPACE) end -= 1;
  return text.slice(0, end);
}

/** Plain text that would be a nested key, or holds tabs, is left to the library. */
function checkPlainText(text: string): void {
  if (text.includes(': ') || text.endsWith(':') || text.includes('\t')) throw UNSUPPORTED;
}

/** `|` or `>` with optional `-` (strip) or `+` (keep), then lines deeper than `indent`. */
function parseBlockScalar(cursor: Cursor, header: string, at: number, indent: number): string {
  const folded = header.charCodeAt(at) === 0x3e;
  const chomp = header.charAt(at + 1);
  const strip = chomp === '-';
  const keep = chomp === '+';
  if (header.length !== at + (strip || keep ? 2 : 1)) throw UNSUPPORTED;
  const first = line(cursor, cursor.row);
  const contentIndent = indentOf(first);
  if (cursor.row >= cursor.lines.length || contentIndent <= indent) throw UNSUPPORTED;
  if (contentIndent === first.length) throw UNSUPPORTED;
  const parts: string[] = [];
  const begin = cursor.row;
  let row = begin;
  let last = begin;
  for (; row < cursor.lines.length; row += 1) {
    const text = line(cursor, row);
    const start = indentOf(text);
    if (start === text.length) {
      if (start > contentIndent) throw UNSUPPORTED;
      parts.push('');
      continue;
    }
    if (start < contentIndent) break;
    parts.push(text.slice(contentIndent));
    last = row;
  }
  cursor.row = row;
  // Rows after the last content row that end in a line break (the text's end has none).
  const breaks = Math.min(row, cursor.lines.length - 1) - last;
  parts.length = last - begin + 1;
  const body = folded ? fold(parts) : parts.join('\n');
  // At the text's very end without a break, YAML 1.2 keeps none, but the library adds one when
  // clipping or keeping: left to it.
  if (strip) return body;
  if (breaks === 0) throw UNSUPPORTED;
  return body + '\n'.repeat(keep ? breaks : 1);
}

/** Folding without more-indented lines: a single break is a space, n empty lines are n breaks. */
function fold(parts: readonly string[]): string {
  let out = '';
  let blank = 0;
  parts.forEach((part, index) => {
    if (part === '') {
      blank += 1;
      return;
    }
    const lead = part.charCodeAt(0);
    if (lead === SPACE || lead === 9) throw UNSUPPORTED;
    if (index > 0) out += blank > 0 ? '\n'.repeat(blank) : ' ';
    out += part;
    blank = 0;
  });
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A quoted scalar closed on the same line; undefined if it goes on. */
function readQuoted(text: string, at: number): { value: string; end: number } | undefined {
  return text.charCodeAt(at) === 0x27 ? readSingleQuoted(text, at) : readDoubleQuoted(text, at);
}

function readSingleQuoted(text: string, at: number) {
  let value = '';
  for (let from = at + 1; ;) {
    const close = text.indexOf("'", from);
    if (close < 0) return undefined;
    if (text.charCodeAt(close + 1) === 0x27) {
      value += text.slice(from, close + 1);
      from = close + 2;
      continue;
    }
    return { value: value + text.slice(from, close), end: close + 1 };
  }
}

function readDoubleQuoted(text: string, at: number) {
  let value = '';
  let from = at + 1;
  for (let index = from; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return { value: value + text.slice(from, index), end: index + 1 };
    if (code !== 0x5c) continue;
    value += text.slice(from, index);
    const escape = text.charAt(index + 1);
    const length = HEX_LENGTH[escape];
    if (length !== undefined) {
      value += codePoint(text.slice(index + 2, index + 2 + length), length);
      index += 1 + length;
    } else {
      const replacement = ESCAPES[escape];
      if (replacement === undefined) throw UNSUPPORTED;
      value += replacement;
      index += 1;
    }
    from = index + 1;
  }
  return undefined;
}

function codePoint(hex: string, length: number): string {
  if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSUPPORTED;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) throw UNSUPPORTED;
  return String.fromCodePoint(code);
}

// The YAML 1.2 core schema's scalar tags, tested in the library's order.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the core schema: null, boolean, number or the text itself. */
export function resolvePlain(text: string): unknown {
  // Every non-string form starts with one of `~ n N t T f F 0-9 + - .`; most text does not.
  if (!/^[~nNtTfF0-9+\-.]/.test(text)) return text === '' ? null : text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}
