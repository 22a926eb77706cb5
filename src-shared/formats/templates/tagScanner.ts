// Splits a Jinja2 or Nunjucks template into literal text and tags, keeping what their parsers'
// trees drop: line numbers, whitespace-control markers (`{%-`, `-%}`) and comments.
import { AppError } from '../../errors';

/** One tag of a Jinja-like template. */
export interface JinjaTag {
  kind: 'output' | 'statement' | 'comment';
  /** The text between the delimiters and their `-`/`+` markers, trimmed. */
  inner: string;
  /** 1-based line of the tag's opening delimiter. */
  line: number;
  /** `{{-` / `{%-`: strip the whitespace before. */
  trimBefore: boolean;
  /** `-}}` / `-%}`: strip the whitespace after. */
  trimAfter: boolean;
}

/** A template as alternating pieces: `text[i]` stands before `tags[i]`; one more text at the end. */
export interface ScannedTemplate {
  texts: string[];
  tags: JinjaTag[];
}

const CLOSERS = { '{{': '}}', '{%': '%}', '{#': '#}' } as const;
const RAW_OPEN = /^\{%-?\s*raw\s*-?%\}/;
const RAW_CLOSE = /\{%-?\s*endraw\s*-?%\}/;

/**
 * Scans `source` into texts and tags. A `{% raw %}…{% endraw %}` block is kept as literal text
 * (its markers dropped). Unclosed tags are AppError('invalid_input') with their line; `where`
 * names the template in messages.
 */
export function scanJinjaTags(source: string, where: string): ScannedTemplate {
  const texts: string[] = [];
  const tags: JinjaTag[] = [];
  let text = '';
  let at = 0;
  while (at < source.length) {
    const open = nextOpener(source, at);
    if (open < 0) {
      text += source.slice(at);
      break;
    }
    text += source.slice(at, open);
    const line = lineAt(source, open);
    const rest = source.slice(open);
    if (RAW_OPEN.test(rest)) {
      const start = open + (RAW_OPEN.exec(rest)?.[0].length ?? 0);
      const close = RAW_CLOSE.exec(source.slice(start));
      if (close === null) throw unclosed(where, 'a {% raw %} block', line);
      text += source.slice(start, start + close.index);
      at = start + close.index + close[0].length;
      continue;
    }
    const opener = source.slice(open, open + 2) as keyof typeof CLOSERS;
    const end = findCloser(source, open + 2, CLOSERS[opener], opener !== '{#');
    if (end < 0) throw unclosed(where, `a tag opened with ${opener}`, line);
    let inner = source.slice(open + 2, end);
    const trimBefore = inner.startsWith('-');
    const trimAfter = inner.endsWith('-');
    if (/^[-+]/.test(inner)) inner = inner.slice(1);
    if (/[-+]$/.test(inner)) inner = inner.slice(0, -1);
    texts.push(text);
    text = '';
    tags.push({
      kind: opener === '{{' ? 'output' : opener === '{%' ? 'statement' : 'comment',
      inner: opener === '{#' ? inner : inner.trim(),
      line,
      trimBefore,
      trimAfter,
    });
    at = end + 2;
  }
  texts.push(text);
  return { texts, tags };
}

function nextOpener(source: string, from: number): number {
  const found = [
    source.indexOf('{{', from),
    source.indexOf('{%', from),
    source.indexOf('{#', from),
  ];
  const present = found.filter((index) => index >= 0);
  return present.length === 0 ? -1 : Math.min(...present);
}

/** Finds the closing delimiter, skipping quoted strings inside expressions. */
function findCloser(source: string, from: number, closer: string, quotes: boolean): number {
  let quote: string | null = null;
  for (let index = from; index < source.length; index += 1) {
    const char = source[index];
    if (quote !== null) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = null;
      continue;
    }
    if (quotes && (char === '"' || char === "'")) quote = char;
    else if (source.startsWith(closer, index)) return index;
  }
  return -1;
}

/** The 1-based line of an offset. */
export function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let index = source.indexOf('\n'); index >= 0 && index < offset;) {
    line += 1;
    index = source.indexOf('\n', index + 1);
  }
  return line;
}

function unclosed(where: string, what: string, line: number): AppError {
  return new AppError('invalid_input', `${where}: ${what} is never closed (line ${line})`, {
    line,
  });
}
