// Checks the partials a template reaches before it runs: every one exists and none includes itself.
import { AppError } from '../errors';
import { inlinePartialNames, isPartialNode, staticPartialName, visitNodes } from './astNodes';
import { parseTemplate, rangeOf, type TemplateAst } from './parse';

/** The special name Handlebars gives the body of a `{{#> layout}}…{{/layout}}` call. */
export const PARTIAL_BLOCK_NAME = '@partial-block';

/** One static `{{> name}}` reference with where it appears. */
export interface PartialReference {
  name: string;
  line: number;
  column: number;
  /** `{{#> name}}…{{/name}}` renders its own body when the partial is absent. */
  hasFallback: boolean;
}

const referenceCache = new WeakMap<TemplateAst, readonly PartialReference[]>();

/** Static partial references of a tree, in source order (dynamic `{{> (expr)}}` ones are skipped). */
export function partialReferences(ast: TemplateAst): readonly PartialReference[] {
  const cached = referenceCache.get(ast);
  if (cached) return cached;
  const inline = inlinePartialNames(ast);
  const found: PartialReference[] = [];
  visitNodes(ast, (node) => {
    if (!isPartialNode(node)) return;
    const name = staticPartialName(node);
    if (name === undefined || name === PARTIAL_BLOCK_NAME || inline.has(name)) return;
    const { line, column } = rangeOf(node);
    found.push({ name, line, column, hasFallback: node.type === 'PartialBlockStatement' });
  });
  // Cached trees are shared by every render of the same source; their references never change.
  referenceCache.set(ast, found);
  return found;
}

/**
 * Walks the partials reachable from `ast`. Throws `template_render` for a missing partial
 * ("The partial 'x' could not be found") or a cycle ("Partial 'a' includes itself (a → b → a)"),
 * and `template_syntax` for a partial that does not parse. `parse` lets the renderer reuse its
 * compile cache; the default is the parser alone.
 */
export function checkPartialGraph(
  ast: TemplateAst,
  partials: Readonly<Record<string, string>>,
  parse: (source: string, name: string) => TemplateAst = parseTemplate,
): void {
  const done = new Set<string>();
  const trail: string[] = [];

  const visit = (tree: TemplateAst, from: string | undefined): void => {
    for (const ref of partialReferences(tree)) {
      const source = Object.hasOwn(partials, ref.name) ? partials[ref.name] : undefined;
      if (source === undefined) {
        if (ref.hasFallback) continue;
        const where = from === undefined ? {} : { in: from };
        throw new AppError('template_render', `The partial '${ref.name}' could not be found`, {
          partial: ref.name,
          line: ref.line,
          column: ref.column,
          ...where,
        });
      }
      if (trail.includes(ref.name)) {
        const cycle = [...trail.slice(trail.indexOf(ref.name)), ref.name];
        throw new AppError(
          'template_render',
          `Partial '${ref.name}' includes itself (${cycle.join(' → ')})`,
          { partial: ref.name, cycle },
        );
      }
      if (done.has(ref.name)) continue;
      trail.push(ref.name);
      visit(parse(source, ref.name), ref.name);
      trail.pop();
      done.add(ref.name);
    }
  };
  visit(ast, undefined);
}
