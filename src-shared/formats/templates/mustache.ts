// Mustache (Langfuse prompts) to and from Handlebars: variables, sections (conditionals and
// loops), inverted sections and comments. Mustache is read with Handlebars' own parser, whose
// sections mean the same; anything mustache does not have is refused with its line.
import { parseWithoutProcessing } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { AppError } from '../../errors';
import { toMustache } from '../../export/mustacheTemplate';

type Node = hbs.AST.Node;
type Path = hbs.AST.PathExpression;

/**
 * Checks that a mustache template uses only variables, sections, inverted sections and
 * comments, and returns it as Handlebars: the same text, since Handlebars reads these the
 * same way (and our templates never escape, so `{{x}}` and `{{{x}}}` agree). Throws
 * AppError('invalid_input') naming the construct and its line.
 */
export function mustacheToHandlebars(source: string, where: string): string {
  let program: hbs.AST.Program;
  try {
    program = parseWithoutProcessing(source);
  } catch (error) {
    const construct = /\{\{=/.test(source) ? 'a delimiter change {{= =}}' : 'malformed tags';
    const line = /line (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw refusal(where, construct, line === undefined ? null : Number(line));
  }
  checkProgram(program, where);
  return source;
}

function checkProgram(program: hbs.AST.Program | undefined, where: string): void {
  for (const node of program?.body ?? []) checkNode(node, where);
}

function checkNode(node: Node, where: string): void {
  switch (node.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const mustache = node as hbs.AST.MustacheStatement;
      if (mustache.params.length > 0 || mustache.hash !== undefined) {
        throw refusal(where, 'a tag with spaces in its name', node.loc.start.line);
      }
      checkPath(mustache.path, where);
      return;
    }
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      if (
        block.params.length > 0 ||
        block.hash !== undefined ||
        (block.program?.blockParams?.length ?? 0) > 0
      ) {
        throw refusal(where, 'a section with spaces in its name', node.loc.start.line);
      }
      checkPath(block.path, where);
      if (block.program !== undefined && block.inverse !== undefined) {
        throw refusal(where, 'an {{else}} inside a section', node.loc.start.line);
      }
      checkProgram(block.program, where);
      checkProgram(block.inverse, where);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      throw refusal(where, 'a partial {{> …}}', node.loc.start.line);
    default:
      throw refusal(where, `a ${node.type}`, node.loc?.start.line ?? null);
  }
}

function checkPath(path: Path | hbs.AST.Literal | hbs.AST.SubExpression, where: string): void {
  if (path.type !== 'PathExpression' || (path as Path).data || (path as Path).depth > 0) {
    throw refusal(
      where,
      `the tag {{${(path as Path).original ?? path.type}}}`,
      path.loc.start.line,
    );
  }
}

function refusal(where: string, construct: string, line: number | null): AppError {
  return new AppError(
    'invalid_input',
    `${where}: mustache ${construct} has no Handlebars equivalent (line ${line ?? '?'})`,
    { construct, line, syntax: 'mustache' },
  );
}

/**
 * Handlebars to mustache for Langfuse: LangChain's converter (sections for #if/#each/#unless,
 * partials inlined, helpers refused with their line), with variables as `{{x}}`, which
 * Langfuse's compile fills in without escaping.
 */
export function handlebarsToMustache(
  source: string,
  partials: Readonly<Record<string, string>>,
  where: string,
): string {
  try {
    return toMustache(source, partials, where, { variables: 'double' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'export_rule') {
      throw new AppError('export_rule', error.message.replace('LangChain mustache', 'Langfuse'), {
        ...error.details,
        rule: 'langfuse',
      });
    }
    throw error;
  }
}
