// Small typed views over the Handlebars syntax tree shared by extraction, diagnostics and rendering.
import type { TemplateAst } from './parse';

type Node = hbs.AST.Node;

/** A node that calls something: a mustache, a block, a subexpression or a partial. */
export interface CallNode extends Node {
  params: hbs.AST.Expression[];
  hash?: hbs.AST.Hash;
}

/** True when the node is a path expression such as `user.name`, `../x` or `@index`. */
export function isPath(node: Node | undefined): node is hbs.AST.PathExpression {
  return node?.type === 'PathExpression';
}

/** True when a call passes arguments, which makes its head a helper name in Handlebars. */
export function hasArguments(node: CallNode): boolean {
  return node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
}

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const n = node as Partial<{
    body: Node[];
    path: Node;
    name: Node;
    params: Node[];
    hash: hbs.AST.Hash;
    program: Node;
    inverse: Node;
  }>;
  const children: Node[] = [];
  if (n.body) children.push(...n.body);
  if (n.path) children.push(n.path);
  if (n.name && typeof n.name === 'object') children.push(n.name);
  if (n.params) children.push(...n.params);
  if (n.hash) children.push(...n.hash.pairs.map((pair) => pair.value));
  if (n.program) children.push(n.program);
  if (n.inverse) children.push(n.inverse);
  return children;
}

/** Visits every node of the tree, depth first, in source order. */
export function visitNodes(root: TemplateAst, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    visit(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
}

/** A static partial name (`{{> header}}`, `{{> "a b"}}`), or undefined for dynamic ones. */
export function staticPartialName(
  node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement,
): string | undefined {
  const name = node.name as Node;
  if (isPath(name)) return name.original;
  const literal = name as Partial<hbs.AST.StringLiteral>;
  if (literal.type === 'StringLiteral' || literal.type === 'NumberLiteral') {
    return String(literal.value);
  }
  return undefined;
}

/** The variable a path names, as a person would write it: `user.name`, `@root.x` → `x`. */
export function variableName(path: hbs.AST.PathExpression): string {
  const parts = path.data && path.parts[0] === 'root' ? path.parts.slice(1) : path.parts;
  return parts.length === 0 ? 'this' : parts.join('.');
}

const partialCallers = new WeakMap<TemplateAst, boolean>();

/** True when the tree calls a partial (`{{> x}}`, `{{#> x}}`); cached per tree. */
export function callsPartials(ast: TemplateAst): boolean {
  let found = partialCallers.get(ast);
  if (found === undefined) {
    found = false;
    visitNodes(ast, (node) => {
      if (isPartialNode(node)) found = true;
    });
    partialCallers.set(ast, found);
  }
  return found;
}

/** True for the partial statements `{{> x}}` and `{{#> x}}…{{/x}}`. */
export function isPartialNode(
  node: Node,
): node is hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement {
  return node.type === 'PartialStatement' || node.type === 'PartialBlockStatement';
}

/** Names defined by `{{#*inline "name"}}…{{/inline}}` anywhere in the tree. */
export function inlinePartialNames(root: TemplateAst): Set<string> {
  const names = new Set<string>();
  visitNodes(root, (node) => {
    if (node.type !== 'DecoratorBlock') return;
    const block = node as hbs.AST.BlockStatement;
    const first = block.params[0] as Partial<hbs.AST.StringLiteral> | undefined;
    if (block.path.original === 'inline' && first?.type === 'StringLiteral' && first.value) {
      names.add(first.value);
    }
  });
  return names;
}
