// Finds the variables a template reads, from its syntax tree: the names a caller must supply.
import type { Message } from '../model/prompt';
import { hasArguments, isPath, type CallNode } from './astNodes';
import { BUILTIN_HELPER_NAMES, CONTEXT_CHANGING_HELPERS, KNOWN_HELPER_NAMES } from './helperDocs';
import { parseTemplate, type TemplateAst } from './parse';
import { PARTIAL_BLOCK_NAME } from './partialGraph';

type Node = hbs.AST.Node;

/** Where a path is read: how many context changes deep, and which names are bound locally. */
interface Scope {
  depth: number;
  locals: ReadonlySet<string>;
}

/** `this.x`, `./x`: explicit context paths, never block parameters. */
const SCOPED_PATH = /^\.|^this\b/;

/**
 * The root-level variables of `source`, sorted and unique. Includes block parameters
 * (`{{#if show}}` → show, `{{#each items}}` → items) and variables used inside partials; excludes
 * helper and partial names, `this`, `@data` and names read inside `#each`/`#with` bodies (they
 * belong to the item), except `@root.x` and `../x` that climb back to the root.
 */
export function extractVariables(
  source: string,
  partials: Readonly<Record<string, string>> = {},
  options: ExtractOptions = {},
): string[] {
  const parse = options.parse ?? parseTemplate;
  const collector = new VariableCollector(partials, parse);
  collector.program(parse(source), { depth: 0, locals: new Set() }, []);
  return [...collector.names].sort();
}

/** A parser with `parseTemplate`'s contract (same tree, same errors). */
export type TemplateParser = (source: string, partial?: string) => TemplateAst;

/** How `extractVariables` parses the template and its partials. */
export interface ExtractOptions {
  /** Defaults to `parseTemplate`; the editor passes `parseTemplateIncrementally`. */
  parse?: TemplateParser;
}

/** The union of the variables of every message, sorted and unique. */
export function extractMessageVariables(
  messages: readonly Pick<Message, 'content'>[],
  partials: Readonly<Record<string, string>> = {},
): string[] {
  const names = new Set<string>();
  for (const message of messages) {
    for (const name of extractVariables(message.content, partials)) names.add(name);
  }
  return [...names].sort();
}

class VariableCollector {
  readonly names = new Set<string>();

  constructor(
    private readonly partials: Readonly<Record<string, string>>,
    private readonly parse: TemplateParser,
  ) {}

  program(program: TemplateAst, scope: Scope, partialTrail: readonly string[]): void {
    for (const statement of program.body) this.statement(statement, scope, partialTrail);
  }

  private statement(node: Node, scope: Scope, trail: readonly string[]): void {
    switch (node.type) {
      case 'MustacheStatement':
      case 'SubExpression':
        this.call(node as CallNode & { path: Node }, scope);
        return;
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement, scope, trail);
        return;
      case 'DecoratorBlock': {
        // `{{#*inline "name"}}` bodies are read where they are defined, at this scope.
        const block = node as hbs.AST.BlockStatement;
        this.program(block.program, scope, trail);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.partial(node as hbs.AST.PartialBlockStatement, scope, trail);
        return;
      default:
        return; // content, comments, decorators
    }
  }

  /**
   * A mustache, subexpression or block. Its head is a helper when it has arguments or names a
   * helper that is never a variable (`helpers`): built-ins for mustaches, any helper for blocks.
   */
  private call(
    node: CallNode & { path: Node },
    scope: Scope,
    helpers: ReadonlySet<string> = BUILTIN_HELPER_NAMES,
  ): void {
    const head = node.path;
    const isHelper = hasArguments(node) || (isSimpleName(head) && helpers.has(head.original));
    if (isPath(head) && !isHelper) this.path(head, scope);
    for (const param of node.params) this.expression(param, scope);
    for (const pair of node.hash?.pairs ?? []) this.expression(pair.value, scope);
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope, trail: readonly string[]): void {
    this.call(node, scope, KNOWN_HELPER_NAMES);
    const helper = isSimpleName(node.path) ? node.path.original : undefined;
    const changesContext = helper !== undefined && CONTEXT_CHANGING_HELPERS.has(helper);
    if (node.program) {
      const locals = new Set([...scope.locals, ...(node.program.blockParams ?? [])]);
      this.program(node.program, { depth: scope.depth + (changesContext ? 1 : 0), locals }, trail);
    }
    // `{{else}}` of each/with runs in the outer context.
    if (node.inverse) this.program(node.inverse, scope, trail);
  }

  private partial(
    node: hbs.AST.PartialBlockStatement,
    scope: Scope,
    trail: readonly string[],
  ): void {
    if (!isPath(node.name)) this.expression(node.name, scope);
    for (const param of node.params) this.expression(param, scope);
    for (const pair of node.hash?.pairs ?? []) this.expression(pair.value, scope);
    if (node.program) this.program(node.program, scope, trail);

    const name = isPath(node.name) ? node.name.original : undefined;
    if (name === undefined || name === PARTIAL_BLOCK_NAME || trail.includes(name)) return;
    const source = Object.hasOwn(this.partials, name) ? this.partials[name] : undefined;
    if (source === undefined) return;
    // A context argument (`{{> card user}}`) makes the partial read from that object; hash
    // arguments are names the partial receives, not variables the caller must supply.
    const partialScope: Scope = {
      depth: scope.depth + (node.params.length > 0 ? 1 : 0),
      locals: new Set((node.hash?.pairs ?? []).map((pair) => pair.key)),
    };
    this.program(this.parse(source, name), partialScope, [...trail, name]);
  }

  private expression(node: Node, scope: Scope): void {
    if (isPath(node)) this.path(node, scope);
    else if (node.type === 'SubExpression') this.call(node as CallNode & { path: Node }, scope);
  }

  private path(path: hbs.AST.PathExpression, scope: Scope): void {
    if (path.data) {
      const [head, name] = path.parts;
      if (head === 'root' && name !== undefined) this.names.add(name);
      return;
    }
    const head = path.parts[0];
    if (head === undefined) return; // `this`, `.`, `..`
    if (path.depth === 0 && !SCOPED_PATH.test(path.original) && scope.locals.has(head)) return;
    if (scope.depth - path.depth <= 0) this.names.add(head);
  }
}

/** A bare single-segment name such as `upper` (not `./upper`, `this.upper`, `../upper`, `@x`). */
function isSimpleName(path: Node): path is hbs.AST.PathExpression {
  return (
    isPath(path) &&
    !path.data &&
    path.depth === 0 &&
    path.parts.length === 1 &&
    path.original === path.parts[0]
  );
}
