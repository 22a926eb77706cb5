// Expression readers for the two Jinja-like syntaxes, each on its own project's parser:
// @huggingface/jinja for Jinja2 (Prompty), nunjucks' parser for Nunjucks (promptfoo).
import { parse as parseJinja, tokenize as tokenizeJinja } from '@huggingface/jinja';
import { parse as parseNunjucks } from 'nunjucks/src/parser';
import { OPERATOR_HELPERS, Unmappable, filterCall, type TemplateExpr } from './templateExpression';

/** One Jinja-like syntax: its name, a whole-template check and an expression reader. */
export interface JinjaDialect {
  name: 'Jinja2' | 'Nunjucks';
  /** Throws the parser's own error when the template does not parse. */
  check(source: string): void;
  /** Reads the text of one `{{ … }}` or of an `if`/`for` head as an expression. */
  read(inner: string): TemplateExpr;
  /** The filter that prints JSON indented by 2, for exports. */
  jsonFilter: string;
}

interface HfNode {
  type: string;
  value?: unknown;
  [key: string]: unknown;
}

const LITERAL_NAMES: Readonly<Record<string, boolean | null>> = {
  true: true,
  True: true,
  false: false,
  False: false,
  none: null,
  None: null,
};

/** Jinja2, read by @huggingface/jinja. */
export const JINJA2: JinjaDialect = {
  name: 'Jinja2',
  check(source) {
    parseJinja(tokenizeJinja(source));
  },
  read(inner) {
    const program = parseJinja(tokenizeJinja(`{{ ${inner} }}`)) as unknown as { body: HfNode[] };
    const [node, ...rest] = program.body;
    if (node === undefined || rest.length > 0) throw new Unmappable(`the expression '${inner}'`);
    return fromHf(node);
  },
  jsonFilter: 'tojson(indent=2)',
};

function fromHf(node: HfNode): TemplateExpr {
  switch (node.type) {
    case 'Identifier': {
      const name = String(node.value);
      return Object.hasOwn(LITERAL_NAMES, name)
        ? { kind: 'literal', value: LITERAL_NAMES[name] ?? null }
        : { kind: 'path', parts: [name] };
    }
    case 'StringLiteral':
    case 'IntegerLiteral':
    case 'FloatLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return { kind: 'literal', value: node.value as string | number | boolean };
    case 'MemberExpression': {
      const object = fromHf(node['object'] as HfNode);
      const property = node['property'] as HfNode;
      if (object.kind !== 'path') throw new Unmappable('a member of a computed value');
      const key =
        node['computed'] === true
          ? property.type === 'StringLiteral' || property.type === 'IntegerLiteral'
            ? String(property.value)
            : null
          : property.type === 'Identifier'
            ? String(property.value)
            : null;
      if (key === null) throw new Unmappable('a computed member [ … ]');
      return { kind: 'path', parts: [...object.parts, key] };
    }
    case 'BinaryExpression': {
      const operator = String((node['operator'] as HfNode).value);
      const helper = OPERATOR_HELPERS[operator];
      if (helper === undefined) throw new Unmappable(`the operator '${operator}'`);
      return {
        kind: 'call',
        helper,
        args: [fromHf(node['left'] as HfNode), fromHf(node['right'] as HfNode)],
      };
    }
    case 'UnaryExpression': {
      const operator = String((node['operator'] as HfNode).value);
      if (operator !== 'not') throw new Unmappable(`the operator '${operator}'`);
      return { kind: 'call', helper: 'not', args: [fromHf(node['argument'] as HfNode)] };
    }
    case 'FilterExpression': {
      const filter = node['filter'] as HfNode;
      const value = fromHf(node['operand'] as HfNode);
      if (filter.type === 'Identifier') return filterCall(String(filter.value), value, []);
      const callee = filter['callee'] as HfNode;
      const args = (filter['args'] as HfNode[]).filter(
        (arg) => arg.type !== 'KeywordArgumentExpression' || !isIndentTwo(arg),
      );
      return filterCall(String(callee.value), value, args.map(fromHf));
    }
    case 'TestExpression':
      throw new Unmappable(`the test 'is ${String((node['test'] as HfNode).value)}'`);
    case 'CallExpression':
      throw new Unmappable('a function call');
    case 'Ternary':
      throw new Unmappable('an inline if … else');
    default:
      throw new Unmappable(`a ${node.type}`);
  }
}

/** `tojson(indent=2)` is what our `json` helper prints; other keyword arguments are refused. */
function isIndentTwo(arg: HfNode): boolean {
  const key = arg['key'] as HfNode;
  const value = arg['value'] as HfNode;
  return key.value === 'indent' && value.value === 2;
}

interface NjNode {
  typename: string;
  value?: unknown;
  children?: NjNode[];
  [key: string]: unknown;
}

/** Nunjucks, read by nunjucks' own parser. */
export const NUNJUCKS: JinjaDialect = {
  name: 'Nunjucks',
  check(source) {
    parseNunjucks(source);
  },
  read(inner) {
    const root = parseNunjucks(`{{ ${inner} }}`) as NjNode;
    const output = root.children?.[0];
    const node = output?.children?.[0];
    if (root.children?.length !== 1 || output?.children?.length !== 1 || node === undefined) {
      throw new Unmappable(`the expression '${inner}'`);
    }
    return fromNunjucks(node);
  },
  jsonFilter: 'dump(2)',
};

function fromNunjucks(node: NjNode): TemplateExpr {
  switch (node.typename) {
    case 'Symbol': {
      const name = String(node.value);
      return Object.hasOwn(LITERAL_NAMES, name)
        ? { kind: 'literal', value: LITERAL_NAMES[name] ?? null }
        : { kind: 'path', parts: [name] };
    }
    case 'Literal':
      return { kind: 'literal', value: node.value as string | number | boolean | null };
    case 'LookupVal': {
      const target = fromNunjucks(node['target'] as NjNode);
      const key = node['val'] as NjNode;
      if (target.kind !== 'path' || key.typename !== 'Literal') {
        throw new Unmappable('a computed member [ … ]');
      }
      return { kind: 'path', parts: [...target.parts, String(key.value)] };
    }
    case 'Compare': {
      const ops = node['ops'] as NjNode[];
      const op = ops[0];
      const helper = op === undefined ? undefined : OPERATOR_HELPERS[String(op['type'])];
      if (ops.length !== 1 || op === undefined || helper === undefined) {
        throw new Unmappable(
          `the comparison '${ops.map((each) => String(each['type'])).join(' ')}'`,
        );
      }
      return {
        kind: 'call',
        helper,
        args: [fromNunjucks(node['expr'] as NjNode), fromNunjucks(op['expr'] as NjNode)],
      };
    }
    case 'And':
    case 'Or':
      return {
        kind: 'call',
        helper: node.typename === 'And' ? 'and' : 'or',
        args: [fromNunjucks(node['left'] as NjNode), fromNunjucks(node['right'] as NjNode)],
      };
    case 'Not':
      return { kind: 'call', helper: 'not', args: [fromNunjucks(node['target'] as NjNode)] };
    case 'Filter': {
      const [value, ...args] = (node['args'] as NjNode).children ?? [];
      if (value === undefined) throw new Unmappable('a filter without a value');
      const name = String((node['name'] as NjNode).value);
      // dump(2) is what our json helper prints.
      const kept = name === 'dump' ? [] : args;
      return filterCall(name, fromNunjucks(value), kept.map(fromNunjucks));
    }
    case 'FunCall':
      throw new Unmappable('a function call');
    case 'InlineIf':
      throw new Unmappable('an inline if … else');
    default:
      throw new Unmappable(`a ${node.typename}`);
  }
}
