// Test-only: turns what goes wrong while Handlebars' compiled code runs into the clean
// `template_render` errors the interpreter raises, so the two can be compared.
import Handlebars from 'handlebars';
import { AppError } from '../errors';
import {
  childrenOf,
  hasArguments,
  isPath,
  variableName,
  visitNodes,
  type CallNode,
} from '../template/astNodes';
import type { TemplateAst } from '../template/parse';

/** Which source was running: the template itself or one of its partials. */
export interface RenderSite {
  ast: TemplateAst;
  partial?: string;
}

const STRICT_MISS = /^"([^"]*)" not defined in /;
const PROPERTY_OF_PRIMITIVE = /^Cannot use 'in' operator to search for '([^']*)' in /;
const PROPERTY_OF_NOTHING = /^Cannot read properties of (?:undefined|null) \(reading '([^']*)'\)/;
const MISSING_PARTIAL = /^The partial (.+) could not be found$/;

/** Converts anything thrown while `site` ran into an AppError (AppErrors pass through). */
export function toRenderError(error: unknown, site: RenderSite): AppError {
  if (error instanceof AppError) return error;
  const where = site.partial === undefined ? {} : { partial: site.partial };
  if (error instanceof RangeError) {
    return new AppError('template_render', 'The template nests too deeply to render.', where);
  }
  const message = error instanceof Error ? error.message : '';
  const located = error as { lineNumber?: unknown; column?: unknown };

  const strict = STRICT_MISS.exec(message);
  if (strict && typeof located.lineNumber === 'number' && typeof located.column === 'number') {
    return missingAt(site, located.lineNumber, located.column, strict[1] ?? '');
  }
  const property = PROPERTY_OF_PRIMITIVE.exec(message) ?? PROPERTY_OF_NOTHING.exec(message);
  if (property && error instanceof TypeError) {
    return missingProperty(site, property[1] ?? '');
  }
  const partial = MISSING_PARTIAL.exec(message);
  if (partial) {
    return new AppError('template_render', `The partial '${partial[1]}' could not be found`, {
      ...where,
      partial: partial[1],
    });
  }
  if (error instanceof Handlebars.Exception) {
    const position =
      typeof located.lineNumber === 'number' && typeof located.column === 'number'
        ? { line: located.lineNumber, column: located.column + 1 }
        : {};
    return new AppError('template_render', message.replace(/ - \d+:\d+$/, ''), {
      ...where,
      ...position,
    });
  }
  return new AppError('template_render', 'The template could not be rendered.', where);
}

/** Strict mode failed at a path (line 1-based, column 0-based as Handlebars reports it). */
function missingAt(site: RenderSite, line: number, column: number, fallback: string): AppError {
  const where = site.partial === undefined ? {} : { partial: site.partial };
  const position = { line, column: column + 1 };
  let found: hbs.AST.PathExpression | undefined;
  let helperCall = false;
  visitNodes(site.ast, (node) => {
    if (found) return;
    for (const child of childrenOf(node)) {
      // Handlebars' compiler adds location-less nodes (the implicit `this` of `{{> p}}`).
      const start = child.loc?.start;
      if (!isPath(child) || start?.line !== line || start.column !== column) {
        continue;
      }
      found = child;
      const call = node as Partial<CallNode> & { path?: hbs.AST.Node };
      helperCall =
        call.path === child && call.params !== undefined && hasArguments(call as CallNode);
      return;
    }
  });
  if (found && helperCall) {
    return new AppError('template_render', `Unknown helper '${found.original}'`, {
      ...where,
      helper: found.original,
      ...position,
    });
  }
  const variable = found ? variableName(found) : fallback;
  return new AppError('template_render', `Could not find variable '${variable}'`, {
    ...where,
    variable,
    ...position,
  });
}

/** A property was read from text, a number or nothing; name the first path that reads it. */
function missingProperty(site: RenderSite, property: string): AppError {
  const where = site.partial === undefined ? {} : { partial: site.partial };
  let found: hbs.AST.PathExpression | undefined;
  visitNodes(site.ast, (node) => {
    if (!found && isPath(node) && node.parts.indexOf(property) >= 1) found = node;
  });
  if (!found) {
    return new AppError('template_render', `Could not find variable '${property}'`, {
      ...where,
      variable: property,
    });
  }
  const variable = variableName(found);
  return new AppError('template_render', `Could not find variable '${variable}'`, {
    ...where,
    variable,
    line: found.loc.start.line,
    column: found.loc.start.column + 1,
  });
}
