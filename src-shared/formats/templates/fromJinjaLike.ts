// Jinja2 (Prompty) and Nunjucks (promptfoo) templates to Handlebars: variables, filters that
// are our helpers, if/elif/else, for loops and comments; anything else is refused with its line.
import { AppError } from '../../errors';
import type { JinjaDialect } from './jinjaDialects';
import { scanJinjaTags, type JinjaTag } from './tagScanner';
import {
  Unmappable,
  handlebarsArgument,
  handlebarsCall,
  type TemplateExpr,
} from './templateExpression';

interface OpenBlock {
  keyword: 'if' | 'for';
  /** The Handlebars helper that closes it. */
  helper: 'if' | 'unless' | 'each';
  line: number;
  loopVar?: string;
}

const LOOP_DATA: Readonly<Record<string, string>> = {
  index0: '@index',
  first: '@first',
  last: '@last',
};

/**
 * Converts a Jinja-like template to Handlebars. The text between tags is kept byte for byte;
 * `-` whitespace markers become `~`. Inside a loop, variables from outside it are read through
 * `@root` (a Handlebars loop changes the context; a Jinja loop does not). Throws
 * AppError('invalid_input') naming the construct and its line; `where` names the template.
 */
export function jinjaLikeToHandlebars(
  source: string,
  dialect: JinjaDialect,
  where: string,
): string {
  try {
    // Raw blocks are literal text (our scanner keeps them); not every parser knows them.
    dialect.check(source.replace(/\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}/g, ''));
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `${where}: not a valid ${dialect.name} template (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const { texts, tags } = scanJinjaTags(source, where);
  const blocks: OpenBlock[] = [];
  let out = '';
  tags.forEach((tag, index) => {
    out += literalText(texts[index] ?? '', tag, where, dialect);
    out += convertTag(tag, blocks, dialect, where);
  });
  const last = texts[texts.length - 1] ?? '';
  out += literalText(last, undefined, where, dialect);
  const open = blocks.pop();
  if (open !== undefined) {
    throw refusal(dialect, where, `an unclosed {% ${open.keyword} %}`, open.line);
  }
  return out;
}

function convertTag(
  tag: JinjaTag,
  blocks: OpenBlock[],
  dialect: JinjaDialect,
  where: string,
): string {
  const wrap = (body: string) =>
    `{{${tag.trimBefore ? '~' : ''}${body}${tag.trimAfter ? '~' : ''}}}`;
  try {
    if (tag.kind === 'comment') {
      if (tag.inner.includes('--}}')) throw new Unmappable('a comment holding --}}');
      return wrap(`!--${tag.inner}--`);
    }
    if (tag.kind === 'output') {
      const expr = scoped(dialect.read(tag.inner), blocks);
      if (expr.kind === 'literal') throw new Unmappable('a literal printed on its own');
      return wrap(expr.kind === 'call' ? handlebarsCall(expr) : handlebarsArgument(expr));
    }
    const keyword = /^[A-Za-z_]\w*/.exec(tag.inner)?.[0] ?? tag.inner;
    const rest = tag.inner.slice(keyword.length).trim();
    switch (keyword) {
      case 'if': {
        const test = scoped(dialect.read(rest), blocks);
        const negated = test.kind === 'call' && test.helper === 'not' && test.args.length === 1;
        const helper = negated ? 'unless' : 'if';
        blocks.push({ keyword: 'if', helper, line: tag.line });
        return wrap(
          `#${helper} ${handlebarsArgument(negated ? (test.args[0] as TemplateExpr) : test)}`,
        );
      }
      case 'elif': {
        if (blocks[blocks.length - 1]?.keyword !== 'if')
          throw new Unmappable('an {% elif %} outside {% if %}');
        return wrap(`else if ${handlebarsArgument(scoped(dialect.read(rest), blocks))}`);
      }
      case 'else':
        if (blocks.length === 0) throw new Unmappable('an {% else %} outside a block');
        return wrap('else');
      case 'endif':
      case 'endfor': {
        const open = blocks.pop();
        if (open === undefined || `end${open.keyword}` !== keyword) {
          throw new Unmappable(`an {% ${keyword} %} that closes nothing`);
        }
        return wrap(`/${open.helper}`);
      }
      case 'for': {
        const head = /^([A-Za-z_]\w*)\s+in\s+([\s\S]+)$/.exec(rest);
        if (head === null) throw new Unmappable(`the loop {% for ${rest} %}`);
        const [, name = '', iterable = ''] = head;
        if (/\s(if|recursive)\s|\srecursive$/.test(` ${iterable} `)) {
          throw new Unmappable(`the loop {% for ${rest} %}`);
        }
        const list = scoped(dialect.read(iterable), blocks);
        blocks.push({ keyword: 'for', helper: 'each', line: tag.line, loopVar: name });
        return wrap(`#each ${handlebarsArgument(list)} as |${name}|`);
      }
      default:
        throw new Unmappable(`the {% ${keyword} %} statement`);
    }
  } catch (error) {
    if (error instanceof Unmappable) throw refusal(dialect, where, error.construct, tag.line);
    throw error;
  }
}

/** Rewrites paths for the Handlebars scope: loop data, loop variables, outer variables. */
function scoped(expr: TemplateExpr, blocks: readonly OpenBlock[]): TemplateExpr {
  if (expr.kind === 'literal') return expr;
  if (expr.kind === 'call') return { ...expr, args: expr.args.map((arg) => scoped(arg, blocks)) };
  const loops = blocks.filter((block) => block.loopVar !== undefined);
  if (loops.length === 0) return expr;
  const [first = '', ...rest] = expr.parts;
  if (loops.some((block) => block.loopVar === first)) return expr;
  if (first === 'loop') {
    const data = rest.length === 1 ? LOOP_DATA[rest[0] ?? ''] : undefined;
    if (data === undefined) throw new Unmappable(`loop.${rest.join('.')}`);
    return { kind: 'path', parts: [data] };
  }
  return { kind: 'path', parts: ['@root', ...expr.parts] };
}

/** Literal text for Handlebars: text holding `{{` goes into a raw block. */
function literalText(
  text: string,
  next: JinjaTag | undefined,
  where: string,
  dialect: JinjaDialect,
): string {
  if (next !== undefined && text.endsWith('\\')) {
    throw refusal(dialect, where, 'a backslash right before a tag', next.line);
  }
  if (!text.includes('{{')) return text;
  if (text.includes('{{{{/raw}}}}') || text.endsWith('\\')) {
    throw refusal(dialect, where, 'text holding {{{{/raw}}}}', next?.line ?? 0);
  }
  return `{{{{raw}}}}${text}{{{{/raw}}}}`;
}

function refusal(dialect: JinjaDialect, where: string, construct: string, line: number): AppError {
  return new AppError(
    'invalid_input',
    `${where}: ${dialect.name} ${construct} has no Handlebars equivalent (line ${line})`,
    { construct, line, syntax: dialect.name },
  );
}
