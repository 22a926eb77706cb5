// Handlebars to Jinja2 (Prompty) or Nunjucks (promptfoo): variables, our text helpers as filters,
// if/unless/else-if chains, each loops and comments; anything else is refused with its line.
import { parseWithoutProcessing } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { AppError } from '../../errors';
import { parseTemplate } from '../../template/parse';
import type { JinjaDialect } from './jinjaDialects';
import { Unmappable } from './templateExpression';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Path = hbs.AST.PathExpression;
type Expression = hbs.AST.Expression;

/** One context a Handlebars block opened: the Jinja name of `this` there and its block params. */
interface Frame {
  self: string | null;
  params: readonly string[];
}

const DATA_VARIABLES: Readonly<Record<string, string>> = {
  index: 'loop.index0',
  first: 'loop.first',
  last: 'loop.last',
};

const OPERATORS: Readonly<Record<string, string>> = { eq: '==', ne: '!=', gt: '>', lt: '<' };
const FILTERS = new Set(['upper', 'lower', 'trim', 'length']);

/**
 * Converts Handlebars to a Jinja-like template that renders the same for plain data. Text is
 * kept as written (text holding `{{`, `{%` or `{#` goes into a raw block), `~` becomes `-`.
 * Throws AppError('export_rule') naming the construct and its line; `format` and `where` name
 * the export and the template in messages.
 */
export function handlebarsToJinjaLike(
  source: string,
  dialect: JinjaDialect,
  format: string,
  where: string,
): string {
  parseTemplate(source);
  const converter = new Converter(dialect, format, where);
  return converter.program(parseWithoutProcessing(source), [{ self: null, params: [] }]);
}

class Converter {
  private loops = 0;

  constructor(
    private readonly dialect: JinjaDialect,
    private readonly format: string,
    private readonly where: string,
  ) {}

  program(program: Program | undefined, frames: Frame[]): string {
    return (program?.body ?? []).map((node) => this.node(node, frames)).join('');
  }

  private node(node: Node, frames: Frame[]): string {
    try {
      switch (node.type) {
        case 'ContentStatement':
          return literal((node as hbs.AST.ContentStatement).value);
        case 'CommentStatement': {
          const comment = node as hbs.AST.CommentStatement;
          if (comment.value.includes('#}')) throw new Unmappable('a comment holding #}');
          return tag('{#', comment.value, '#}', comment.strip);
        }
        case 'MustacheStatement':
          return this.mustache(node as hbs.AST.MustacheStatement, frames);
        case 'BlockStatement':
          return this.block(node as hbs.AST.BlockStatement, frames);
        case 'PartialStatement':
        case 'PartialBlockStatement':
          throw new Unmappable('a partial {{> …}}');
        default:
          throw new Unmappable(`a ${node.type}`);
      }
    } catch (error) {
      if (error instanceof Unmappable) throw this.refuse(node, error.construct);
      throw error;
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, frames: Frame[]): string {
    // `{{{x}}}` prints like `{{x}}`: our templates are never HTML-escaped.
    const expr = this.call(node.path, node.params, node.hash, frames);
    return tag('{{', ` ${expr} `, '}}', node.strip);
  }

  private block(node: hbs.AST.BlockStatement, frames: Frame[]): string {
    const helper = node.path.type === 'PathExpression' ? (node.path as Path).original : '';
    if (helper === 'raw' && node.params.length === 0) {
      return literal(this.rawText(node.program));
    }
    if (node.hash !== undefined) throw new Unmappable(`options on {{#${helper}}}`);
    if (helper === 'if' || helper === 'unless') return this.ifBlock(node, frames, 'if');
    if (helper === 'each') return this.eachBlock(node, frames);
    throw new Unmappable(`the block {{#${helper || '…'}}}`);
  }

  private ifBlock(node: hbs.AST.BlockStatement, frames: Frame[], keyword: 'if' | 'elif'): string {
    const helper = (node.path as Path).original;
    const [param, ...more] = node.params;
    if (param === undefined || more.length > 0)
      throw new Unmappable(`{{#${helper}}} with ${node.params.length} arguments`);
    if ((node.program.blockParams?.length ?? 0) > 0)
      throw new Unmappable(`block parameters on {{#${helper}}}`);
    let test = this.argument(param, frames, helper === 'unless');
    if (helper === 'unless') test = `not ${test}`;
    let out = tag('{%', ` ${keyword} ${test} `, '%}', node.openStrip);
    out += this.program(node.program, frames);
    const inverse = node.inverse;
    if (inverse !== undefined) {
      const chained = (inverse as { chained?: boolean }).chained === true;
      const next = inverse.body[0];
      if (chained && next?.type === 'BlockStatement') {
        const nested = next as hbs.AST.BlockStatement;
        const nestedHelper = (nested.path as Path).original;
        if (nestedHelper !== 'if' && nestedHelper !== 'unless') {
          throw new Unmappable(`an {{else ${nestedHelper} …}} chain`);
        }
        // The chained block's open strip is the `{{else if}}` tag's.
        out += this.ifBlock({ ...nested, openStrip: node.inverseStrip }, frames, 'elif');
        return keyword === 'elif' ? out : out + tag('{%', ' endif ', '%}', node.closeStrip);
      }
      out += tag('{%', ' else ', '%}', node.inverseStrip);
      out += this.program(inverse, frames);
    }
    return keyword === 'elif' ? out : out + tag('{%', ' endif ', '%}', node.closeStrip);
  }

  private eachBlock(node: hbs.AST.BlockStatement, frames: Frame[]): string {
    const [param, ...more] = node.params;
    if (param === undefined || more.length > 0)
      throw new Unmappable('{{#each}} with more than one list');
    const params = node.program.blockParams ?? [];
    if (params.length > 1) throw new Unmappable('{{#each}} with an index block parameter');
    const list = this.argument(param, frames, false);
    this.loops += 1;
    const name = params[0] ?? (this.loops === 1 ? 'item' : `item${this.loops}`);
    const inner = [...frames, { self: name, params }];
    let out = tag('{%', ` for ${name} in ${list} `, '%}', node.openStrip);
    out += this.program(node.program, inner);
    if (node.inverse !== undefined) {
      out += tag('{%', ' else ', '%}', node.inverseStrip);
      out += this.program(node.inverse, frames);
    }
    this.loops -= 1;
    return out + tag('{%', ' endfor ', '%}', node.closeStrip);
  }

  /** A helper call or a value, as Jinja text. */
  private call(
    path: hbs.AST.PathExpression | hbs.AST.Literal,
    params: Expression[],
    hash: hbs.AST.Hash | undefined,
    frames: Frame[],
  ): string {
    if (hash !== undefined) throw new Unmappable('named arguments (key=value)');
    if (params.length === 0) return this.argument(path as Expression, frames, false);
    const helper = path.type === 'PathExpression' ? (path as Path).original : String(path.type);
    const args = params.map((param) => this.argument(param, frames, true));
    const [first = '', second] = args;
    if (OPERATORS[helper] !== undefined && args.length === 2) {
      return `${first} ${OPERATORS[helper]} ${second ?? ''}`;
    }
    if ((helper === 'and' || helper === 'or') && args.length >= 2) return args.join(` ${helper} `);
    if (helper === 'not' && args.length === 1) return `not ${first}`;
    if (FILTERS.has(helper) && args.length === 1) return `${first} | ${helper}`;
    if (helper === 'json' && args.length === 1) return `${first} | ${this.dialect.jsonFilter}`;
    if (helper === 'join' && args.length <= 2) return `${first} | join(${second ?? '", "'})`;
    if (helper === 'default' && args.length === 2)
      return `${first} | default(${second ?? ''}, true)`;
    throw new Unmappable(`the helper call {{${helper} …}}`);
  }

  /** One argument; `nested` parenthesises compound expressions. */
  private argument(node: Expression, frames: Frame[], nested: boolean): string {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as Path, frames);
      case 'StringLiteral':
        return JSON.stringify((node as hbs.AST.StringLiteral).value);
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return String((node as hbs.AST.NumberLiteral).value);
      case 'NullLiteral':
      case 'UndefinedLiteral':
        return 'none';
      case 'SubExpression': {
        const sub = node as hbs.AST.SubExpression;
        const text = this.call(sub.path, sub.params, sub.hash, frames);
        return nested ? `(${text})` : text;
      }
      default:
        throw new Unmappable(`a ${node.type}`);
    }
  }

  private path(path: Path, frames: Frame[]): string {
    if (path.data) {
      const [name = '', ...rest] = path.parts;
      if (name === 'root' || path.original.startsWith('@root')) return dotted(rest, path);
      const mapped = DATA_VARIABLES[name];
      if (mapped === undefined || rest.length > 0 || path.depth > 0 || frames.length < 2) {
        throw new Unmappable(`the data variable {{${path.original}}}`);
      }
      return mapped;
    }
    const [head] = path.parts;
    if (
      path.depth === 0 &&
      head !== undefined &&
      frames.some((frame) => frame.params.includes(head))
    ) {
      return dotted(path.parts, path);
    }
    const frame = frames[frames.length - 1 - path.depth] ?? frames[0];
    const self = frame?.self ?? null;
    if (path.parts.length === 0) {
      if (self === null) throw new Unmappable(`{{${path.original}}} outside a loop`);
      return self;
    }
    return self === null ? dotted(path.parts, path) : `${self}.${dotted(path.parts, path)}`;
  }

  private rawText(program: Program | undefined): string {
    return (program?.body ?? [])
      .map((node) =>
        node.type === 'ContentStatement' ? (node as hbs.AST.ContentStatement).value : '',
      )
      .join('');
  }

  private refuse(node: Node, construct: string): AppError {
    const line = node.loc?.start.line ?? null;
    return new AppError(
      'export_rule',
      `${this.format} export cannot express ${construct} (${this.where}, line ${line ?? '?'})`,
      { rule: this.format.toLowerCase(), construct, where: this.where, line },
    );
  }
}

function dotted(parts: readonly string[], path: Path): string {
  if (parts.length === 0) throw new Unmappable(`the path {{${path.original}}}`);
  return parts
    .map((part, index) => {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) return index === 0 ? part : `.${part}`;
      if (index > 0 && /^\d+$/.test(part)) return `[${part}]`;
      throw new Unmappable(`the path {{${path.original}}}`);
    })
    .join('');
}

function tag(
  open: string,
  body: string,
  close: string,
  strip: hbs.AST.StripFlags | undefined,
): string {
  return `${open}${strip?.open ? '-' : ''}${body}${strip?.close ? '-' : ''}${close}`;
}

/** Text for a Jinja-like template: text that would read as a tag goes into a raw block. */
function literal(text: string): string {
  if (!/\{[{%#]/.test(text)) return text;
  if (/\{%-?\s*endraw/.test(text)) throw new Unmappable('text holding {% endraw %}');
  return `{% raw %}${text}{% endraw %}`;
}
