// Safe YAML reading for untrusted files: bounded size, aliases and depth; no custom tags.
import {
  Composer,
  LineCounter,
  Parser,
  YAMLParseError,
  isCollection,
  isMap,
  isPair,
  isScalar,
  type CST,
  type Document,
  type YAMLError,
} from 'yaml';
import { AppError } from '../errors';
import { parseSimpleYaml } from './simpleYaml';

/** Largest YAML text accepted, in UTF-8 bytes. */
export const MAX_YAML_BYTES = 2 * 1024 * 1024;
/** Most alias expansions a document may use (the `yaml` library's own accounting). */
export const MAX_YAML_ALIASES = 100;
/** Deepest nesting of mappings and lists accepted. */
export const MAX_YAML_DEPTH = 64;
/** Most values a document may expand to once aliases are resolved. */
const MAX_YAML_VALUES = 1_000_000;
/**
 * Most structural characters (newlines, commas, brackets, `-`, `:`, `?`) a file may hold: the
 * `yaml` library spends roughly 10–20 µs per node, so this bounds parse time to a few seconds.
 */
export const MAX_YAML_SEPARATORS = 100_000;

// The YAML 1.2 core schema's tags; anything else (!!python/object, !!binary, !foo) is refused.
const ALLOWED_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

interface Position {
  line: number;
  column: number;
}

/**
 * Parses one YAML document safely (YAML 1.2 core schema, so `1.0.0` stays a string and there
 * are no timestamps). Every failure is AppError('invalid_input', "<file>: <problem> (line L,
 * column C)", { file, line?, column? }). An empty document gives null.
 */
export function parseYaml(text: string, file: string): unknown {
  checkInput(text, file);
  // Most library files are plain block YAML, which a reader of that subset takes in a tenth
  // of the library's time; it declines anything else, and the library reads that (and words
  // every error).
  const simple = parseSimpleYaml(text);
  return simple === undefined ? parseWithLibrary(text, file) : simple;
}

/** parseYaml without the fast reader: what the fast reader's answers must equal. */
export function parseYamlWithLibrary(text: string, file: string): unknown {
  checkInput(text, file);
  return parseWithLibrary(text, file);
}

function checkInput(text: string, file: string): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes and at most one separator: short texts need no count.
  const bytes = text.length * 3 <= MAX_YAML_BYTES ? 0 : utf8Length(text);
  if (bytes > MAX_YAML_BYTES) {
    fail(file, `file is too large (${bytes} bytes; the limit is ${MAX_YAML_BYTES} bytes)`);
  }
  checkText(text, file);
  if (text.length > MAX_YAML_SEPARATORS) checkSeparators(text, file);
}

function parseWithLibrary(text: string, file: string): unknown {
  // The library builds its tree recursively; deep input must be refused before that step, since
  // a stack overflow there can take V8 down (a regexp compiled near the stack limit aborts).
  // One pass of the library's parser feeds both the depth check and the composer: parsing the
  // text twice (once to measure, once to build) was a third of an import's YAML time.
  const lineCounter = new LineCounter();
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  } catch (error) {
    fail(file, describeThrown(error));
  }
  checkSyntaxDepth(tokens, lineCounter, file);
  const doc = composeOne(tokens, text.length, file);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined)
    fail(file, describeYamlError(problem), positionOf(problem, lineCounter));
  checkTree(doc, lineCounter, file);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    fail(file, describeThrown(error));
  }
  checkExpanded(value, file);
  return value;
}

function fail(file: string, problem: string, at?: Position): never {
  const where = at === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
  const details: Record<string, unknown> = { file };
  if (at !== undefined) {
    details.line = at.line;
    details.column = at.column;
  }
  throw new AppError('invalid_input', `${file}: ${problem}${where}`, details);
}

/** UTF-8 length without TextEncoder (not available to src-shared's type set). */
function utf8Length(text: string): number {
  if (text.length > MAX_YAML_BYTES) return Math.max(text.length, MAX_YAML_BYTES + 1);
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Binary files and bad encodings show up as NUL bytes or U+FFFD after decoding. */
function checkText(text: string, file: string): void {
  const nul = text.indexOf('\u0000');
  const replacement = text.indexOf('\uFFFD');
  const first = [nul, replacement].filter((index) => index >= 0).sort((a, b) => a - b)[0];
  if (first === undefined) return;
  const problem =
    first === nul
      ? 'file looks binary: it contains a NUL byte'
      : 'file is not valid UTF-8 text: it contains a replacement character (U+FFFD)';
  fail(file, problem, positionInText(text, first));
}

function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index >= 0 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function checkSeparators(text: string, file: string): void {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // \n , - : ? [ {
    if (
      code === 10 ||
      code === 44 ||
      code === 45 ||
      code === 58 ||
      code === 63 ||
      code === 91 ||
      code === 123
    ) {
      count += 1;
    }
  }
  if (count > MAX_YAML_SEPARATORS) {
    fail(
      file,
      `file holds too many values to read safely (over ${MAX_YAML_SEPARATORS} separators); split it into smaller files`,
    );
  }
}

/** Builds the one document from parsed tokens; a second document is an error, as in parseDocument. */
function composeOne(tokens: readonly CST.Token[], length: number, file: string): Document.Parsed {
  const composer = new Composer({
    version: '1.2',
    schema: 'core',
    customTags: [],
    merge: false,
    // Checked in checkTree with a Set: the library's own check is quadratic in the key count.
    uniqueKeys: false,
    strict: true,
  });
  let doc: Document.Parsed | undefined;
  try {
    for (const next of composer.compose(tokens, true, length)) {
      if (doc === undefined) {
        doc = next;
        continue;
      }
      const [start, end] = next.range;
      doc.errors.push(new YAMLParseError([start, end], 'MULTIPLE_DOCS', 'more than one document'));
      break;
    }
  } catch (error) {
    fail(file, describeThrown(error));
  }
  if (doc === undefined) fail(file, 'invalid YAML: no document');
  return doc;
}

/** Measures collection nesting on the library's concrete syntax tree, which it builds iteratively. */
function checkSyntaxDepth(
  roots: readonly CST.Token[],
  lineCounter: LineCounter,
  file: string,
): void {
  type Entry = { token: CST.Token | undefined; depth: number };
  for (const root of roots) {
    const stack: Entry[] = [{ token: root, depth: 0 }];
    while (stack.length > 0) {
      const next = stack.pop();
      if (next?.token === undefined) continue;
      const { token, depth } = next;
      if (token.type === 'document') {
        stack.push({ token: token.value, depth });
        continue;
      }
      if (
        token.type !== 'block-map' &&
        token.type !== 'block-seq' &&
        token.type !== 'flow-collection'
      ) {
        continue;
      }
      if (depth >= MAX_YAML_DEPTH) {
        const pos = lineCounter.linePos(token.offset);
        fail(file, tooDeep(), { line: pos.line, column: pos.col });
      }
      for (const item of token.items) {
        if ('key' in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
}

function tooDeep(): string {
  return `document is nested too deeply (the limit is ${MAX_YAML_DEPTH} levels)`;
}

function positionOf(error: YAMLError, lineCounter: LineCounter): Position | undefined {
  const offset = error.pos[0];
  if (offset < 0) return undefined;
  const start = lineCounter.linePos(offset);
  return { line: start.line, column: start.col };
}

function describeYamlError(error: YAMLError): string {
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return 'duplicate key: each key may appear only once in a mapping';
    case 'RESOURCE_EXHAUSTION':
      return tooDeep();
    case 'MULTIPLE_DOCS':
      return 'file holds more than one YAML document (only one is allowed)';
    case 'TAG_RESOLVE_FAILED': {
      const tag = /Unresolved tag: (\S+)/.exec(error.message)?.[1];
      return `custom YAML tags are not allowed${tag === undefined ? '' : ` (${tag})`}`;
    }
    default: {
      const firstLine = error.message.split('\n')[0] ?? error.message;
      return `invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
    }
  }
}

function describeThrown(error: unknown): string {
  if (error instanceof RangeError) return tooDeep();
  if (error instanceof ReferenceError && /alias/i.test(error.message)) {
    return `document uses too many aliases (the limit is ${MAX_YAML_ALIASES})`;
  }
  return 'YAML could not be read';
}

/** Walks the parsed tree without recursion: tags, duplicate and dangerous keys, with positions. */
function checkTree(doc: Document.Parsed, lineCounter: LineCounter, file: string): void {
  const at = (node: unknown): Position | undefined => {
    const range = (node as { range?: readonly number[] | null }).range;
    const offset = range?.[0];
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      const key = node.key;
      if (key !== null && !isScalar(key)) {
        fail(file, 'mapping keys must be plain values, not lists or mappings', at(key));
      }
      if (isScalar(key) && String(key.value) === '__proto__') {
        fail(file, "the key '__proto__' is not allowed", at(key));
      }
      stack.push(key, node.value);
      continue;
    }
    if (!isScalar(node) && !isCollection(node)) continue; // aliases and empty values
    if (node.tag !== undefined && !ALLOWED_TAGS.has(node.tag)) {
      fail(file, `custom YAML tags are not allowed (${node.tag})`, at(node));
    }
    if (isMap(node)) checkUniqueKeys(node.items, file, at);
    if (isCollection(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

function checkUniqueKeys(
  pairs: readonly unknown[],
  file: string,
  at: (node: unknown) => Position | undefined,
): void {
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (!isPair(pair)) continue;
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (seen.has(key)) {
      fail(file, 'duplicate key: each key may appear only once in a mapping', at(pair.key));
    }
    seen.add(key);
  }
}

/** Aliases can deepen or multiply a document after parsing; check the final value too. */
function checkExpanded(value: unknown, file: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    if (typeof next.value !== 'object' || next.value === null) continue;
    count += 1;
    if (count > MAX_YAML_VALUES) fail(file, 'document expands to too many values through aliases');
    if (next.depth >= MAX_YAML_DEPTH) {
      fail(
        file,
        `document is nested too deeply through aliases (the limit is ${MAX_YAML_DEPTH} levels)`,
      );
    }
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) stack.push({ value: child, depth: next.depth + 1 });
  }
}
