// Runs templates by turning their syntax tree into a tree of closures: no code is generated,
// so the page (whose CSP forbids generated code) can render exactly as the Node side does.
//
// The semantics are Handlebars 4's as our engine configures it (engine.ts: strict lookups,
// noEscape, text concatenation, a closed helper set, bare names read as data, own properties
// only). differential tests hold the two to the same output and errors.
import { AppError } from '../errors';
import { variableName, visitNodes } from './astNodes';
import type { TemplateAst } from './parse';
import {
  BUILT_IN_HELPER_NAMES,
  HELPER_HOOK_NAMES,
  isTruthy,
  lookupOwnProperty,
  TEMPLATE_HELPERS,
} from './templateHelpers';
import { stringifyTemplateValue } from './templateValues';

/** Longest output, and deepest chain of library partials, one render may reach. */
export interface InterpreterLimits {
  maxOutput: number;
  maxPartialDepth: number;
}

/** Data variables (`@index`, `@root`, …) as Handlebars keeps them: a chain of frames. */
type DataFrame = Record<string, unknown>;

/** A partial as a scope can call it: library partials run fresh, inline ones in their scope. */
type PartialEntry = (context: unknown, data: DataFrame, call: PartialCall) => string;

type PartialTable = Readonly<Record<string, PartialEntry>>;

/** What every scope of one render shares. */
interface Render {
  sources: Readonly<Record<string, string>>;
  parse: (source: string, partial: string) => TemplateAst;
  library: PartialTable;
  limits: InterpreterLimits;
  trail: string[];
  produced: number;
}

/** Where a piece of template runs: the context stack, data frame, block params and partials. */
interface Scope {
  context: unknown;
  /** The contexts entered so far, newest first (`../` reads one up); kept when `../` is used. */
  depths: Chain<unknown>;
  data: DataFrame;
  /** Block parameter values of the enclosing programs, innermost first; kept when used. */
  params: Chain<readonly unknown[] | undefined> | undefined;
  partials: PartialTable;
  render: Render;
  /** The library partial whose source is running (undefined: the template itself). */
  site: string | undefined;
}

/** A stack as a linked list: entering a block adds one link instead of copying an array. */
interface Chain<T> {
  value: T;
  parent: Chain<T> | undefined;
}

function nth<T>(chain: Chain<T> | undefined, index: number): T | undefined {
  let link = chain;
  for (let step = index; link && step > 0; step -= 1) link = link.parent;
  return link?.value;
}

/** How a partial is called: its indent and the body of a `{{#> x}}…{{/x}}` call. */
interface PartialCall {
  indent: string;
  block: Program | undefined;
  caller: Scope;
}

type Piece = (scope: Scope) => string;
type Value = (scope: Scope) => unknown;

/** A compiled program: its pieces, the inline partials it declares, what its template tracks. */
interface Program {
  run(scope: Scope): string;
  inline: readonly { name: string; body: Program }[];
  /** The template reads `../`: entering a block with a new context remembers the old one. */
  tracksDepths: boolean;
  /** The template declares block params: every program entered adds a level, as Handlebars does. */
  tracksParams: boolean;
}

/** A construct the interpreter does not run (a decorator other than `*inline`): located. */
class UnsupportedConstruct extends Error {
  constructor(
    readonly construct: string,
    readonly loc: hbs.AST.SourceLocation | undefined,
  ) {
    super(construct);
  }
}

/** A template Handlebars would refuse to compile: reported as a located render error. */
class CompileFailure extends Error {
  constructor(
    message: string,
    readonly loc: hbs.AST.SourceLocation,
  ) {
    super(message);
  }
}

/** Only inline partial definitions run; other decorators would change the program itself. */
const DECORATOR_ADVICE = 'only {{#*inline "name"}}…{{/inline}} partial definitions are supported';

/** Options Handlebars passes helpers; ours read name, loc, fn and hash. */
interface HelperOptions {
  name: string;
  hash: Record<string, unknown>;
  loc: hbs.AST.SourceLocation;
  data: DataFrame;
  fn?: (context: unknown) => string;
  inverse?: (context: unknown) => string;
  lookupProperty: (parent: unknown, name: string) => unknown;
}

type HelperFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Names that are helpers even without arguments: the built-ins and Handlebars' hooks. */
const NEVER_DATA: ReadonlySet<string> = new Set([...BUILT_IN_HELPER_NAMES, ...HELPER_HOOK_NAMES]);
const NULL_CONTEXT = Object.seal({});

function isKnownHelper(name: string): boolean {
  return NEVER_DATA.has(name) || Object.hasOwn(TEMPLATE_HELPERS, name);
}

// ---------------------------------------------------------------- property access

/** Handlebars' own-property lookup: a missing parent is a TypeError (reported as missing). */
function lookupProperty(parent: unknown, name: string): unknown {
  if (parent === undefined || parent === null) throw new PathMiss();
  const value = (parent as Record<string, unknown>)[name];
  if (value === undefined || value === null) return value;
  return Object.prototype.hasOwnProperty.call(parent, name) ? value : undefined;
}

/**
 * Strict mode's last step: the parent must be an object that has the name. Handlebars asks
 * `name in parent`; the contexts it sees have no prototypes, and the interpreter's may have
 * Object's, so own properties are what count here.
 */
function strictProperty(parent: unknown, name: string): unknown {
  if (typeof parent !== 'object' || parent === null) throw new PathMiss();
  if (!Object.prototype.hasOwnProperty.call(parent, name)) throw new PathMiss();
  return (parent as Record<string, unknown>)[name];
}

/** A path read failed; the path's compiled reader turns it into a located AppError. */
class PathMiss extends Error {}

/**
 * A data frame for a nested block: its parent's variables, and the parent as `@../`. Frames are
 * plain objects (fast to copy); every read of them checks own properties.
 */
function createFrame(data: DataFrame): DataFrame {
  const frame: DataFrame = {};
  for (const key of Object.keys(data)) frame[key] = data[key];
  frame['_parent'] = data;
  return frame;
}

function rootFrame(context: unknown): DataFrame {
  return { root: context };
}

// ---------------------------------------------------------------- errors

function where(scope: Scope): { partial?: string } {
  return scope.site === undefined ? {} : { partial: scope.site };
}

function position(loc: hbs.AST.SourceLocation): { line: number; column: number } {
  return { line: loc.start.line, column: loc.start.column + 1 };
}

function missingVariable(path: hbs.AST.PathExpression, scope: Scope): AppError {
  const variable = variableName(path);
  return new AppError('template_render', `Could not find variable '${variable}'`, {
    ...where(scope),
    variable,
    ...position(path.loc),
  });
}

function unknownHelper(path: hbs.AST.PathExpression, scope: Scope): AppError {
  return new AppError('template_render', `Unknown helper '${path.original}'`, {
    ...where(scope),
    helper: path.original,
    ...position(path.loc),
  });
}

function helperFailure(message: string, scope: Scope): AppError {
  return new AppError('template_render', message, where(scope));
}

function cannotRender(scope: Scope): AppError {
  return new AppError('template_render', 'The template could not be rendered.', where(scope));
}

/** The error for a partial called `limit` partials deep (`trail` names the ones running). */
export function partialsTooDeep(trail: readonly string[], name: string, limit: number): AppError {
  return new AppError(
    'template_render',
    `Partials nest more than ${limit} levels deep (${[...trail.slice(-3), name].join(' → ')} …)`,
    { partial: name, limit },
  );
}

/** The error for output longer than `limit` characters. */
export function outputTooLarge(limit: number): AppError {
  return new AppError('too_large', `The rendered prompt is longer than ${limit} characters.`, {
    limit,
  });
}

// ---------------------------------------------------------------- compiling

/** Lexical state while compiling: the block parameter names of the enclosing programs. */
interface CompileState {
  params: (readonly string[] | undefined)[];
  tracksDepths: boolean;
  tracksParams: boolean;
}

function blockParamIndex(state: CompileState, name: string): [number, number] | undefined {
  for (let depth = 0; depth < state.params.length; depth += 1) {
    const names = state.params[depth];
    const index = names ? names.indexOf(name) : -1;
    if (index >= 0) return [depth, index];
  }
  return undefined;
}

function isScoped(path: hbs.AST.PathExpression): boolean {
  return /^\.|this\b/.test(path.original);
}

function isSimpleId(path: hbs.AST.PathExpression): boolean {
  return path.parts.length === 1 && !isScoped(path) && !path.depth;
}

type CallKind = 'helper' | 'data';

/** Handlebars' classifySexpr with our compiler's rule that an ambiguous name is data. */
function classify(node: CallNode, state: CompileState): CallKind {
  const path = pathOf(node);
  const simple = isSimpleId(path);
  if (simple && blockParamIndex(state, path.parts[0] as string)) return 'data';
  const withArguments =
    node.type === 'SubExpression' || node.params.length > 0 || node.hash !== undefined;
  if (withArguments) return 'helper';
  return simple && isKnownHelper(path.parts[0] as string) ? 'helper' : 'data';
}

/** A call's head as a path: Handlebars reads a literal head (`{{"a b"}}`) as a one-part name. */
function pathOf(node: CallNode): hbs.AST.PathExpression {
  if (node.path.type === 'PathExpression') return node.path as hbs.AST.PathExpression;
  const literal = node.path as unknown as { original: unknown; loc: hbs.AST.SourceLocation };
  const name = String(literal.original);
  return {
    type: 'PathExpression',
    data: false,
    depth: 0,
    parts: [name],
    original: name,
    loc: literal.loc,
  } as unknown as hbs.AST.PathExpression;
}

interface CallNode {
  type: string;
  path: hbs.AST.Expression;
  params: hbs.AST.Expression[];
  hash?: hbs.AST.Hash;
  loc: hbs.AST.SourceLocation;
}

/** Compiles a path read; `strict` requires the last part to exist (mustaches, block heads). */
function compilePath(path: hbs.AST.PathExpression, state: CompileState, strict: boolean): Value {
  const parts = path.parts;
  const first = parts[0];
  const blockParam =
    !path.depth && !isScoped(path) && first !== undefined
      ? blockParamIndex(state, first)
      : undefined;
  let start: Value;
  let rest: readonly string[];
  if (blockParam) {
    const [depth, index] = blockParam;
    start = (scope) => nth(scope.params, depth)?.[index];
    rest = parts.slice(1);
    // Handlebars reads block parameter paths without strict mode's last-part check.
    strict = false;
  } else if (first === undefined) {
    // `{{this}}`, `{{.}}`, `{{..}}`: a context itself.
    const depth = path.depth;
    return depth === 0 ? (scope) => scope.context : (scope) => nth(scope.depths, depth);
  } else if (path.data) {
    const depth = path.depth;
    start = (scope) => {
      let data: DataFrame | undefined = scope.data;
      for (let level = depth; data && level > 0; level -= 1) {
        data = data['_parent'] as DataFrame | undefined;
      }
      return data;
    };
    rest = parts;
  } else {
    const depth = path.depth;
    start = depth === 0 ? (scope) => scope.context : (scope) => nth(scope.depths, depth);
    rest = parts;
  }
  if (rest.length === 0) return start;
  const last = rest[rest.length - 1] as string;
  const middle = rest.slice(0, -1);
  if (middle.length === 0) {
    return strict
      ? (scope) => {
          try {
            return strictProperty(start(scope), last);
          } catch (error) {
            throw located(error, path, scope);
          }
        }
      : (scope) => {
          try {
            return lookupProperty(start(scope), last);
          } catch (error) {
            throw located(error, path, scope);
          }
        };
  }
  return (scope) => {
    try {
      let value = start(scope);
      for (const part of middle) value = lookupProperty(value, part);
      return strict ? strictProperty(value, last) : lookupProperty(value, last);
    } catch (error) {
      throw located(error, path, scope);
    }
  };
}

function located(error: unknown, path: hbs.AST.PathExpression, scope: Scope): unknown {
  return error instanceof PathMiss ? missingVariable(path, scope) : error;
}

function compileExpression(node: hbs.AST.Expression, state: CompileState): Value {
  switch (node.type) {
    case 'PathExpression':
      return compilePath(node as hbs.AST.PathExpression, state, false);
    case 'SubExpression':
      return compileHelperCall(node as unknown as CallNode, state, undefined);
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral': {
      const value = (node as hbs.AST.StringLiteral).value;
      return () => value;
    }
    case 'UndefinedLiteral':
      return () => undefined;
    case 'NullLiteral':
      return () => null;
    default:
      throw new UnsupportedConstruct(`the expression type '${node.type}'`, node.loc);
  }
}

function compileHash(hash: hbs.AST.Hash | undefined, state: CompileState) {
  const pairs = (hash?.pairs ?? []).map((pair) => ({
    key: pair.key,
    value: compileExpression(pair.value, state),
  }));
  return (scope: Scope): Record<string, unknown> => {
    const values: Record<string, unknown> = {};
    for (const pair of pairs) values[pair.key] = pair.value(scope);
    return values;
  };
}

/** How a block's programs are handed to what it calls. */
interface BlockPrograms {
  fn: Program | undefined;
  inverse: Program | undefined;
}

/** Runs `program` as the body of a block called from `outer` with a (maybe new) context. */
function invoke(
  program: Program | undefined,
  outer: Scope,
  context: unknown,
  data?: DataFrame,
  params?: readonly unknown[],
): string {
  if (program === undefined) return '';
  let depths = outer.depths;
  if (program.tracksDepths) {
    const current = depths.value;
    // Handlebars compares contexts loosely here.
    if (context != current && !(context === NULL_CONTEXT && current === null)) {
      depths = { value: context, parent: depths };
    }
  }
  const scope: Scope = {
    context,
    depths,
    data: data ?? outer.data,
    params: program.tracksParams ? { value: params, parent: outer.params } : undefined,
    partials: outer.partials,
    render: outer.render,
    site: outer.site,
  };
  return program.run(scope);
}

function helperOptions(
  name: string,
  node: CallNode,
  scope: Scope,
  hash: Record<string, unknown>,
  block: BlockPrograms | undefined,
): HelperOptions {
  const options: HelperOptions = {
    name,
    hash,
    loc: node.loc,
    data: scope.data,
    lookupProperty: lookupOwnProperty,
  };
  if (block) {
    options.fn = (context) => invoke(block.fn, scope, context);
    options.inverse = (context) => invoke(block.inverse, scope, context);
  }
  return options;
}

function compileHelperCall(
  node: CallNode,
  state: CompileState,
  block: BlockPrograms | undefined,
): Value {
  const path = pathOf(node);
  const params = node.params.map((param) => compileExpression(param, state));
  const hash = compileHash(node.hash, state);
  const evaluate = (scope: Scope): unknown[] => params.map((param) => param(scope));
  const name = path.parts[0] as string;
  if (isKnownHelper(name)) return compileKnownHelper(name, node, evaluate, hash, block);
  // Not one of ours: Handlebars' strict mode reads the name as data, and data is never callable.
  const reader = compilePath(path, state, true);
  const withArguments = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
  return (scope) => {
    try {
      reader(scope);
    } catch (error) {
      if (error instanceof AppError && withArguments) {
        throw unknownHelper(path, scope);
      }
      throw error;
    }
    throw cannotRender(scope);
  };
}

function compileKnownHelper(
  name: string,
  node: CallNode,
  evaluate: (scope: Scope) => unknown[],
  hash: (scope: Scope) => Record<string, unknown>,
  block: BlockPrograms | undefined,
): Value {
  // Without a block, Handlebars hands these helpers no programs, and running one fails.
  const programs = block ?? { fn: undefined, inverse: undefined };
  const runnable = (scope: Scope): void => {
    if (!block) throw cannotRender(scope);
  };
  switch (name) {
    case 'if':
    case 'unless': {
      const negate = name === 'unless';
      return (scope) => {
        const values = evaluate(scope);
        const options = hash(scope);
        if (values.length !== 1)
          throw helperFailure(`#${name} requires exactly one argument`, scope);
        runnable(scope);
        const chosen = conditionHolds(values[0], options) !== negate;
        return invoke(chosen ? programs.fn : programs.inverse, scope, selfOf(scope));
      };
    }
    case 'with':
      return (scope) => {
        const values = evaluate(scope);
        hash(scope);
        if (values.length !== 1) throw helperFailure('#with requires exactly one argument', scope);
        runnable(scope);
        const context = values[0];
        if (isEmpty(context)) return invoke(programs.inverse, scope, selfOf(scope));
        return invoke(programs.fn, scope, context, undefined, [context]);
      };
    case 'each':
      return (scope) => {
        const values = evaluate(scope);
        hash(scope);
        if (values.length === 0) throw helperFailure('Must pass iterator to #each', scope);
        runnable(scope);
        return each(values[0], programs, scope, selfOf(scope));
      };
    case 'lookup':
      return (scope) => {
        const values = evaluate(scope);
        hash(scope);
        const [parent, field] = values;
        if (values.length === 0 || (values.length === 1 && parent)) throw cannotRender(scope);
        if (!parent) return parent;
        return lookupOwnProperty(parent, field as string);
      };
    case 'log':
      return (scope) => {
        evaluate(scope);
        hash(scope);
        return '';
      };
    default:
      break;
  }
  const helper = (TEMPLATE_HELPERS as Readonly<Record<string, HelperFunction>>)[name] as
    HelperFunction | undefined;
  if (helper === undefined) {
    // helperMissing / blockHelperMissing: known to Handlebars' compiler, absent at run time.
    return (scope) => {
      throw cannotRender(scope);
    };
  }
  return (scope) => {
    const values = evaluate(scope);
    const options = helperOptions(name, node, scope, hash(scope), block);
    try {
      return helper.call(selfOf(scope), ...values, options);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw cannotRender(scope);
    }
  };
}

/** What a helper sees as `this`: the context, or Handlebars' empty stand-in for nothing. */
function selfOf(scope: Scope): unknown {
  return scope.context ?? NULL_CONTEXT;
}

/** `{{#if}}`: false, empty text, null, undefined, NaN, [] and (unless includeZero) 0 fail. */
function conditionHolds(value: unknown, hash: Record<string, unknown>): boolean {
  if ((!hash['includeZero'] && !value) || isEmpty(value)) return false;
  return true;
}

function isEmpty(value: unknown): boolean {
  if (!value && value !== 0) return true;
  return Array.isArray(value) && value.length === 0;
}

function each(collection: unknown, programs: BlockPrograms, scope: Scope, self: unknown): string {
  let output = '';
  let length = 0;
  if (collection && typeof collection === 'object') {
    const data = createFrame(scope.data);
    const fn = programs.fn;
    const list = Array.isArray(collection);
    // Anything else iterable (never JSON, but helpers may return one) is walked as a list.
    const items: readonly unknown[] | undefined = list
      ? collection
      : typeof (collection as Iterable<unknown>)[Symbol.iterator] === 'function'
        ? Array.from(collection as Iterable<unknown>)
        : undefined;
    const keys = items === undefined ? Object.keys(collection) : undefined;
    length = items ? items.length : (keys as string[]).length;
    for (let index = 0; index < length; index += 1) {
      // Handlebars skips the holes of a sparse list (they still count as items).
      if (list && !(index in (items as unknown[]))) continue;
      const key = keys ? (keys[index] as string) : index;
      const item = items ? items[index] : (collection as Record<string, unknown>)[key];
      data['key'] = key;
      data['index'] = index;
      data['first'] = index === 0;
      data['last'] = index === length - 1;
      output += invoke(fn, scope, item, data, fn?.tracksParams ? [item, key] : undefined);
    }
  }
  if (length === 0) output = invoke(programs.inverse, scope, self);
  return output;
}

/** A block whose head is data (`{{#user}}`, `{{^items}}`): Handlebars' blockHelperMissing. */
function dataBlock(value: unknown, programs: BlockPrograms, scope: Scope): string {
  if (value === true) return invoke(programs.fn, scope, scope.context);
  if (value === false || value === null || value === undefined) {
    return invoke(programs.inverse, scope, scope.context);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return invoke(programs.inverse, scope, scope.context);
    return each(value, programs, scope, scope.context);
  }
  return invoke(programs.fn, scope, value);
}

/** What `{{x}}` prints: nothing for null and undefined, else the stringification rule. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '' : stringifyTemplateValue(value);
}

function compileMustache(node: hbs.AST.MustacheStatement, state: CompileState): Piece {
  const call = node as unknown as CallNode;
  const value =
    classify(call, state) === 'helper'
      ? compileHelperCall(call, state, undefined)
      : compilePath(pathOf(call), state, true);
  return (scope) => text(value(scope));
}

function compileBlock(node: hbs.AST.BlockStatement, state: CompileState): Piece {
  const programs: BlockPrograms = {
    fn: node.program ? compileProgram(node.program, state) : undefined,
    inverse: node.inverse ? compileProgram(node.inverse, state) : undefined,
  };
  const call = node as unknown as CallNode;
  if (classify(call, state) === 'helper') {
    const value = compileHelperCall(call, state, programs);
    return (scope) => text(value(scope));
  }
  const head = compilePath(pathOf(call), state, true);
  return (scope) => dataBlock(head(scope), programs, scope);
}

function compilePartial(
  node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement,
  state: CompileState,
): Piece {
  if (node.params.length > 1) {
    throw new CompileFailure(
      `Unsupported number of partial arguments: ${node.params.length}`,
      node.loc,
    );
  }
  const block =
    node.type === 'PartialBlockStatement' ? compileProgram(node.program, state) : undefined;
  const nameNode = node.name as hbs.AST.Expression;
  const dynamic =
    nameNode.type === 'SubExpression' ? compileExpression(nameNode, state) : undefined;
  const staticName = dynamic
    ? undefined
    : String((nameNode as unknown as { original: unknown }).original);
  const param = node.params[0];
  const contextOf: Value = param ? compileExpression(param, state) : (scope) => scope.context;
  const hash = node.hash ? compileHash(node.hash, state) : undefined;
  const indent = (node as { indent?: string }).indent ?? '';
  return (scope) => {
    // A dynamic name that is falsy names nothing: Handlebars then looks up `undefined`.
    const name = dynamic
      ? stringifyTemplateValue(dynamic(scope) || 'undefined')
      : (staticName as string);
    let context = contextOf(scope);
    if (hash) context = withHash(context, hash(scope));
    let entry: PartialEntry | undefined;
    if (name === '@partial-block') {
      entry = scope.data['partial-block'] as PartialEntry | undefined;
    } else if (Object.hasOwn(scope.partials, name)) {
      entry = scope.partials[name];
    }
    let data = scope.data;
    if (block) {
      // The body of `{{#> layout}}…{{/layout}}` becomes the layout's `@partial-block`; while
      // it runs, the `@partial-block` of its own surroundings is restored.
      const outer = data['partial-block'];
      data = createFrame(data);
      const body: PartialEntry = (bodyContext, bodyData) => {
        const restored = createFrame(bodyData);
        restored['partial-block'] = outer;
        return invoke(block, scope, bodyContext, restored);
      };
      data['partial-block'] = body;
      entry ??= body;
    }
    if (entry === undefined) {
      throw new AppError('template_render', `The partial '${name}' could not be found`, {
        ...where(scope),
        partial: name,
      });
    }
    const output = entry(context, data, { indent, block, caller: scope });
    return indent === '' ? output : indentLines(output, indent);
  };
}

/** `{{> p x=1}}`: the partial sees a copy of the context with the hash values on top. */
function withHash(context: unknown, hash: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const assign = (source: unknown) => {
    if (source === null || source === undefined) return;
    for (const key in source as object) {
      if (Object.prototype.hasOwnProperty.call(source, key)) {
        Object.defineProperty(merged, key, {
          value: (source as Record<string, unknown>)[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  };
  assign(context);
  assign(hash);
  return merged;
}

/** A standalone partial's lines all start with the indent its call had. */
function indentLines(output: string, indent: string): string {
  const lines = output.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    if (!lines[index] && index + 1 === lines.length) break;
    lines[index] = indent + (lines[index] as string);
  }
  return lines.join('\n');
}

function compileStatement(node: hbs.AST.Statement, state: CompileState): Piece | string | null {
  switch (node.type) {
    case 'ContentStatement':
      return (node as hbs.AST.ContentStatement).value;
    case 'CommentStatement':
      return null;
    case 'MustacheStatement':
      return compileMustache(node as hbs.AST.MustacheStatement, state);
    case 'BlockStatement':
      return compileBlock(node as hbs.AST.BlockStatement, state);
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return compilePartial(node as hbs.AST.PartialStatement, state);
    case 'DecoratorBlock':
      // Inline partial definitions are collected by their program; they print nothing.
      return null;
    default:
      throw new UnsupportedConstruct(`the statement type '${node.type}'`, node.loc);
  }
}

function compileProgram(program: hbs.AST.Program, outer: CompileState): Program {
  const state: CompileState = { ...outer, params: [program.blockParams, ...outer.params] };
  const pieces: (Piece | string)[] = [];
  const inline: { name: string; body: Program }[] = [];
  for (const statement of program.body) {
    if (statement.type === 'DecoratorBlock') {
      inline.push(compileInline(statement as unknown as hbs.AST.BlockStatement, state));
      continue;
    }
    if (statement.type === 'Decorator') {
      const name = (statement as unknown as { path: hbs.AST.PathExpression }).path.original;
      throw new UnsupportedConstruct(
        `the decorator '{{*${name}}}' (${DECORATOR_ADVICE})`,
        statement.loc,
      );
    }
    const piece = compileStatement(statement, state);
    if (piece === null) continue;
    const previous = pieces[pieces.length - 1];
    if (typeof piece === 'string' && typeof previous === 'string') {
      pieces[pieces.length - 1] = previous + piece;
    } else {
      pieces.push(piece);
    }
  }
  const run = runnerOf(pieces);
  const tracks = { tracksDepths: state.tracksDepths, tracksParams: state.tracksParams };
  if (inline.length === 0) return { run, inline, ...tracks };
  return {
    inline,
    run: (scope) => run({ ...scope, partials: withInline(scope, inline) }),
    ...tracks,
  };
}

function compileInline(
  node: hbs.AST.BlockStatement,
  state: CompileState,
): { name: string; body: Program } {
  const name = node.params[0] as hbs.AST.StringLiteral | undefined;
  if (node.path.original !== 'inline') {
    throw new UnsupportedConstruct(
      `the block decorator '{{#*${node.path.original}}}' (${DECORATOR_ADVICE})`,
      node.loc,
    );
  }
  if (name?.type !== 'StringLiteral') {
    throw new UnsupportedConstruct(
      `an inline partial without a quoted name ({{#*inline "name"}})`,
      node.loc,
    );
  }
  return { name: name.value, body: compileProgram(node.program, state) };
}

/** The partials of a scope with the inline partials of the program it enters on top. */
function withInline(scope: Scope, inline: Program['inline']): PartialTable {
  const table = Object.create(null) as Record<string, PartialEntry>;
  Object.assign(table, scope.partials);
  // The inline partials see the table they are in: one may call itself or its siblings.
  const defining: Scope = { ...scope, partials: table };
  for (const { name, body } of inline) {
    table[name] = (context, data) => invoke(body, defining, context, data);
  }
  return table;
}

function runnerOf(pieces: readonly (Piece | string)[]): (scope: Scope) => string {
  if (pieces.length === 0) return () => '';
  if (pieces.length === 1) {
    const only = pieces[0] as Piece | string;
    return typeof only === 'string' ? () => only : only;
  }
  return (scope) => {
    let output = '';
    for (const piece of pieces) output += typeof piece === 'string' ? piece : piece(scope);
    return output;
  };
}

// ---------------------------------------------------------------- entry points

/** A template ready to interpret. */
export interface InterpretedTemplate {
  program: Program;
}

/**
 * Turns a parsed template into closures. Throws `template_syntax` for a construct it does not
 * run (details: `construct`, `line`, `column`) and `template_render` for what Handlebars would
 * refuse to compile. `partial` names the source.
 */
export function interpretTree(ast: TemplateAst, partial?: string): InterpretedTemplate {
  try {
    const state: CompileState = { params: [], tracksDepths: false, tracksParams: false };
    visitNodes(ast, (node) => {
      if (node.type === 'PathExpression' && (node as hbs.AST.PathExpression).depth > 0) {
        state.tracksDepths = true;
      }
      if (node.type === 'Program' && (node as hbs.AST.Program).blockParams) {
        state.tracksParams = true;
      }
    });
    return { program: compileProgram(ast, state) };
  } catch (error) {
    const site = partial === undefined ? {} : { partial };
    if (error instanceof UnsupportedConstruct) {
      const at = error.loc ? position(error.loc) : { line: 1, column: 1 };
      const inPartial = partial === undefined ? '' : ` in partial '${partial}'`;
      throw new AppError(
        'template_syntax',
        `Unsupported${inPartial} on line ${at.line}, column ${at.column}: ${error.construct}`,
        { ...site, construct: error.construct, ...at },
      );
    }
    if (!(error instanceof CompileFailure)) throw error;
    throw new AppError('template_render', error.message, { ...site, ...position(error.loc) });
  }
}

const interpreted = new WeakMap<TemplateAst, InterpretedTemplate>();

/** interpretTree, once per tree (parsers cache trees by source, so this follows their cache). */
export function interpretCached(ast: TemplateAst, partial?: string): InterpretedTemplate {
  let template = interpreted.get(ast);
  if (template === undefined) {
    template = interpretTree(ast, partial);
    interpreted.set(ast, template);
  }
  return template;
}

/**
 * Runs `template` with `context` (already a template context: see toInterpreterContext) and the
 * library `partials` by name (parsed with `parse`, which may cache). Errors are AppErrors as
 * renderTemplate throws them.
 */
export function runInterpreted(
  template: InterpretedTemplate,
  context: unknown,
  partials: Readonly<Record<string, string>>,
  limits: InterpreterLimits,
  parse: (source: string, partial: string) => TemplateAst,
): string {
  const render: Render = {
    sources: partials,
    parse,
    library: NO_PARTIALS,
    limits,
    trail: [],
    produced: 0,
  };
  for (const _name in partials) {
    render.library = libraryTable(render);
    break;
  }
  const scope: Scope = {
    context,
    depths: { value: context, parent: undefined },
    data: rootFrame(context),
    params: undefined,
    partials: render.library,
    render,
    site: undefined,
  };
  try {
    return template.program.run(scope);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AppError('template_render', 'The template nests too deeply to render.', {});
    }
    throw error;
  }
}

const NO_PARTIALS: PartialTable = Object.freeze(Object.create(null) as PartialTable);

function libraryTable(render: Render): PartialTable {
  const table = Object.create(null) as Record<string, PartialEntry>;
  for (const name of Object.keys(render.sources)) {
    table[name] = (context, data, call) => runLibraryPartial(render, name, context, data, call);
  }
  return table;
}

function runLibraryPartial(
  render: Render,
  name: string,
  context: unknown,
  data: DataFrame,
  call: PartialCall,
): string {
  const { maxPartialDepth, maxOutput } = render.limits;
  if (render.trail.length >= maxPartialDepth) {
    throw partialsTooDeep(render.trail, name, maxPartialDepth);
  }
  const partial = interpretCached(render.parse(render.sources[name] as string, name), name);
  render.trail.push(name);
  try {
    const scope: Scope = {
      context,
      depths: { value: context, parent: undefined },
      data,
      params: undefined,
      partials: call.caller.partials,
      render,
      site: name,
    };
    if (call.block && call.block.inline.length > 0) {
      scope.partials = withInline(call.caller, call.block.inline);
    }
    const output = partial.program.run(scope);
    render.produced += output.length;
    if (render.produced > maxOutput) throw outputTooLarge(maxOutput);
    return output;
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AppError('template_render', 'The template nests too deeply to render.', {
        partial: name,
      });
    }
    throw error;
  } finally {
    render.trail.pop();
  }
}

/** Truthiness as `{{#if}}` sees it (re-exported for callers that mirror it). */
export { isTruthy };
