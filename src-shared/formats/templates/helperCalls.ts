// Lists the helper calls of a Handlebars template with their lines, for checking that a template
// from another Handlebars dialect (Dotprompt) uses only helpers both sides have.
import { parseWithoutProcessing } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { childrenOf, hasArguments, isPath } from '../../template/astNodes';

/** A helper named in a template, where it is, and whether it opens a block. */
export interface HelperCall {
  name: string;
  line: number;
  block: boolean;
  node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;
}

/**
 * Every call with arguments or a block, plus argument-less mustaches whose name is in
 * `bareHelpers` (helpers called without arguments, such as Dotprompt's `{{history}}`).
 */
export function helperCalls(source: string, bareHelpers: ReadonlySet<string>): HelperCall[] {
  const calls: HelperCall[] = [];
  const stack: hbs.AST.Node[] = [parseWithoutProcessing(source)];
  while (stack.length > 0) {
    const node = stack.pop() as hbs.AST.Node;
    if (
      node.type === 'MustacheStatement' ||
      node.type === 'BlockStatement' ||
      node.type === 'SubExpression'
    ) {
      const call = node as hbs.AST.MustacheStatement;
      const block = node.type === 'BlockStatement';
      if (
        isPath(call.path) &&
        (block || hasArguments(call) || bareHelpers.has(call.path.original))
      ) {
        calls.push({ name: call.path.original, line: node.loc.start.line, block, node: call });
      }
    }
    stack.push(...childrenOf(node).reverse());
  }
  return calls.sort((a, b) => a.line - b.line);
}
