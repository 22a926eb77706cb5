// Turns a Handlebars template into a self-contained mustache template for LangChain's
// `template_format: "mustache"`: partials inlined, #if/#each/#unless/#with mapped to sections.
import { parseWithoutProcessing } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { AppError } from '../errors';
import { BUILTIN_HELPER_NAMES } from '../template/helperDocs';
import { parseTemplate } from '../template/parse';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Path = hbs.AST.PathExpression;
type Strip = hbs.AST.StripFlags | undefined;

/** A piece of output: literal text, a tag, or a decision left for the layout pass. */
type Token =
  | { kind: 'text'; text: string }
  | { kind: 'tag'; text: string; trimBefore: boolean; trimAfter: boolean }
  | { kind: 'else'; close: string; open: string; trimBefore: boolean; trimAfter: boolean }
  | { kind: 'partial'; tokens: Token[]; trimBefore: boolean; trimAfter: boolean };

interface Scope {
  /** Library and prompt partials, prompt ones already winning. */
  partials: Readonly<Record<string, string>>;
  /** Where we are, for error messages: "prompt 'x', message 2" or "partial 'p'". */
  where: string;
  /** Partials being inlined, to stop a partial that includes itself. */
  stack: readonly string[];
  /** Write variables as `{{x}}` rather than `{{{x}}}` (for renderers that never escape). */
  double?: boolean;
}

/** How variables are written: `{{{x}}}` (default, for escaping renderers) or `{{x}}`. */
export interface MustacheOptions {
  variables?: 'triple' | 'double';
}

const MAX_PARTIAL_DEPTH = 16;
const SECTION_HELPERS: Readonly<Record<string, 'section' | 'inverted'>> = {
  if: 'section',
  each: 'section',
  with: 'section',
  unless: 'inverted',
};

/**
 * Converts a Handlebars template to mustache text that renders the same for plain data.
 * Variables become triple mustaches (`{{{x}}}`) because LangChain's Python mustache renderer
 * HTML-escapes `{{x}}`, while our prompts are never escaped. Constructs without a mustache
 * equivalent (helpers, `@index`, `../`, block params, partial arguments, `else if` chains) are
 * rejected with AppError('export_rule') naming the construct and its line. Two differences are
 * inherent to mustache sections: `{{#if xs}}` over a non-empty list repeats once per item, and
 * `{{#each obj}}` over an object renders once with the object as its context.
 */
export function toMustache(
  source: string,
  partials: Readonly<Record<string, string>>,
  where: string,
  options: MustacheOptions = {},
): string {
  const double = options.variables === 'double';
  return layout(convertSource(source, { partials, where, stack: [], double }));
}

/**
 * Makes text literal in mustache: text containing `{{` is wrapped in a set-delimiter pair
 * so no tag inside it is interpreted.
 */
export function mustacheLiteral(text: string): string {
  if (!text.includes('{{')) return text;
  const [open, close] = freeDelimiters(text);
  return `{{=${open} ${close}=}}${text}${open}={{ }}=${close}`;
}

function freeDelimiters(text: string): [string, string] {
  for (const pair of [
    ['<%', '%>'],
    ['[[', ']]'],
    ['<<', '>>'],
    ['(%', '%)'],
  ] as const) {
    if (!text.includes(pair[0]) && !text.includes(pair[1])) return [pair[0], pair[1]];
  }
  for (let n = 0; ; n += 1) {
    const open = `<${n}<`;
    const close = `>${n}>`;
    if (!text.includes(open) && !text.includes(close)) return [open, close];
  }
}

function convertSource(source: string, scope: Scope, partial?: string): Token[] {
  // The shared parser gives malformed templates the same template_syntax error as rendering;
  // the unprocessed tree then keeps the source's own lines, which mustache lays out the same way.
  parseTemplate(source, partial);
  return convertProgram(parseWithoutProcessing(source), scope);
}

function convertProgram(program: Program | undefined, scope: Scope): Token[] {
  const tokens: Token[] = [];
  for (const node of program?.body ?? []) tokens.push(...convertNode(node, scope));
  return tokens;
}

function convertNode(node: Node, scope: Scope): Token[] {
  switch (node.type) {
    case 'ContentStatement':
      return [{ kind: 'text', text: (node as hbs.AST.ContentStatement).value }];
    case 'CommentStatement': {
      const comment = node as hbs.AST.CommentStatement;
      // `}}` would end a mustache comment early; the comment's words matter, not its braces.
      return [tag(`{{!${comment.value.replaceAll('}}', '} }')}}}`, comment.strip)];
    }
    case 'MustacheStatement':
      return [convertMustache(node as hbs.AST.MustacheStatement, scope)];
    case 'BlockStatement':
      return convertBlock(node as hbs.AST.BlockStatement, scope);
    case 'PartialStatement':
      return [convertPartial(node as hbs.AST.PartialStatement, scope)];
    default:
      throw reject(scope, node, describeNode(node));
  }
}

function convertMustache(node: hbs.AST.MustacheStatement, scope: Scope): Token {
  if (
    node.path.type !== 'PathExpression' ||
    node.params.length > 0 ||
    node.hash !== undefined ||
    BUILTIN_HELPER_NAMES.has((node.path as Path).original)
  ) {
    throw reject(scope, node, `the helper call {{${describePath(node.path)} …}}`);
  }
  const name = mustacheName(node.path as Path, scope);
  return tag(scope.double === true ? `{{${name}}}` : `{{{${name}}}}`, node.strip);
}

function convertBlock(node: hbs.AST.BlockStatement, scope: Scope): Token[] {
  const helper = node.path.original;
  let name: string;
  let kind: 'section' | 'inverted';
  if (node.params.length === 0 && node.hash === undefined) {
    // A plain `{{#x}}` / `{{^x}}` section already means the same thing in mustache.
    name = mustacheName(node.path, scope);
    kind = node.program === undefined ? 'inverted' : 'section';
  } else {
    const mapped = SECTION_HELPERS[helper];
    const param = node.params[0];
    if (
      mapped === undefined ||
      node.params.length !== 1 ||
      node.hash !== undefined ||
      param?.type !== 'PathExpression'
    ) {
      throw reject(scope, node, `the block helper {{#${helper} …}}`);
    }
    name = mustacheName(param as Path, scope);
    kind = mapped;
  }
  const body = kind === 'section' ? node.program : node.inverse;
  const otherwise = kind === 'section' ? node.inverse : node.program;
  if ((body?.blockParams?.length ?? 0) > 0) {
    throw reject(scope, node, `block parameters (as |…|) on {{#${helper}}}`);
  }
  if (otherwise !== undefined && (otherwise as { chained?: boolean }).chained === true) {
    throw reject(scope, node, `an {{else ${helper === 'if' ? 'if' : '…'} …}} chain`);
  }
  const opener = kind === 'section' ? '#' : '^';
  const tokens: Token[] = [
    tag(`{{${opener}${name}}}`, node.openStrip),
    ...convertProgram(body, scope),
  ];
  if (otherwise !== undefined && body !== undefined) {
    const strip = node.inverseStrip;
    tokens.push({
      kind: 'else',
      close: `{{/${name}}}`,
      open: `{{${opener === '#' ? '^' : '#'}${name}}}`,
      trimBefore: strip?.open ?? false,
      trimAfter: strip?.close ?? false,
    });
  }
  tokens.push(...convertProgram(otherwise, scope), tag(`{{/${name}}}`, node.closeStrip));
  return tokens;
}

function convertPartial(node: hbs.AST.PartialStatement, scope: Scope): Token {
  if (node.name.type !== 'PathExpression') throw reject(scope, node, 'a dynamic partial {{> (…)}}');
  const name = (node.name as Path).original;
  if (node.params.length > 0 || node.hash !== undefined) {
    throw reject(scope, node, `arguments to the partial {{> ${name}}}`);
  }
  if (!Object.hasOwn(scope.partials, name)) {
    throw new AppError('not_found', `Partial '${name}' used in ${scope.where} is not defined`, {
      partial: name,
      where: scope.where,
      line: node.loc.start.line,
    });
  }
  if (scope.stack.includes(name) || scope.stack.length >= MAX_PARTIAL_DEPTH) {
    throw reject(scope, node, `the partial '${name}', which includes itself`);
  }
  const tokens = convertSource(
    scope.partials[name] ?? '',
    { ...scope, where: `partial '${name}'`, stack: [...scope.stack, name] },
    name,
  );
  return {
    kind: 'partial',
    tokens,
    trimBefore: node.strip?.open ?? false,
    trimAfter: node.strip?.close ?? false,
  };
}

function mustacheName(path: Path, scope: Scope): string {
  if (path.data) throw reject(scope, path, `the data variable {{${path.original}}}`);
  if (path.depth > 0) throw reject(scope, path, `the parent reference {{${path.original}}}`);
  if (path.parts.length === 0) return '.';
  const name = path.parts.join('.');
  // Mustache splits names on dots and whitespace, and a leading sigil changes the tag's kind.
  if (path.parts.some((part) => /[\s.{}]/.test(part) || part === '') || /^[!#^/>&=]/.test(name)) {
    throw reject(scope, path, `the path {{${path.original}}}`);
  }
  return name;
}

function tag(text: string, strip: Strip): Token {
  return { kind: 'tag', text, trimBefore: strip?.open ?? false, trimAfter: strip?.close ?? false };
}

function reject(scope: Scope, node: Node, construct: string): AppError {
  const line = node.loc?.start.line ?? null;
  return new AppError(
    'export_rule',
    `LangChain mustache export cannot express ${construct} (${scope.where}, line ${line ?? '?'})`,
    { rule: 'mustache', construct, where: scope.where, line },
  );
}

function describeNode(node: Node): string {
  if (node.type === 'DecoratorBlock' || node.type === 'Decorator') return 'a decorator';
  if (node.type === 'PartialBlockStatement') return 'a partial block {{#> …}}';
  return `a ${node.type}`;
}

function describePath(path: hbs.AST.PathExpression | hbs.AST.Literal): string {
  return path.type === 'PathExpression' ? (path as Path).original : String(path.type);
}

/**
 * Second pass over one template's tokens: applies `~` whitespace control, places `{{else}}`
 * replacements and inlines partials with Handlebars' standalone-line rules (a partial alone on
 * its line takes the line's indent on each of its lines, and the line itself disappears).
 * Each partial is laid out on its own first, as Handlebars compiles it as its own template.
 */
function layout(tokens: Token[]): string {
  const list = tokens.map((token) => ({ ...token }));
  applyTrims(list);
  let out = '';
  list.forEach((token, index) => {
    if (token.kind === 'text' || token.kind === 'tag') {
      out += token.kind === 'text' ? mustacheLiteral(token.text) : token.text;
      return;
    }
    const standalone = lineIsBlank(out) && restIsBlank(list, index + 1);
    if (token.kind === 'else') {
      // A lone `{{else}}` line vanishes in Handlebars; two tags sharing a line are not
      // standalone in mustache, so each gets its own line to keep the output identical.
      out += standalone
        ? `${token.close}\n${indentOf(out)}${token.open}`
        : `${token.close}${token.open}`;
      return;
    }
    const inner = layout(token.tokens);
    if (!standalone) {
      out += inner;
      return;
    }
    const indent = indentOf(out);
    out = out.slice(0, out.length - indent.length) + inner.replace(/^(?=.)|(?<=\n)(?=.)/gs, indent);
    const next = list[index + 1];
    if (next?.kind === 'text') next.text = next.text.replace(/^[ \t]*(\r?\n)?/, '');
  });
  return out;
}

function applyTrims(tokens: Token[]): void {
  tokens.forEach((token, index) => {
    if (token.kind === 'text') return;
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    if (token.trimBefore && before?.kind === 'text') before.text = before.text.trimEnd();
    if (token.trimAfter && after?.kind === 'text') after.text = after.text.trimStart();
  });
}

/** True when only spaces or tabs stand between the last line break (or the start) and here. */
function lineIsBlank(out: string): boolean {
  return /(?:^|\n)[ \t]*$/.test(out);
}

/** True when the rest of the line after `from` is blank (the end of the template counts). */
function restIsBlank(tokens: Token[], from: number): boolean {
  let rest = '';
  for (const token of tokens.slice(from)) {
    if (token.kind !== 'text') return /^[ \t]*\r?\n/.test(rest);
    rest += token.text;
    if (rest.includes('\n')) break;
  }
  return /^[ \t]*(\r?\n|$)/.test(rest);
}

function indentOf(out: string): string {
  return /(?:^|\n)([ \t]*)$/.exec(out)?.[1] ?? '';
}
